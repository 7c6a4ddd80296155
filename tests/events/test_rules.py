"""The waiting list's rules: first come first served, freed seats to those whose party fits,
surplus back to the head of the queue, moves by hand recorded."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services
from events.enums import InvitationStatus
from events.models import EventLog, EventLogKind
from portal.models import OutgoingMail
from tests.events.factories import InvitationFactory

pytestmark = pytest.mark.django_db


def _waiting(event, minutes, guests=0, **fields):
    at = timezone.now() - timedelta(hours=1) + timedelta(minutes=minutes)
    return InvitationFactory(
        event=event, waiting=True, queued_at=at, answered_at=at, guests=guests, **fields
    )


def test_freed_seats_go_to_the_earliest_whose_party_fits(event):
    event.capacity = 3
    event.save()
    holder = InvitationFactory(event=event, accepted=True, guests=1)
    InvitationFactory(event=event, accepted=True)
    big = _waiting(event, 1, guests=2)
    small = _waiting(event, 2)
    services.answer(invitation_id=holder.pk, attending=False)
    big.refresh_from_db()
    small.refresh_from_db()
    assert big.status == InvitationStatus.WAITING and big.queue_position() == 1
    assert small.status == InvitationStatus.ACCEPTED
    assert OutgoingMail.objects.filter(topic="events_keeps_place", to=big.email).exists()
    assert EventLog.objects.get(kind=EventLogKind.PROMOTED).invitation == small
    # A new yes with one free seat: nobody waiting fits it, so it is seated.
    late = InvitationFactory(event=event)
    assert services.answer(invitation_id=late.pk, attending=True).status == "accepted"


def test_a_yes_again_while_waiting_keeps_ones_place(event):
    event.capacity = 1
    event.save()
    InvitationFactory(event=event, accepted=True)
    first = _waiting(event, 1)
    _waiting(event, 2)
    before = first.queued_at
    services.answer(invitation_id=first.pk, attending=True, guests=1)
    first.refresh_from_db()
    assert first.queued_at == before and first.guests == 1 and first.queue_position() == 1


def test_lowering_capacity_sends_the_latest_back_to_the_head_of_the_queue(event):
    event.capacity = 4
    event.save()
    now = timezone.now()
    early = InvitationFactory(event=event, accepted=True, answered_at=now - timedelta(days=2))
    late = InvitationFactory(
        event=event, accepted=True, guests=2, answered_at=now - timedelta(days=1)
    )
    waiting = _waiting(event, 1)
    event.capacity = 2
    event.save()
    services.notify_change(event, ["capacity"], previous_capacity=4)
    late.refresh_from_db()
    early.refresh_from_db()
    waiting.refresh_from_db()
    assert early.status == InvitationStatus.ACCEPTED
    assert late.status == InvitationStatus.WAITING and late.queue_position() == 1
    # One seat left free: the first in the queue whose party fits takes it.
    assert waiting.status == InvitationStatus.ACCEPTED
    assert event.invitations.seats_taken() == 2
    assert OutgoingMail.objects.filter(topic="events_surplus", to=late.email).exists()
    assert EventLog.objects.filter(kind=EventLogKind.SURPLUS, invitation=late).exists()
    assert EventLog.objects.get(kind=EventLogKind.CAPACITY).detail == "4 places → 2 places"


def test_move_up_by_hand_is_recorded(event, coordinator):
    event.capacity = 1
    event.save()
    InvitationFactory(event=event, accepted=True)
    _waiting(event, 1)
    second = _waiting(event, 2)
    services.move_up(second, by=coordinator)
    second.refresh_from_db()
    assert second.queue_position() == 1
    log = EventLog.objects.get(kind=EventLogKind.MOVED_UP)
    assert log.by == coordinator and log.detail == "2e → 1re"


def test_cancel_reaches_the_silent_and_lists_postal_guests_to_call(event):
    silent = InvitationFactory(event=event)
    postal = InvitationFactory(event=event, email="", sent_at=None)
    assert services.cancel(event, reason="Salle inondée.") == 1
    assert OutgoingMail.objects.get(topic="events_cancelled").to == silent.email
    postal.refresh_from_db()
    assert postal.call_reason == "annulation : Salle inondée." and postal.call_needed_at
