"""Reminders seven days and one day before: each sent once, whatever the schedule."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events import services, tasks
from events.enums import EventStatus, InvitationStatus
from portal.models import OutgoingMail
from tests.events.factories import EventFactory, InvitationFactory

pytestmark = pytest.mark.django_db


def _event_in(desk, figeac, delta):
    now = timezone.now()
    return EventFactory(
        desk=desk, commune=figeac, starts_at=now + delta, ends_at=now + delta + timedelta(hours=2)
    )


def test_seven_days_then_one_day_before_each_sent_once(desk, figeac):
    now = timezone.now()
    event = _event_in(desk, figeac, timedelta(days=7, hours=-2))
    yes = InvitationFactory(event=event, accepted=True)
    InvitationFactory(event=event)  # no answer: no reminder
    InvitationFactory(event=event, status=InvitationStatus.DECLINED)
    InvitationFactory(event=event, accepted=True, email="")  # letter only

    assert services.send_reminders(now=now) == 1
    assert services.send_reminders(now=now + timedelta(hours=1)) == 0  # hourly beat: once
    seven = OutgoingMail.objects.get(topic="events_reminder")
    assert seven.to == yes.email and "Dans une semaine" in seven.subject

    # Between the two windows, nothing.
    assert services.send_reminders(now=now + timedelta(days=3)) == 0
    # The day before.
    day_before = event.starts_at - timedelta(hours=20)
    assert services.send_reminders(now=day_before) == 1
    assert services.send_reminders(now=day_before + timedelta(hours=2)) == 0
    assert (
        OutgoingMail.objects.filter(topic="events_reminder", subject__startswith="Demain").count()
        == 1
    )


def test_no_reminder_for_a_cancelled_event(desk, figeac):
    event = _event_in(desk, figeac, timedelta(hours=20))
    InvitationFactory(event=event, accepted=True)
    event.status = EventStatus.CANCELLED
    event.save()
    assert services.send_reminders() == 0


def test_sweep_query_count_does_not_grow_with_guests(desk, figeac, django_assert_max_num_queries):
    event = _event_in(desk, figeac, timedelta(hours=20))
    InvitationFactory.create_batch(5, event=event, accepted=True)
    services.send_reminders()
    InvitationFactory.create_batch(30, event=event, accepted=True)
    OutgoingMail.objects.all().delete()
    # Already sent: the sweep reads, finds nothing new, writes nothing.
    services.send_reminders()
    with django_assert_max_num_queries(4):
        assert services.send_reminders() == 0


def test_the_beat_task_also_closes_past_events(desk, figeac):
    past = EventFactory(desk=desk, commune=figeac, past=True)
    assert tasks.send_event_reminders.apply().successful()
    past.refresh_from_db()
    assert past.status == EventStatus.DONE


def test_beat_schedule_has_the_reminder_sweep(settings):
    entries = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "events.tasks.send_event_reminders" in entries
