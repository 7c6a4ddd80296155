"""Print a desk's yearly report (the same figures as ``/bilan/<guichet>/``) as CSV."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal.csv import write_csv
from reporting import report
from territories.models import Desk


class Command(BaseCommand):
    help = "Bilan d'activité d'un guichet sur une période (CSV sur la sortie standard)."

    def add_arguments(self, parser):
        parser.add_argument("desk", help="identifiant du guichet, par exemple « lot »")
        parser.add_argument("--du", type=date.fromisoformat, help="AAAA-MM-JJ (1er janvier)")
        parser.add_argument("--au", type=date.fromisoformat, help="AAAA-MM-JJ (31 décembre)")
        parser.add_argument(
            "--public", action="store_true", help="masquer les effectifs de 1 à 4 (vue publique)"
        )

    def handle(self, *args, desk, du, au, public, **options):
        found = Desk.objects.filter(slug=desk).first()
        if found is None:
            raise CommandError(f"Guichet inconnu : {desk}")
        year = timezone.localdate().year
        figures = report.compute(found, du or date(year, 1, 1), au or date(year, 12, 31))
        write_csv(self.stdout, report.csv_rows(figures, exact=not public))
