"""The busiest pages run the same number of queries with 10 or 300 cases (or events, or a
placement's housing requests and introductions)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ambassadors.models import Introduction
from installations.enums import CaseStatus, EventKind
from installations.models import Case, CaseEvent, Step
from students.models import HousingAllocation, HousingRequestStatus
from tests.ambassadors.factories import AmbassadorFactory
from tests.installations.factories import CaseFactory
from tests.portal.factories import UserFactory
from tests.structures.factories import PlacementFactory
from tests.students.factories import (
    HousingOfferFactory,
    HousingPeriodFactory,
    HousingRequestFactory,
    PlacementCaseFactory,
)

pytestmark = pytest.mark.django_db


def add_cases(count, *, desk, gp, referent, communes):
    applicants = [UserFactory.build() for _ in range(count)]
    for user in applicants:
        user.set_unusable_password()
    type(applicants[0]).objects.bulk_create(applicants)
    applicants = list(type(applicants[0]).objects.order_by("-pk")[:count])
    now = timezone.now()
    cases = Case.objects.bulk_create(
        [
            Case(
                applicant=user,
                desk=desk,
                profession=gp,
                referent=referent,
                status=CaseStatus.IN_PROGRESS,
                reference=f"INS-BULK-{user.pk:05d}",
                submitted_at=now,
                assigned_at=now,
                first_contact_at=now,
                first_name="A",
                last_name="B",
            )
            for user in applicants
        ]
    )
    through = Case.wished_communes.through
    through.objects.bulk_create(
        [through(case_id=case.pk, commune_id=commune.pk) for case in cases for commune in communes]
    )
    return cases


def add_events(case, count, actor):
    CaseEvent.objects.bulk_create(
        [
            CaseEvent(
                case=case,
                kind=EventKind.MESSAGE if i % 2 else EventKind.NOTE,
                actor=actor,
                body=f"ligne {i}",
                is_public=bool(i % 2),
            )
            for i in range(count)
        ]
    )
    Step.objects.bulk_create(
        [Step(case=case, title=f"Démarche {i}", position=i) for i in range(count // 10)]
    )


def add_placement_network(case, count, *, commune):
    """Per unit: two housing requests (one allocated, one wishing an offer), a wished training
    site, an introduction, and one more training site, offer and ambassador to choose from."""
    period = HousingPeriodFactory(offer__commune=commune, capacity=count)
    for place in range(1, count + 1):
        request = HousingRequestFactory(case=case, status=HousingRequestStatus.ALLOCATED)
        HousingAllocation.objects.create(request=request, period=period, place=place)
        HousingRequestFactory(case=case, wished_offer=HousingOfferFactory(commune=commune))
        case.wished_placements.add(PlacementFactory(structure__commune=commune))
        Introduction.objects.create(
            case=case, ambassador=AmbassadorFactory(commune=commune), topics=["schooling"]
        )
        AmbassadorFactory(commune=commune)


def count_queries(client, url):
    client.get(url)  # warm the caches (desk identity, session) so both runs compare alike
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(context.captured_queries)


def test_workspace(client, referent, desk, gp, figeac, cahors):
    client.force_login(referent)
    add_cases(10, desk=desk, gp=gp, referent=referent, communes=[figeac, cahors])
    small = count_queries(client, reverse("installations:workspace"))
    add_cases(290, desk=desk, gp=gp, referent=referent, communes=[figeac])
    large = count_queries(client, reverse("installations:workspace"))
    assert small == large
    # Session, user, service levels, the count, the page, the professions, the header's desk.
    assert large <= 7


def test_referent_case_page(client, referent, newcomer, desk, gp, figeac):
    case = CaseFactory(
        applicant=newcomer,
        desk=desk,
        profession=gp,
        communes=[figeac],
        in_progress=True,
        referent=referent,
    )
    client.force_login(referent)
    url = reverse("installations:referent_case", kwargs={"pk": case.pk})
    add_events(case, 10, referent)
    small = count_queries(client, url)
    add_events(case, 290, newcomer)
    assert count_queries(client, url) == small
    assert small <= 16  # no transition form up front (was 20, issue 17)
    opened = count_queries(client, url + "?action=install")  # the nearby structures, the commune
    assert opened <= small + 2


def test_referent_case_page_reads_the_assessment_from_the_cache(
    client, referent, newcomer, desk, gp, figeac, settings
):
    settings.PORTAL_PAGE_CACHE = False
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "referent-assessment",
        }
    }
    case = CaseFactory(
        applicant=newcomer,
        desk=desk,
        profession=gp,
        communes=[figeac],
        in_progress=True,
        referent=referent,
        reference="INS-CACHE-00001",
    )
    client.force_login(referent)
    url = reverse("installations:referent_case", kwargs={"pk": case.pk})
    uncached = count_queries(client, url)
    settings.PORTAL_PAGE_CACHE = True  # as in production, with a cache outside the database
    cached = count_queries(client, url)
    assert cached < uncached and cached <= 15  # the aid assessment's queries are gone
    assert "Aides possibles" in client.get(url).content.decode()


def test_my_case_page(client, referent, newcomer, desk, gp, figeac):
    case = CaseFactory(
        applicant=newcomer,
        desk=desk,
        profession=gp,
        communes=[figeac],
        in_progress=True,
        referent=referent,
    )
    client.force_login(newcomer)
    url = reverse("installations:case", kwargs={"pk": case.pk})
    add_events(case, 10, referent)
    small = count_queries(client, url)
    add_events(case, 290, referent)
    assert count_queries(client, url) == small
    assert small <= 18  # + single appointment (2) and the partner requests' cache flag (1)


@pytest.fixture
def placement_case(newcomer, referent, desk, gp, figeac):
    return PlacementCaseFactory(
        applicant=newcomer,
        desk=desk,
        profession=gp,
        communes=[figeac],
        in_progress=True,
        referent=referent,
        placement_site=PlacementFactory(structure__commune=figeac),
    )


def test_referent_placement_case_page(client, referent, placement_case, figeac):
    client.force_login(referent)
    url = reverse("installations:referent_case", kwargs={"pk": placement_case.pk})
    add_placement_network(placement_case, 1, commune=figeac)
    small = count_queries(client, url)
    add_placement_network(placement_case, 20, commune=figeac)
    assert count_queries(client, url) == small
    assert small <= 19  # any referent case page, no transition form up front (was 21)


def test_my_placement_case_page(client, newcomer, placement_case, figeac):
    client.force_login(newcomer)
    url = reverse("installations:case", kwargs={"pk": placement_case.pk})
    add_placement_network(placement_case, 1, commune=figeac)
    small = count_queries(client, url)
    add_placement_network(placement_case, 20, commune=figeac)
    assert count_queries(client, url) == small
    assert small <= 22  # 18 + housing requests, offers, training site, wished sites


def test_admin_list(client, staff, referent, desk, gp, figeac, cahors):
    client.force_login(staff)
    url = reverse("admin:installations_case_changelist")
    add_cases(10, desk=desk, gp=gp, referent=referent, communes=[figeac, cahors])
    small = count_queries(client, url)
    add_cases(290, desk=desk, gp=gp, referent=referent, communes=[figeac])
    assert count_queries(client, url) == small
