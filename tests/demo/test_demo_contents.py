"""What the demo shows: fictitious contacts, accounts that sign in, the desk's events."""

import pytest

from ambassadors.models import Ambassador
from events.enums import EventKind
from events.models import Event, Invitation
from hotline.models import HotlineRecord
from portal.models import User
from territories.models import Desk

pytestmark = pytest.mark.django_db


def test_demo_contacts_are_fictitious(demo_data):
    for desk in Desk.objects.all():
        assert desk.phone.startswith("01 99") and desk.email.endswith(".example")
    assert all(i.email.endswith(".example") for i in Invitation.objects.exclude(email=""))
    assert all(email.endswith(".example") for email in User.objects.values_list("email", flat=True))
    for ambassador in Ambassador.objects.all():
        assert ambassador.email.endswith(".example") and ambassador.phone.startswith("01 99")
    for record in HotlineRecord.objects.all():
        assert record.caller_email.endswith(".example") and record.caller_phone.startswith("01 99")


def test_demo_accounts_can_sign_in(demo_data, client):
    response = client.post(
        "/comptes/login/",
        {"login": "referent.lot@demo.example", "password": "demo-portail-2026"},
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_demo_events(demo_data):
    welcome = Event.objects.get(kind=EventKind.WELCOME_EVENING)
    assert welcome.venue_name == "Espace Samayou" and "buffet" in welcome.description
    assert Event.objects.filter(kind=EventKind.INTERNS_WELCOME).count() == 1
    trainings = Event.objects.filter(kind=EventKind.TRAINING)
    assert trainings.count() >= 3
    assert {event.starts_at.astimezone().isoweekday() for event in trainings} == {4}
    newcomer = User.objects.get(email="nouvelle.arrivante@demo.example")
    assert Invitation.objects.for_user(newcomer).exists()
