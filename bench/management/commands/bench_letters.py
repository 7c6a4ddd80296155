"""Time the merged invitation letters for N guests (default 300), as the print task makes
them. Everything it creates is rolled back."""

import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from events import documents
from events.models import Event, Invitation
from territories.models import Commune, Department, Desk
from territories.text import fold


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Mesure le temps de génération des lettres d'invitation (rien n'est conservé)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=300)

    def handle(self, *args, count, **options):
        try:
            with transaction.atomic():
                self._bench(count)
                raise _Rollback
        except _Rollback:
            pass

    def _bench(self, count):
        department, _ = Department.objects.get_or_create(
            code="46", defaults={"name": "Lot", "region_code": "76", "region_name": "Occitanie"}
        )
        commune = Commune.objects.filter(department=department).first() or Commune.objects.create(
            insee_code="46042",
            name="Cahors",
            department=department,
            postal_codes="46000",
            population=19700,
            latitude=44.45,
            longitude=1.44,
        )
        desk = Desk.objects.first() or Desk.objects.create(
            name="Guichet de mesure", slug="mesure", phone="01 99 00 00 00", email="m@x.example"
        )
        start = timezone.now() + timezone.timedelta(days=30)
        event = Event.objects.create(
            title="Soirée d'accueil (mesure)",
            kind="welcome_evening",
            desk=desk,
            starts_at=start,
            ends_at=start + timezone.timedelta(hours=3),
            venue_name="Salle des fêtes",
            commune=commune,
            description="Une soirée pour faire connaissance, autour d'un buffet.",
        )
        Invitation.objects.bulk_create(
            Invitation(
                event=event,
                first_name=f"Prénom{index}",
                last_name=f"Nom{index:04d}",
                search_name=fold(f"Prénom{index} Nom{index:04d}"),
                email=f"mesure{index}@exemple.example",
                profession_label="Médecin généraliste",
                structure_label="Maison de santé de l'Exemple",
            )
            for index in range(count)
        )
        invitations = list(documents.recipients(event, "letters"))
        started = time.perf_counter()
        pdf = documents.make_letters(event, invitations)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{count} lettres : {elapsed:.1f} s ({elapsed / count * 1000:.0f} ms par lettre), "
            f"PDF de {len(pdf) / 1024 / 1024:.1f} Mo"
        )
