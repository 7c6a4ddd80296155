from django.core.management.base import BaseCommand
from django.db import transaction

from aids.seed import catalogue_schemes, seed_schemes
from portal.formatting import count_fr


class Command(BaseCommand):
    help = (
        "Crée ou met à jour les dispositifs d'aide du catalogue (aids/catalogue.py), avec leurs "
        "sources, par code stable (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--unpublished",
            action="store_true",
            help="Créer les nouvelles fiches non publiées, pour relecture par l'équipe.",
        )

    def handle(self, *args, unpublished, **options):
        with transaction.atomic():
            schemes = catalogue_schemes()
            created, updated, skipped = seed_schemes(schemes, publish=not unpublished)
        self.stdout.write(
            f"Dispositifs : {count_fr(created, 'ajout', 'ajouts')}, "
            f"{count_fr(updated, 'mise à jour', 'mises à jour')}, "
            f"{count_fr(skipped, 'ignoré', 'ignorés')} (département ou EPCI absent), "
            f"sur {len(schemes)}."
        )
