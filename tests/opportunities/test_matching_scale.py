"""Matching at the large scale: 100,000 cases on PostgreSQL, the same queries as with a few.

Skipped on SQLite (``make test``'s first pass); CI's second pass runs it on PostgreSQL. The
cases are written with ``bulk_create`` (no factory per row): 100,000 followed cases of two
professions over two communes, of which 2,000 GP cases wish Figeac.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from installations.enums import CaseStatus
from installations.models import Case
from opportunities import matching, services
from opportunities.models import Match
from portal.models import User
from structures.models import OpportunityKind, VacancyStatus
from tests.structures.factories import VacancyFactory

CASES = 100_000
FITTING = 2_000
STATES = [CaseStatus.SUBMITTED, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS, CaseStatus.ON_HOLD]


def queries_of(function, *args):
    with CaptureQueriesContext(connection) as captured:
        result = function(*args)
    return result, len(captured)


@pytest.fixture
def many_cases(desk, gp, professions, figeac, cahors):
    if connection.vendor != "postgresql":
        pytest.skip("100,000 cases: PostgreSQL only (CI's second pass)")
    nurse = professions.get("infirmier", gp)
    now = timezone.now()
    # One open case per applicant and profession: an applicant per case.
    User.objects.bulk_create(
        [User(email=f"cas-{i}@exemple.test", password="!") for i in range(CASES)],
        batch_size=10_000,
    )
    applicants = list(
        User.objects.filter(email__startswith="cas-").order_by("pk").values_list("pk", flat=True)
    )
    rows = [
        Case(
            applicant_id=applicants[i],
            desk=desk,
            profession=gp if i < FITTING or i % 2 else nurse,
            status=STATES[i % len(STATES)],
            submitted_at=now,
            consent_at=now,
            first_name="Cas",
            last_name=f"n° {i}",
        )
        for i in range(CASES)
    ]
    Case.objects.bulk_create(rows, batch_size=5_000)
    ids = list(Case.objects.order_by("pk").values_list("pk", flat=True))
    through = Case.wished_communes.through
    through.objects.bulk_create(
        [
            through(case_id=pk, commune_id=(figeac.pk if n < FITTING else cahors.pk))
            for n, pk in enumerate(ids)
        ],
        batch_size=10_000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE installations_case; ANALYZE installations_case_wished_communes")
    return ids


@pytest.fixture
def succession(figeac, gp):
    return VacancyFactory(
        kind=OpportunityKind.SUCCESSION,
        structure=None,
        commune=figeac,
        profession=gp,
        status=VacancyStatus.OPEN,
        offerer_kind="practitioner",
        offerer_name="Dr Exemple",
        contact_email="dr.exemple@exemple.test",
    )


@pytest.mark.django_db
def test_matching_at_100_000_cases_keeps_its_query_budget(
    many_cases, succession, django_assert_max_num_queries
):
    assert Case.objects.count() >= CASES
    fits, count = queries_of(matching.cases_for, succession)
    # One query finds the fitting cases among 100,000, whatever their number.
    assert count <= 2
    assert len(fits) >= FITTING
    assert all("même profession" in " ".join(fit.reasons) for fit in fits[:10])
    with django_assert_max_num_queries(12):
        found = services.match_offer(succession)
    assert found == len(fits)
    assert Match.objects.filter(vacancy=succession).count() == found
    # A second run changes nothing and costs the same.
    with django_assert_max_num_queries(12):
        assert services.match_offer(succession) == found
    assert Match.objects.filter(vacancy=succession).count() == found
