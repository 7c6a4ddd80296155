from django.core.management.base import BaseCommand

from installations import checklists


class Command(BaseCommand):
    help = (
        "Crée ou met à jour les modèles de démarches d'installation par profession et mode "
        "d'exercice (rejouable sans effet ; les dossiers existants gardent leurs démarches)."
    )

    def handle(self, *args, **options):
        count = checklists.seed()
        self.stdout.write(f"{count} modèles de démarches à jour.")
