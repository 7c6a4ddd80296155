from io import StringIO

import pytest
from django.core.management import call_command

from events.enums import EventKind
from events.models import Event, Invitation
from portal.models import User

pytestmark = pytest.mark.django_db


def test_demo_events_load_twice_without_duplicates():
    call_command("load_demo", stdout=StringIO())
    counts = (Event.objects.count(), Invitation.objects.count())
    call_command("load_demo", stdout=StringIO())
    assert (Event.objects.count(), Invitation.objects.count()) == counts
    welcome = Event.objects.get(kind=EventKind.WELCOME_EVENING)
    assert "Salle des fêtes" in welcome.venue_name and "buffet" in welcome.description
    assert Event.objects.filter(kind=EventKind.INTERNS_WELCOME).count() == 1
    trainings = Event.objects.filter(kind=EventKind.TRAINING)
    assert trainings.count() >= 3
    assert {event.starts_at.astimezone().isoweekday() for event in trainings} == {4}
    assert all(i.email.endswith(".example") for i in Invitation.objects.exclude(email=""))
    newcomer = User.objects.get(email="nouvelle.arrivante@demo.example")
    assert Invitation.objects.for_user(newcomer).exists()
