"""One source for service levels: the « en retard » flag of the desk's list and the daily
reminders read each desk's ``ServiceLevel`` (the defaults for a desk without one) alike."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from installations import reminders
from installations.enums import CaseStatus
from installations.models import Case, ReminderRule, ServiceLevel
from tests.installations.factories import CaseFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:installations_case_changelist")


@pytest.fixture
def cases(desk, other_desk, staff, other_staff, referent, gp):
    """At ``desk``, promises that differ from 2/5/30: triage within 10 working days, idle after
    7 days. ``other_desk`` keeps the defaults."""
    ServiceLevel.objects.create(desk=desk, triage_working_days=10, idle_days=7)
    now = timezone.now()
    return {
        "waiting_here": CaseFactory(desk=desk, profession=gp, submitted_at=now - timedelta(days=6)),
        "idle_here": CaseFactory(
            desk=desk,
            profession=gp,
            in_progress=True,
            referent=referent,
            last_activity_at=now - timedelta(days=10),
        ),
        "waiting_there": CaseFactory(
            desk=other_desk, profession=gp, submitted_at=now - timedelta(days=6)
        ),
        "idle_there": CaseFactory(
            desk=other_desk,
            profession=gp,
            status=CaseStatus.IN_PROGRESS,
            last_activity_at=now - timedelta(days=10),
        ),
    }


def late_for_the_reminders():
    return {(item.case.pk, item.rule) for item in reminders.find_due()}


def test_the_admin_flag_and_the_reminders_agree(client, superuser, cases):
    names = {case.pk: name for name, case in cases.items()}
    assert late_for_the_reminders() == {
        (cases["idle_here"].pk, ReminderRule.IDLE),  # 7 days at this desk
        (cases["waiting_there"].pk, ReminderRule.TRIAGE),  # 2 working days by default
    }

    client.force_login(superuser)
    listed = client.get(CHANGELIST).context["cl"].result_list
    assert {names[case.pk]: case.is_overdue for case in listed} == {
        "waiting_here": False,
        "idle_here": True,
        "waiting_there": True,
        "idle_there": False,
    }
    late = client.get(CHANGELIST, {"retard": "oui"}).context["cl"].result_list
    assert {names[case.pk] for case in late} == {"idle_here", "waiting_there"}
    on_time = client.get(CHANGELIST, {"retard": "non"}).context["cl"].result_list
    assert {names[case.pk] for case in on_time} == {"waiting_here", "idle_there"}


def test_overdue_is_the_reminders_late_plus_past_next_actions(cases, referent):
    today = timezone.localdate()
    planned = CaseFactory(
        desk=cases["waiting_here"].desk,
        profession=cases["waiting_here"].profession,
        in_progress=True,
        referent=referent,
        next_action_on=today - timedelta(days=1),
    )
    CaseFactory(
        desk=planned.desk,
        profession=planned.profession,
        in_progress=True,
        referent=referent,
        next_action_on=today,  # reminded today, late tomorrow
    )
    late = set()
    for condition in Case.objects.late_q(today).values():
        late |= set(Case.objects.filter(condition))
    assert late == {cases["idle_here"], cases["waiting_there"]}
    assert set(Case.objects.overdue(today)) == late | {planned}


def test_changing_a_desk_s_level_moves_both(client, superuser, cases):
    ServiceLevel.objects.filter(desk=cases["waiting_here"].desk).update(triage_working_days=2)
    assert (cases["waiting_here"].pk, ReminderRule.TRIAGE) in late_for_the_reminders()
    client.force_login(superuser)
    late = client.get(CHANGELIST, {"retard": "oui"}).context["cl"].result_list
    assert cases["waiting_here"] in set(late)
