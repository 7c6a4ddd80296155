from django.core.management.base import BaseCommand

from privacy import retention


class Command(BaseCommand):
    help = (
        "Applique les durées de conservation (ce que fait Celery beat chaque nuit) : "
        "supprime les brouillons inactifs, anonymise les dossiers terminés, avertit les "
        "propriétaires de brouillons, efface les adresses IP des accès des partenaires de plus "
        "d'un an et le contenu des e-mails envoyés ou en échec depuis plus de "
        f"{retention.OUTBOX_BODY_RETENTION_DAYS} jours. "
        "Avec --dry-run, dit seulement ce qui serait fait."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Ne rien modifier : afficher ce qui serait fait.",
        )

    def handle(self, *args, dry_run=False, **options):
        outcome = retention.apply_retention(dry_run=dry_run)
        for line in retention.describe(outcome):
            self.stdout.write(line)
