"""The Match rows kept by the tasks (idempotent), the hook on submission, the daily mail."""

from datetime import timedelta

import pytest
from celery import current_app
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from installations import workflow
from installations.enums import CaseStatus
from opportunities import services, tasks
from opportunities.models import Match
from portal.models import OutgoingMail
from structures.models import VacancyStatus
from tests.installations.factories import CaseFactory
from tests.opportunities.conftest import offer
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_match_offer_creates_then_updates_the_rows_and_runs_again_without_effect(
    gp_case, figeac, cajarc, gp
):
    vacancy = offer(figeac, profession=gp)
    assert tasks.match_offer(vacancy.pk) == 1
    match = Match.objects.get()
    assert (match.case, match.vacancy, match.score) == (gp_case, vacancy, 80)
    assert match.reasons == ["même profession", "Figeac est une commune souhaitée"]
    assert tasks.match_offer(vacancy.pk) == 1
    assert Match.objects.get().pk == match.pk
    # The offer moves 20 km away: the row follows (same row, new reasons), then goes.
    vacancy.commune = cajarc
    vacancy.save()
    type(gp_case).objects.filter(pk=gp_case.pk).update(max_distance_km=30)
    tasks.match_offer(vacancy.pk)
    assert Match.objects.get().reasons[1] == "à 20 km de Figeac, vous acceptez 30 km"
    type(gp_case).objects.filter(pk=gp_case.pk).update(max_distance_km=None)
    assert tasks.match_offer(vacancy.pk) == 0
    assert not Match.objects.exists()


def test_an_offer_no_longer_published_keeps_only_its_introductions(
    gp_case, desk, figeac, gp, staff
):
    vacancy = offer(figeac, profession=gp)
    other = CaseFactory(desk=desk, applicant=UserFactory(), profession=gp, communes=[figeac])
    tasks.match_offer(vacancy.pk)
    services.introduce(Match.objects.get(case=gp_case), by=staff)
    vacancy.status = VacancyStatus.FILLED
    vacancy.save()
    assert tasks.match_offer(vacancy.pk) == 0
    assert list(Match.objects.values_list("case_id", flat=True)) == [gp_case.pk]
    assert other.pk  # its match went


def test_match_case_finds_the_offers_of_a_case(gp_case, figeac, gp):
    vacancies = [offer(figeac, profession=gp) for _ in range(3)]
    offer(figeac, profession=gp, status=VacancyStatus.PENDING)
    assert tasks.match_case(gp_case.pk) == 3
    assert tasks.match_case(gp_case.pk) == 3
    assert {m.vacancy_id for m in Match.objects.all()} == {v.pk for v in vacancies}
    assert tasks.match_case(0) == 0 and tasks.match_offer(0) == 0


def test_the_submission_asks_for_the_matching_once_committed(
    newcomer, desk, gp, figeac, eager_tasks, django_capture_on_commit_callbacks
):
    vacancy = offer(figeac, profession=gp)
    draft = CaseFactory(applicant=newcomer, draft=True, profession=gp, communes=[figeac])
    draft.consent_at = timezone.now()
    draft.save()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case = workflow.transition(draft, CaseStatus.SUBMITTED, by=newcomer)
    assert not Match.objects.exists()  # nothing before the commit
    for callback in callbacks:
        callback()
    assert Match.objects.get().case == case and Match.objects.get().vacancy == vacancy


def test_the_tasks_are_registered_under_the_agreed_names_and_the_digest_is_daily():
    for name in ("match_offer", "match_case", "notify_matches"):
        assert f"opportunities.tasks.{name}" in current_app.tasks
    beat = settings.CELERY_BEAT_SCHEDULE["opportunities-notify-matches"]
    assert beat["task"] == "opportunities.tasks.notify_matches"


def digests():
    return list(OutgoingMail.objects.filter(topic="opportunities_matches").order_by("pk"))


def test_one_mail_a_day_at_most_listing_the_new_matches(gp_case, figeac, gp, newcomer):
    first, second = (
        offer(figeac, profession=gp, title="Cabinet de Figeac"),
        offer(figeac, profession=gp, title="Succession à Figeac"),
    )
    tasks.match_case(gp_case.pk)
    # 8 a.m. local time today: « two hours later » is still today whenever the test runs.
    morning = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    assert services.notify_matches(now=morning) == 1
    [mail] = digests()
    assert mail.to == newcomer.email
    assert "2 offres correspondent à votre projet" in mail.subject
    assert "Cabinet de Figeac" in mail.body_text and "Succession à Figeac" in mail.body_text
    assert "Figeac est une commune souhaitée" in mail.body_text
    assert "paul.martin@exemple.test" not in mail.body_text  # the contact stays private
    assert Match.objects.filter(notified_at__isnull=True).count() == 0
    assert {first.pk, second.pk} == set(Match.objects.values_list("vacancy_id", flat=True))
    # A new match the same day waits for tomorrow; a second run sends nothing.
    third = offer(figeac, profession=gp, title="Remplacement à Figeac")
    tasks.match_offer(third.pk)
    assert services.notify_matches(now=morning + timedelta(hours=2)) == 0
    assert len(digests()) == 1
    assert Match.objects.get(vacancy=third).notified_at is None
    assert services.notify_matches(now=morning + timedelta(days=1)) == 1
    assert len(digests()) == 2
    assert "Remplacement à Figeac" in digests()[-1].body_text
    assert services.notify_matches(now=morning + timedelta(days=2)) == 0


@pytest.mark.parametrize("count", [3, 30])
def test_the_daily_mail_costs_the_same_for_3_or_30_newcomers(desk, figeac, gp, count):
    for _ in range(count):
        CaseFactory(desk=desk, applicant=UserFactory(), profession=gp, communes=[figeac])
    tasks.match_offer(offer(figeac, profession=gp).pk)
    with CaptureQueriesContext(connection) as context:
        assert services.notify_matches() == count
    assert len([q for q in context.captured_queries if "SAVEPOINT" not in q["sql"]]) == 5
