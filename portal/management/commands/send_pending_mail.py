from django.core.management.base import BaseCommand

from portal.mail import deliver_due


class Command(BaseCommand):
    help = "Envoie les messages en attente de la boîte d'envoi (ce que fait la tâche périodique)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args, limit, **options):
        sent = deliver_due(limit=limit)
        self.stdout.write(f"{sent} message(s) envoyé(s).")
