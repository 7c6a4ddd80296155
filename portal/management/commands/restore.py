from django.core.management.base import BaseCommand, CommandError

from portal import backup


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde (manage.py backup) dans une base PostgreSQL, créée si elle "
        "n'existe pas, et ses médias dans un dossier. Refuse d'écraser une base ou un dossier "
        "non vide sans --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="Dossier de la sauvegarde.")
        parser.add_argument(
            "--database-url",
            required=True,
            help="Base de destination, par exemple postgres://postgres@127.0.0.1/portal_restore.",
        )
        parser.add_argument(
            "--media-root", required=True, help="Dossier où déposer les fichiers des médias."
        )
        parser.add_argument(
            "--force", action="store_true", help="Écraser une base ou un dossier non vide."
        )

    def handle(self, *args, input, database_url, media_root, force, **options):
        try:
            done = backup.restore(input, database_url, media_root, force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Sauvegarde {input} restaurée dans la base {done['database']} ; "
            f"{done['media_files']} fichier(s) de médias dans {done['media_root']}."
        )
