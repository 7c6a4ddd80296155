from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import CaptureQueriesContext

from installations import reminders


class Command(BaseCommand):
    help = "Lance maintenant la relance quotidienne (ce que fait Celery beat chaque matin)."

    def handle(self, *args, **options):
        with CaptureQueriesContext(connection) as queries:
            result = reminders.send_due()
        for rule, count in sorted(result.by_rule.items()):
            self.stdout.write(f"  {rule} : {count}")
        self.stdout.write(
            f"{result.items} élément(s) dû(s), {result.mails} e-mail(s) en file, "
            f"{len(queries.captured_queries)} requêtes SQL, {result.seconds:.2f} s."
        )
