"""The daily reminders of the requests to partners: once to the partner when the due date has
passed, once to the referent a few days later; set-based and idempotent."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from installations.enums import EventKind
from installations.models import CaseEvent
from partners import requests as partner_requests
from partners.models import PartnerRequest
from partners.tasks import remind_partners
from portal.models import OutgoingMail
from tests.installations.factories import CaseFactory
from tests.partners.factories import PartnerContactFactory, PartnerFactory, PartnerRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(in_progress_case, desk):
    contact = PartnerContactFactory(partner=PartnerFactory(desk=desk), email="p@partenaire.test")
    return PartnerRequestFactory(
        case=in_progress_case, contact=contact, due_on=timezone.localdate() - timedelta(days=1)
    )


def test_the_task_is_scheduled_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["partners-remind"]
    assert entry["task"] == "partners.tasks.remind_partners"


def test_one_reminder_to_the_partner_then_one_warning_to_the_referent(late, referent):
    today = timezone.localdate()
    assert partner_requests.remind(today) == partner_requests.RemindResult(1, 0)
    assert partner_requests.remind(today) == partner_requests.RemindResult(0, 0)
    reminder = OutgoingMail.objects.get(topic="partners_reminder")
    assert reminder.to == "p@partenaire.test"
    assert "/partenaire/demande/" in reminder.body_text
    late.refresh_from_db()
    assert late.partner_reminded_on == today
    # The referent hears of it REFERENT_WARNING_DAYS later, once.
    later = today + timedelta(days=partner_requests.REFERENT_WARNING_DAYS)
    assert partner_requests.remind(later - timedelta(days=1)) == partner_requests.RemindResult(0, 0)
    assert partner_requests.remind(later) == partner_requests.RemindResult(0, 1)
    assert partner_requests.remind(later + timedelta(days=1)) == partner_requests.RemindResult(0, 0)
    warning = OutgoingMail.objects.get(topic="partners_late")
    assert warning.to == referent.email
    assert "Le partenaire n'a pas répondu" in warning.body_text
    assert OutgoingMail.objects.filter(topic__startswith="partners_").count() == 2
    assert CaseEvent.objects.filter(kind=EventKind.REMINDER, is_public=False).count() == 2


def test_an_answered_revoked_or_not_yet_due_request_is_left_alone(late, in_progress_case):
    today = timezone.localdate()
    PartnerRequestFactory(case=in_progress_case, due_on=today)  # due today: not late yet
    PartnerRequestFactory(
        case=in_progress_case,
        due_on=today - timedelta(days=3),
        first_answer_at=timezone.now(),
        status="answered",
    )
    PartnerRequestFactory(
        case=in_progress_case, due_on=today - timedelta(days=3), revoked_at=timezone.now()
    )
    assert partner_requests.remind(today) == partner_requests.RemindResult(1, 0)
    assert PartnerRequest.objects.filter(partner_reminded_on__isnull=False).get() == late


def test_reminders_are_set_based(django_assert_max_num_queries, desk, referent):
    today = timezone.localdate()
    for _ in range(3):
        case = CaseFactory(desk=desk, in_progress=True, referent=referent)
        PartnerRequestFactory(case=case, due_on=today - timedelta(days=1))
    with django_assert_max_num_queries(8) as few:
        partner_requests.remind(today)
    for _ in range(27):
        case = CaseFactory(desk=desk, in_progress=True, referent=referent)
        PartnerRequestFactory(case=case, due_on=today - timedelta(days=1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert partner_requests.remind(today).partners == 27


def test_the_task_runs_the_reminders(late):
    assert remind_partners() == 1
    assert remind_partners() == 0
