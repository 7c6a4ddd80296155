"""Housing for students: requests on placement cases, allocation by the desk, and no double
booking — a database rule, checked with two allocations at once."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from portal.models import OutgoingMail
from students import housing
from students.models import HousingAllocation, HousingRequest
from tests.installations.factories import CaseFactory
from tests.portal.factories import UserFactory
from tests.students.factories import (
    HousingPeriodFactory,
    HousingRequestFactory,
    PlacementCaseFactory,
)
from tests.threads import in_threads

IS_POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def period(cahors):
    return HousingPeriodFactory(offer__commune=cahors, capacity=1)


def two_requests(desk, gp, cahors):
    return [
        HousingRequestFactory(
            case=PlacementCaseFactory(
                applicant=UserFactory(), desk=desk, profession=gp, communes=[cahors]
            )
        )
        for _ in range(2)
    ]


@pytest.mark.django_db
def test_student_requests_housing_from_the_case_page(client, newcomer, desk, gp, cahors, period):
    case = PlacementCaseFactory(applicant=newcomer, desk=desk, profession=gp, communes=[cahors])
    client.force_login(newcomer)
    page = client.get(case.get_absolute_url())
    assert "Demander un logement" in page.content.decode()
    client.post(
        reverse("students:housing_request", args=[case.pk]),
        {"starts_on": "2026-11-02", "ends_on": "2027-04-30", "wished_offer": period.offer.pk},
    )
    request = HousingRequest.objects.get(case=case)
    assert request.wished_offer == period.offer and request.status == "pending"
    case.refresh_from_db()
    assert case.housing_needed
    page = client.get(case.get_absolute_url())
    assert "en attente" in page.content.decode()


@pytest.mark.django_db
def test_installation_cases_cannot_request_housing(newcomer, desk, gp, cahors):
    case = CaseFactory(applicant=newcomer, desk=desk, profession=gp, communes=[cahors])
    with pytest.raises(housing.HousingError):
        housing.request_housing(case, by=newcomer, starts_on=period_start(), ends_on=period_start())


def period_start():
    from datetime import date

    return date(2026, 11, 2)


@pytest.mark.django_db
def test_allocation_takes_a_place_and_tells_the_student(staff, desk, gp, cahors, period):
    first, second = two_requests(desk, gp, cahors)
    allocation = housing.allocate(first, period, by=staff)
    assert allocation.place == 1
    first.refresh_from_db()
    assert first.status == "allocated"
    assert OutgoingMail.objects.filter(
        to=first.case.applicant.email, topic="students_housing_allocated"
    ).exists()
    assert first.case.events.filter(body__contains="Logement attribué").exists()
    with pytest.raises(housing.HousingFull):
        housing.allocate(second, period, by=staff)
    with pytest.raises(housing.HousingError):
        housing.allocate(first, period, by=staff)  # already allocated
    assert HousingAllocation.objects.count() == 1


@pytest.mark.django_db
def test_database_refuses_a_double_booking(desk, gp, cahors, period):
    """The rule is the unique constraint, not the service: a raw second insert fails."""
    first, second = two_requests(desk, gp, cahors)
    HousingAllocation.objects.create(request=first, period=period, place=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        HousingAllocation.objects.create(request=second, period=period, place=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        HousingAllocation.objects.create(request=first, period=period, place=2)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_allocations_never_share_a_place(desk, staff, gp, cahors):
    """Two staff members allocate the last place at the same time: one wins, one is told the
    period is full. On SQLite (no concurrent writers) the same calls run one after the other."""
    period = HousingPeriodFactory(offer__commune=cahors, capacity=1)
    first, second = two_requests(desk, gp, cahors)
    calls = [
        lambda: housing.allocate(first, period, by=staff),
        lambda: housing.allocate(second, period, by=staff),
    ]
    if IS_POSTGRES:
        outcomes = in_threads(*calls)
    else:
        outcomes = []
        for call in calls:
            try:
                outcomes.append(call())
            except Exception as exc:
                outcomes.append(exc)
    won = [o for o in outcomes if isinstance(o, HousingAllocation)]
    lost = [o for o in outcomes if isinstance(o, housing.HousingFull)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert HousingAllocation.objects.filter(period=period).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_inserts_of_one_place_one_fails(desk, gp, cahors):
    """Below the service: two raw inserts of place 1 at once. Only the constraint stops the
    second (this fails if ``housing_no_double_booking`` is removed)."""
    period = HousingPeriodFactory(offer__commune=cahors, capacity=2)
    first, second = two_requests(desk, gp, cahors)

    def insert(request):
        def run():
            with transaction.atomic():
                return HousingAllocation.objects.create(request=request, period=period, place=1)

        return run

    if IS_POSTGRES:
        outcomes = in_threads(insert(first), insert(second))
    else:
        outcomes = []
        for call in (insert(first), insert(second)):
            try:
                outcomes.append(call())
            except Exception as exc:
                outcomes.append(exc)
    assert sum(isinstance(o, IntegrityError) for o in outcomes) == 1, outcomes
    assert HousingAllocation.objects.filter(period=period, place=1).count() == 1


@pytest.mark.django_db
def test_staff_allocate_from_the_admin(client, staff, other_staff, desk, gp, cahors):
    period = HousingPeriodFactory(offer__commune=cahors, capacity=3)
    first, second = two_requests(desk, gp, cahors)
    client.force_login(staff)
    url = reverse("admin:students_housingrequest_changelist")
    listing = client.get(url)
    assert listing.status_code == 200 and first.case.applicant_name in listing.content.decode()
    form = client.post(url, {"action": "allocate", "_selected_action": [first.pk, second.pk]})
    assert "places libres sur 3" in form.content.decode()
    client.post(
        url,
        {
            "action": "allocate",
            "_selected_action": [first.pk, second.pk],
            "apply": "1",
            f"period_{first.pk}": str(period.pk),
            f"period_{second.pk}": str(period.pk),
        },
    )
    assert sorted(period.allocations.values_list("place", flat=True)) == [1, 2]
    client.force_login(other_staff)
    assert first.case.applicant_name not in client.get(url).content.decode()
