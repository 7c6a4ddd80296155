from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import backup


class Command(BaseCommand):
    help = (
        "Sauvegarde la base PostgreSQL (pg_dump -Fc) et les fichiers des médias dans un "
        "dossier : database.dump, media.tar.gz, manifest.json."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=None,
            help="Dossier de la sauvegarde (nouveau ou vide) ; par défaut var/backups/<date>.",
        )
        parser.add_argument(
            "--database-url",
            default=None,
            help="Base à sauvegarder ; par défaut celle du site (DATABASE_URL).",
        )
        parser.add_argument(
            "--media-root", default=None, help="Dossier des médias ; par défaut MEDIA_ROOT."
        )

    def handle(self, *args, output, database_url, media_root, **options):
        output = output or Path(settings.BASE_DIR) / "var" / "backups" / date.today().isoformat()
        try:
            url = database_url or backup.url_from_settings(settings.DATABASES["default"])
            manifest = backup.backup(url, media_root or settings.MEDIA_ROOT, output)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Sauvegarde écrite dans {output} : base {manifest['database']} "
            f"({manifest['dump_bytes']} octets), {manifest['media_files']} fichier(s) de médias."
        )
