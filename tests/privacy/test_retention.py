"""The retention job: what it selects, what the dry run says, what the real run does, once."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hotline.models import HotlineRecord
from installations.models import Case, CaseEvent
from portal.models import OutgoingMail
from privacy import retention, tasks
from privacy.anonymise import PLACEHOLDER_EMAIL, placeholder_user
from reporting.report import compute
from students.models import HousingRequest
from tests.privacy.conftest import finished_case, old_draft

pytestmark = pytest.mark.django_db


def warnings():
    return OutgoingMail.objects.filter(topic=retention.WARNING_TEMPLATE)


def test_dry_run_says_what_it_would_do_and_changes_nothing(world, capsys):
    call_command("apply_retention", "--dry-run")
    out = capsys.readouterr().out

    assert "Simulation : rien n'est modifié." in out
    assert "Dossiers terminés seraient anonymisés : 1" in out
    assert f"Guichet santé du Lot : 1 ({world['old'].reference})" in out
    assert "Propriétaires de brouillons recevraient un avertissement : 1" in out
    assert f"brouillon n° {world['idle'].pk}" in out
    # Not warned yet: no draft may be deleted today.
    assert "Brouillons inactifs seraient supprimés : 0" in out
    assert not warnings().exists()
    old = Case.objects.get(pk=world["old"].pk)
    assert old.anonymised_at is None and old.last_name


def test_real_run_warns_once_then_deletes_a_month_later(world, newcomer):
    now = timezone.now()
    first = retention.apply_retention(now=now)

    assert [item.pk for item in first.warned] == [world["idle"].pk]
    mail = warnings().get()
    assert mail.to == world["idle"].applicant.email
    assert "sera supprimé le" in mail.subject
    assert f"/mon-dossier/{world['idle'].pk}/" in mail.body_text

    again = retention.apply_retention(now=now + timedelta(hours=2))
    assert again.nothing
    assert warnings().count() == 1

    # 29 days later: still there; 31 days later: gone, and the fresh draft untouched.
    assert not retention.apply_retention(now=now + timedelta(days=29)).deleted
    later = retention.apply_retention(now=now + timedelta(days=31))
    assert [item.pk for item in later.deleted] == [world["idle"].pk]
    assert not Case.objects.filter(pk=world["idle"].pk).exists()
    assert Case.objects.filter(pk=world["fresh"].pk).exists()
    assert warnings().count() == 1


def test_a_draft_touched_after_the_warning_is_kept_and_warned_again_later(world):
    now = timezone.now()
    retention.apply_retention(now=now)
    draft = world["idle"]
    Case.objects.filter(pk=draft.pk).update(last_activity_at=now + timedelta(days=2))

    assert not retention.apply_retention(now=now + timedelta(days=40)).deleted
    assert Case.objects.filter(pk=draft.pk).exists()
    # Idle again for five months: a second warning, for this new idle spell.
    retention.apply_retention(now=now + timedelta(days=2 + 160))
    assert warnings().filter(to=draft.applicant.email).count() == 2


def test_finished_cases_are_anonymised_after_their_desks_period(world, desk):
    outcome = retention.apply_retention()
    assert [item.pk for item in outcome.anonymised] == [world["old"].pk]

    old = Case.objects.get(pk=world["old"].pk)
    assert old.anonymised_at is not None
    assert (old.first_name, old.last_name, old.phone, old.rpps) == ("", "", "", "")
    assert old.project_text == "" and old.needs_details == ""
    assert old.applicant.email == PLACEHOLDER_EMAIL
    assert list(CaseEvent.objects.filter(case=old).values_list("body", flat=True)) == ["", ""]
    assert CaseEvent.objects.get(case=old, kind="status").details == {"transition": "close"}
    assert HousingRequest.objects.get(case=old).notes == ""
    call = HotlineRecord.objects.get(case=old)
    assert (call.caller_first_name, call.caller_email, call.caller_phone) == ("", "", "")
    # What the desk still needs stays.
    assert (old.status, old.desk, old.reference) == ("closed", desk, world["old"].reference)
    recent = Case.objects.get(pk=world["recent"].pk)
    assert recent.anonymised_at is None and recent.last_name


def test_a_longer_period_on_the_desk_keeps_the_case(world, desk):
    desk.retention_years = 5
    desk.save()
    assert not retention.apply_retention().anonymised
    assert Case.objects.get(pk=world["old"].pk).anonymised_at is None


def test_declined_and_withdrawn_cases_follow_the_same_rule(desk, gp):
    declined = finished_case(desk, years_ago=4, status="declined", profession=gp)
    withdrawn = finished_case(desk, years_ago=4, status="withdrawn", profession=gp)
    outcome = retention.apply_retention()
    assert sorted(item.pk for item in outcome.anonymised) == sorted([declined.pk, withdrawn.pk])


def test_the_yearly_report_reads_the_same_figures_after_anonymisation(world, desk):
    start, end = date(2000, 1, 1), timezone.localdate()
    before = compute(desk, start, end)
    retention.apply_retention()
    after = compute(desk, start, end)
    assert before.requests == 2
    assert before == after


def _make_batch(desk, gp, figeac, size):
    now = timezone.now()
    for _ in range(size):
        warned = old_draft(days=220)
        OutgoingMail.objects.create(
            to=warned.applicant.email,
            subject="Avertissement",
            body_text="…",
            topic=retention.WARNING_TEMPLATE,
            dedup_key=f"{retention.WARNING_KEY_PREFIX}{warned.pk}:x",
            created_at=now - timedelta(days=40),
        )
        old_draft(days=170)
        finished_case(desk, years_ago=4, profession=gp, installed_commune=figeac)


def _queries_of_one_run():
    with CaptureQueriesContext(connection) as queries:
        outcome = retention.apply_retention()
    return len(queries.captured_queries), outcome


def test_the_number_of_queries_does_not_grow_with_the_cases(desk, gp, figeac):
    placeholder_user()
    _make_batch(desk, gp, figeac, 3)
    small, outcome = _queries_of_one_run()
    assert (len(outcome.deleted), len(outcome.anonymised), len(outcome.warned)) == (3, 3, 3)

    _make_batch(desk, gp, figeac, 30)
    large, outcome = _queries_of_one_run()
    assert (len(outcome.deleted), len(outcome.anonymised), len(outcome.warned)) == (30, 30, 30)
    assert large == small


def test_the_nightly_task_applies_the_same_rules(world, settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["privacy-apply-retention"]
    assert schedule["task"] == "privacy.tasks.apply_retention"
    assert tasks.apply_retention() == 2  # one case anonymised, one owner warned
    assert tasks.apply_retention() == 0
