from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from installations import reminders
from installations.enums import CaseStatus, EventKind
from installations.models import Reminder, ReminderRule, ServiceLevel, Step
from installations.workdays import is_working_day, working_days_before
from portal.models import OutgoingMail
from tests.installations.factories import CaseFactory

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 23)


def digests_to(user):
    return OutgoingMail.objects.filter(to=user.email, topic="installations_digest")


def test_working_days_skip_weekends_and_french_holidays():
    assert working_days_before(MONDAY, 2) == date(2026, 11, 19)  # Thu, over the weekend
    # 11 November 2026 (Wednesday) is a public holiday.
    assert not is_working_day(date(2026, 11, 11))
    assert working_days_before(date(2026, 11, 12), 1) == date(2026, 11, 10)
    assert working_days_before(date(2027, 1, 4), 1) == date(2026, 12, 31)


def test_triage_digest_goes_to_the_desk_staff_once_a_day(staff, desk, gp, figeac):
    late = CaseFactory(
        desk=desk, profession=gp, communes=[figeac], submitted_at=timezone.now() - timedelta(days=6)
    )
    CaseFactory(desk=desk, profession=gp, submitted_at=timezone.now())  # not late yet
    result = reminders.send_due()
    assert result.by_rule == {ReminderRule.TRIAGE: 1}
    [digest] = digests_to(staff)
    assert late.reference in digest.body_text
    assert "Demande à attribuer (1)" in digest.body_text
    assert late.events.filter(kind=EventKind.REMINDER).exists()
    again = reminders.send_due()
    assert again.items == 0 and digests_to(staff).count() == 1


def test_one_digest_per_referent_listing_all_their_items(referent, desk, gp, figeac):
    now, today = timezone.now(), timezone.localdate()
    CaseFactory(
        desk=desk,
        profession=gp,
        assigned=True,
        referent=referent,
        assigned_at=now - timedelta(days=12),
    )
    CaseFactory(
        desk=desk,
        profession=gp,
        in_progress=True,
        referent=referent,
        last_activity_at=now - timedelta(days=40),
    )
    CaseFactory(desk=desk, profession=gp, in_progress=True, referent=referent, next_action_on=today)
    held = CaseFactory(
        desk=desk, profession=gp, status=CaseStatus.ON_HOLD, referent=referent, resume_on=today
    )
    step_case = CaseFactory(desk=desk, profession=gp, in_progress=True, referent=referent)
    Step.objects.create(case=step_case, title="Carte CPS", due_on=today - timedelta(days=1))
    reminders.send_due()
    [digest] = digests_to(referent)
    for text in [
        "Premier contact à faire",
        "Dossier sans activité",
        "Prochaine action prévue",
        "Fin de pause",
        "Démarche à échéance",
        "Carte CPS",
        held.reference,
    ]:
        assert text in digest.body_text
    assert Reminder.objects.filter(recipient=referent, mail=digest).count() == 5


def test_service_levels_are_per_desk(staff, desk, gp):
    ServiceLevel.objects.create(desk=desk, triage_working_days=10)
    CaseFactory(desk=desk, profession=gp, submitted_at=timezone.now() - timedelta(days=6))
    assert reminders.send_due().items == 0


def test_drafts_are_reminded_at_3_and_14_days(newcomer):
    draft = CaseFactory(
        applicant=newcomer,
        draft=True,
        created_at=timezone.now() - timedelta(days=4),
        last_activity_at=timezone.now() - timedelta(days=4),
    )
    reminders.send_due()
    assert (
        OutgoingMail.objects.filter(to=newcomer.email, topic="installations_draft_reminder").count()
        == 1
    )
    type(draft).objects.filter(pk=draft.pk).update(
        created_at=timezone.now() - timedelta(days=15),
        last_activity_at=timezone.now() - timedelta(days=15),
    )
    reminders.send_due()
    reminders.send_due()
    assert (
        OutgoingMail.objects.filter(to=newcomer.email, topic="installations_draft_reminder").count()
        == 2
    )


def test_follow_up_six_and_twelve_months_after_installation(newcomer, referent, desk, gp, figeac):
    CaseFactory(
        applicant=newcomer,
        desk=desk,
        profession=gp,
        status=CaseStatus.INSTALLED,
        referent=referent,
        installed_commune=figeac,
        installed_on=timezone.localdate() - timedelta(days=200),
    )
    reminders.send_due()
    [mail] = OutgoingMail.objects.filter(to=newcomer.email, topic="installations_follow_up")
    assert mail.subject == "Comment se passe votre installation ?"
    assert "Voilà 6 mois" in mail.body_text and "Figeac" in mail.body_text
    assert "Suivi après installation" in digests_to(referent).get().body_text
    assert reminders.send_due().items == 0


def test_sweep_query_count_does_not_grow_with_cases(staff, referent, desk, gp, figeac):
    """Bulk inserts are split in batches (about 100 rows per statement on SQLite, 1,000 on
    PostgreSQL): every other statement is counted exactly."""

    def seed(count):
        old = timezone.now() - timedelta(days=40)
        for _ in range(count):
            CaseFactory(desk=desk, profession=gp, submitted_at=old)
            CaseFactory(
                desk=desk,
                profession=gp,
                in_progress=True,
                referent=referent,
                last_activity_at=old,
                next_action_on=timezone.localdate(),
            )
            CaseFactory(draft=True, created_at=old, last_activity_at=old)

    def queries():
        with CaptureQueriesContext(connection) as context:
            reminders.send_due()
        statements = [q["sql"] for q in context.captured_queries]
        inserts = [sql for sql in statements if sql.startswith("INSERT")]
        return len(statements) - len(inserts), len(inserts)

    seed(3)
    small, small_inserts = queries()
    seed(30)
    large, large_inserts = queries()
    assert large == small
    assert large_inserts <= small_inserts + 3


def test_run_daily_sweep_command(capsys, staff, desk, gp):
    CaseFactory(desk=desk, profession=gp, submitted_at=timezone.now() - timedelta(days=9))
    call_command("run_daily_sweep")
    out = capsys.readouterr().out
    assert "triage : 1" in out and "requêtes SQL" in out


def test_tasks_are_acknowledged_late_and_retried():
    from django.conf import settings

    from installations import tasks
    from welcome import tasks as welcome_tasks

    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    for task in (tasks.daily_sweep, welcome_tasks.generate_welcome_pack):
        assert task.acks_late and task.max_retries == 5 and task.autoretry_for
