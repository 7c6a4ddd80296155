"""Guests without e-mail: the « à appeler » list and their letters' status."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.enums import InvitationStatus
from events.models import EventLog, EventLogKind
from tests.events.factories import InvitationFactory, bulk_invitations

pytestmark = pytest.mark.django_db


def _to_call(event, **fields):
    return InvitationFactory(
        event=event,
        email="",
        sent_at=None,
        call_reason="nouvel horaire : 19 h au lieu de 18 h 30",
        call_needed_at=timezone.now() - timedelta(hours=1),
        **fields,
    )


def _calls(client, event):
    return client.get(reverse("events:calls", kwargs={"pk": event.pk}))


def test_the_list_shows_who_to_call_why_with_phone_and_address(client, coordinator, event):
    paul = _to_call(
        event,
        first_name="Paul",
        last_name="Courrier",
        phone="+33565000001",
        address_line="3 chemin des Vignes",
        postal_code="46500",
        city="Alvignac",
    )
    _to_call(event, first_name="Léa", last_name="Sanstel")
    # Called after the change: no longer to call. Called before it: to call again.
    _to_call(event, last_name="Dejapelee", called_at=timezone.now())
    _to_call(event, last_name="Rappeler", called_at=timezone.now() - timedelta(days=2))
    InvitationFactory(event=event, last_name="Mailee")  # has an e-mail: told by mail
    client.force_login(coordinator)
    html = _calls(client, event).content.decode()
    assert "<strong>3 personnes à appeler</strong>" in html
    assert "COURRIER Paul" in html and "SANSTEL Léa" in html and "RAPPELER" in html
    assert "DEJAPELEE" not in html.split("Invités par courrier")[0]
    assert "Pour : nouvel horaire : 19 h au lieu de 18 h 30" in html
    assert 'href="tel:+33565000001"' in html
    assert "3 chemin des Vignes, 46500 Alvignac" in html
    assert "Pas de téléphone connu" in html
    assert reverse("events:call_done", kwargs={"pk": event.pk, "invitation_pk": paul.pk}) in html
    assert "MAILEE" not in html


def test_called_is_recorded_and_logged(client, coordinator, event):
    paul = _to_call(event, first_name="Paul", last_name="Courrier")
    client.force_login(coordinator)
    url = reverse("events:call_done", kwargs={"pk": event.pk, "invitation_pk": paul.pk})
    response = client.post(url, follow=True)
    html = response.content.decode()
    assert "Paul Courrier : appel noté." in html
    assert "Personne à appeler pour l'instant." in html
    paul.refresh_from_db()
    assert paul.called_at is not None and paul.called_at >= paul.call_needed_at
    log = EventLog.objects.get(kind=EventLogKind.CALLED)
    assert log.invitation == paul and log.by == coordinator
    assert log.detail == paul.call_reason
    again = client.post(url, follow=True)
    assert "Paul Courrier n&#x27;était plus à appeler." in again.content.decode()
    assert EventLog.objects.filter(kind=EventLogKind.CALLED).count() == 1


def test_empty_state_and_letter_status(client, coordinator, event):
    InvitationFactory(
        event=event, email="", sent_at=None, last_name="Posté", letter_sent_at=timezone.now()
    )
    InvitationFactory(event=event, email="", sent_at=None, last_name="Attente")
    InvitationFactory(
        event=event, email="", sent_at=None, last_name="Refus", status=InvitationStatus.DECLINED
    )
    client.force_login(coordinator)
    html = _calls(client, event).content.decode()
    assert "Personne à appeler pour l'instant." in html
    assert "1 lettre à envoyer." in html
    assert "envoyée le" in html and "à envoyer" in html
    assert "REFUS" not in html


def test_only_the_desks_managers_reach_it(client, referent, other_staff, event):
    guest = _to_call(event)
    for user in (referent, other_staff):
        client.force_login(user)
        assert _calls(client, event).status_code == 404
        url = reverse("events:call_done", kwargs={"pk": event.pk, "invitation_pk": guest.pk})
        assert client.post(url).status_code == 404
    guest.refresh_from_db()
    assert guest.called_at is None


def test_another_events_guest_is_not_found(client, coordinator, event, other_event):
    stranger = _to_call(other_event)
    client.force_login(coordinator)
    url = reverse("events:call_done", kwargs={"pk": event.pk, "invitation_pk": stranger.pk})
    assert client.post(url).status_code == 404
    assert client.get(url).status_code == 405


def test_query_budget(client, coordinator, event, django_assert_max_num_queries):
    bulk_invitations(event, 60)
    event.invitations.update(
        email="", call_reason="annulation", call_needed_at=timezone.now(), phone="+33565000001"
    )
    client.force_login(coordinator)
    with django_assert_max_num_queries(10):
        response = _calls(client, event)
    assert "60 personnes à appeler" in response.content.decode()


def test_the_dashboard_says_how_many_to_call_and_links_to_the_list(client, coordinator, event):
    _to_call(event, last_name="Courrier")
    _to_call(event, last_name="Sanstel")
    client.force_login(coordinator)
    html = client.get(reverse("events:office_event", kwargs={"pk": event.pk})).content.decode()
    assert "2 personnes sans e-mail sont à appeler." in html
    assert reverse("events:calls", kwargs={"pk": event.pk}) in html
