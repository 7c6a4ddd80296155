"""Import the « Annuaire Santé » practitioner activity extract into ``Professional``."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from structures.importers import import_annuaire_sante


class Command(BaseCommand):
    help = (
        "Importe l'extraction « PS_LibreAcces_Personne_activite » de l'Annuaire Santé "
        "(séparateur « | », ligne d'en-tête) dans les professionnels de santé. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="chemin du fichier .txt ou .csv")
        parser.add_argument(
            "--departement",
            action="append",
            dest="departments",
            default=[],
            help="ne garder que ce département (code INSEE, répétable), ex. --departement 46",
        )
        parser.add_argument("--encoding", default="utf-8-sig")

    def handle(self, *args, path, departments, encoding, **options):
        file = Path(path)
        if not file.exists():
            raise CommandError(f"Fichier introuvable : {file}")
        with file.open(encoding=encoding, newline="") as stream:
            try:
                report = import_annuaire_sante(stream, departments=departments or None)
            except ValueError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(
            f"{report.created} créé(s), {report.updated} mis à jour, "
            f"{report.unchanged} inchangé(s), {len(report.skipped)} ligne(s) ignorée(s)."
        )
        for reason, count in report.skip_reasons.most_common():
            self.stdout.write(f"  {count} × {reason}")
        for line, reason in report.skipped[:50]:
            self.stdout.write(f"  ligne {line} : {reason}", self.style.WARNING)
        if report.ignored_columns:
            self.stdout.write(f"Colonnes non utilisées : {len(report.ignored_columns)}.")
