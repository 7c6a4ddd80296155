"""One ``touch``: every writer records activity on the case, and bumps the version for what a
concurrent editor must not overwrite."""

from datetime import timedelta

import pytest
from django.utils import timezone

from installations import services, workflow
from installations.enums import CaseStatus
from installations.models import Case
from students import housing, placements
from tests.structures.factories import PlacementFactory
from tests.students.factories import HousingPeriodFactory, PlacementCaseFactory

pytestmark = pytest.mark.django_db


def idle_since_last_month(case):
    Case.objects.filter(pk=case.pk).update(last_activity_at=timezone.now() - timedelta(days=40))
    case.refresh_from_db()
    return case


def saved(case):
    return Case.objects.values("version", "last_activity_at").get(pk=case.pk)


def test_touch_records_activity_and_bumps_the_version_only_when_asked(submitted_case):
    case = idle_since_last_month(submitted_case)
    version = case.version
    services.touch(case, bump_version=False)
    row = saved(case)
    assert row["version"] == version == case.version
    assert row["last_activity_at"] > timezone.now() - timedelta(minutes=1)
    services.touch(case, bump_version=True)
    assert saved(case)["version"] == version + 1 == case.version


def test_a_change_of_the_case_makes_an_open_transition_form_stale(assigned_case, referent):
    seen = assigned_case.version
    services.set_next_action(
        assigned_case, by=referent, on=timezone.localdate() + timedelta(days=7)
    )
    with pytest.raises(workflow.StaleCase, match="modifié entre-temps"):
        workflow.transition(
            assigned_case, CaseStatus.IN_PROGRESS, by=referent, note="Appel", expected_version=seen
        )


def test_a_note_a_message_or_a_step_leaves_an_open_form_valid(assigned_case, referent):
    case = idle_since_last_month(assigned_case)
    seen = case.version
    services.add_note(case, by=referent, body="Rappeler lundi")
    services.post_message(case, by=referent, body="Bonjour, je vous appelle lundi.")
    step = case.steps.create(title="Carte CPS", position=1)
    services.set_step_done(case, step, by=referent, done=True)
    assert saved(case)["version"] == seen
    assert saved(case)["last_activity_at"] > timezone.now() - timedelta(minutes=1)
    case = workflow.transition(
        case, CaseStatus.IN_PROGRESS, by=referent, note="Appel", expected_version=seen
    )
    assert case.status == CaseStatus.IN_PROGRESS and case.version == seen + 1


def test_placement_writers_bump_the_version(newcomer, referent, desk, gp, figeac):
    case = PlacementCaseFactory(
        applicant=newcomer,
        desk=desk,
        profession=gp,
        communes=[figeac],
        assigned=True,
        referent=referent,
    )
    case = idle_since_last_month(case)
    version = case.version
    site = PlacementFactory(structure__commune=figeac)
    placements.express_placement_interest(user=newcomer, placement=site)
    assert saved(case)["version"] == version + 1
    placements.confirm_site(case, placement=site, by=referent)
    assert saved(case)["version"] == version + 2
    assert saved(case)["last_activity_at"] > timezone.now() - timedelta(minutes=1)


def test_housing_writers_record_activity(newcomer, staff, referent, desk, gp, figeac):
    case = PlacementCaseFactory(
        applicant=newcomer, desk=desk, profession=gp, communes=[figeac], referent=referent
    )
    case = idle_since_last_month(case)
    version = case.version
    period = HousingPeriodFactory(offer__commune=figeac)
    request = housing.request_housing(
        case, by=newcomer, starts_on=period.starts_on, ends_on=period.ends_on
    )
    assert saved(case)["version"] == version + 1  # the case now needs housing
    idle_since_last_month(case)
    housing.allocate(request, period, by=staff)
    row = saved(case)
    assert row["version"] == version + 1  # a decision beside the case, nothing to overwrite
    assert row["last_activity_at"] > timezone.now() - timedelta(minutes=1)


def test_vacancy_interest_bumps_the_version(submitted_case, angiology_vacancy):
    version = submitted_case.version
    services.express_interest(user=submitted_case.applicant, vacancy=angiology_vacancy)
    assert saved(submitted_case)["version"] == version + 1


def test_a_transition_bumps_the_version_once(submitted_case, staff, referent):
    case = idle_since_last_month(submitted_case)
    version = case.version
    case = workflow.transition(case, CaseStatus.ASSIGNED, by=staff, referent=referent)
    assert saved(case)["version"] == version + 1 == case.version
    assert saved(case)["last_activity_at"] > timezone.now() - timedelta(minutes=1)
