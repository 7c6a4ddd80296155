"""A world for the retention rules: drafts idle or not, finished cases old or recent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from installations.enums import CaseStatus, EventKind
from installations.models import CaseEvent
from tests.hotline.factories import HotlineRecordFactory
from tests.installations.factories import CaseFactory
from tests.students.factories import HousingRequestFactory

DAY = timedelta(days=1)


def old_draft(applicant=None, days=200, **kwargs):
    """A draft untouched for ``days`` days (about 6 months and a half by default)."""
    extra = {"applicant": applicant} if applicant else {}
    return CaseFactory(draft=True, last_activity_at=timezone.now() - days * DAY, **extra, **kwargs)


def finished_case(desk, *, years_ago, status=CaseStatus.CLOSED, **kwargs):
    """A case ended ``years_ago`` years ago, with a message, a housing request and a call."""
    ended = timezone.now() - timedelta(days=int(365.25 * years_ago) + 2)
    case = CaseFactory(
        desk=desk,
        status=status,
        submitted_at=ended - 300 * DAY,
        assigned_at=ended - 290 * DAY,
        first_contact_at=ended - 280 * DAY,
        installed_at=ended - 100 * DAY if status == CaseStatus.CLOSED else None,
        installed_on=(ended - 100 * DAY).date() if status == CaseStatus.CLOSED else None,
        closed_at=ended if status == CaseStatus.CLOSED else None,
        last_activity_at=ended,
        rpps="10001234567",
        project_text="Je voudrais m'installer près de mes parents à Figeac.",
        needs_details="Mon conjoint cherche un poste d'enseignant.",
        **kwargs,
    )
    CaseEvent.objects.create(
        case=case, kind=EventKind.MESSAGE, body="Mon numéro perso : 06 11 22 33 44", is_public=True
    )
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.STATUS,
        from_status=CaseStatus.INSTALLED,
        to_status=status,
        body="Fin du suivi, tout va bien.",
        details={"transition": "close"},
        is_public=True,
    )
    HousingRequestFactory(case=case, notes="Je viens avec mon chien.")
    HotlineRecordFactory(desk=desk, case=case, caller_first_name="Camille")
    return case


@pytest.fixture
def world(desk, gp, figeac):
    """One idle draft (7 months), one fresh draft, one case closed 4 years ago and one closed
    last year, on the same desk (3 years of retention by default)."""
    return {
        "idle": old_draft(),
        "fresh": old_draft(days=20),
        "old": finished_case(desk, years_ago=4, profession=gp, installed_commune=figeac),
        "recent": finished_case(desk, years_ago=1, profession=gp, installed_commune=figeac),
    }
