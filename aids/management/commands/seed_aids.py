from django.core.management.base import BaseCommand
from django.db import transaction

from aids.seed import SCHEMES, seed_schemes


class Command(BaseCommand):
    help = "Crée ou met à jour les dispositifs d'aide de départ, avec leurs sources (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--unpublished",
            action="store_true",
            help="Créer les nouvelles fiches non publiées, pour relecture par l'équipe.",
        )

    def handle(self, *args, unpublished, **options):
        with transaction.atomic():
            created, updated, skipped = seed_schemes(publish=not unpublished)
        self.stdout.write(
            f"Dispositifs : {created} créé(s), {updated} mis à jour, {skipped} ignoré(s) "
            f"(département absent), sur {len(SCHEMES)}."
        )
