from datetime import timedelta

import factory
from django.utils import timezone

from events.enums import EventKind, EventStatus, InvitationStatus
from events.models import Event, Invitation
from structures.models import (
    Membership,
    Profession,
    Professional,
    ProfessionalSource,
    Structure,
    StructureKind,
)
from territories.text import fold
from tests.territories.factories import CommuneFactory, DeskFactory


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Soirée d'accueil n° {n}")
    kind = EventKind.WELCOME_EVENING
    desk = factory.SubFactory(DeskFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + timedelta(hours=3))
    venue_name = "Salle des fêtes"
    address = "1 place de la Halle"
    commune = factory.SubFactory(CommuneFactory)
    capacity = None
    registration_deadline = None
    is_published = True
    status = EventStatus.PUBLISHED

    class Params:
        draft = factory.Trait(status=EventStatus.DRAFT)
        past = factory.Trait(
            starts_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
        )


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    event = factory.SubFactory(EventFactory)
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    email = factory.Sequence(lambda n: f"invite{n}@exemple.test")
    status = InvitationStatus.INVITED
    sent_at = factory.LazyFunction(timezone.now)

    class Params:
        accepted = factory.Trait(
            status=InvitationStatus.ACCEPTED, answered_at=factory.LazyFunction(timezone.now)
        )
        waiting = factory.Trait(
            status=InvitationStatus.WAITING,
            answered_at=factory.LazyFunction(timezone.now),
            queued_at=factory.LazyFunction(timezone.now),
        )


def bulk_invitations(event, count, **fields):
    """Many invitations at once (query-budget tests)."""
    rows = [
        Invitation(
            event=event,
            first_name=f"Prénom{index}",
            last_name=f"Nom{index:04d}",
            search_name=fold(f"Prénom{index} Nom{index:04d}"),
            email=f"masse{event.pk}-{index}@exemple.test",
            **fields,
        )
        for index in range(count)
    ]
    return Invitation.objects.bulk_create(rows, batch_size=500)


class StructureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Structure

    name = factory.Sequence(lambda n: f"MSP de l'Exemple {n}")
    kind = StructureKind.MSP
    commune = factory.SubFactory(CommuneFactory)
    latitude = 44.5
    longitude = 1.5


class ProfessionalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Professional
        skip_postgeneration_save = True

    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    profession = factory.LazyFunction(lambda: Profession.objects.get(code="medecin-generaliste"))
    commune = factory.SubFactory(CommuneFactory)
    email = factory.Sequence(lambda n: f"pro{n}@exemple.test")

    class Params:
        installed = factory.Trait(
            source=ProfessionalSource.CASE,
            practice_start=factory.LazyFunction(lambda: timezone.localdate()),
        )

    @factory.post_generation
    def structures(professional, create, extracted, **kwargs):
        if create and extracted:
            for structure in extracted:
                Membership.objects.create(professional=professional, structure=structure)
