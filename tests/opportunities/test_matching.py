"""The matching rules, both ways, and their reasons (opportunities.matching)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from installations.enums import CaseStatus
from installations.kinds import CaseKind
from opportunities.matching import cases_for, offers_for
from structures.models import OpportunityKind, Vacancy, VacancyStatus
from tests.installations.factories import CaseFactory
from tests.opportunities.conftest import offer
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


def fits_of_offer(vacancy, user=None):
    vacancy = Vacancy.objects.select_related("commune__epci", "profession").get(pk=vacancy.pk)
    return {fit.case.pk: fit for fit in cases_for(vacancy, user)}


def fits_of_case(case):
    case = type(case).objects.select_related("profession").get(pk=case.pk)
    return {fit.vacancy.pk: fit for fit in offers_for(case)}


def both_ways(case, vacancy):
    """The fit seen from the offer and from the case: the same, or none either way."""
    from_offer = fits_of_offer(vacancy).get(case.pk)
    from_case = fits_of_case(case).get(vacancy.pk)
    assert (from_offer is None) == (from_case is None)
    if from_offer is not None:
        assert from_offer.reasons == from_case.reasons
        assert from_offer.score == from_case.score
    return from_offer


def test_an_offer_in_a_wished_commune_fits_the_same_profession(gp_case, figeac, gp):
    fit = both_ways(gp_case, offer(figeac, profession=gp))
    assert fit.reasons == ["même profession", "Figeac est une commune souhaitée"]
    assert fit.score == 80


def test_an_offer_in_a_wished_intercommunality_fits(gp_case, cajarc, grand_figeac, gp):
    gp_case.wished_communes.clear()
    gp_case.wished_epcis.set([grand_figeac])
    fit = both_ways(gp_case, offer(cajarc, profession=gp))
    assert fit.reasons[1] == "Cajarc est dans une intercommunalité souhaitée (CC Grand-Figeac)"


def test_an_offer_within_the_accepted_distance_fits_and_says_how_far(gp_case, cajarc, gp):
    vacancy = offer(cajarc, profession=gp)
    assert both_ways(gp_case, vacancy) is None  # no distance accepted: Figeac only
    gp_case.max_distance_km = 30
    gp_case.save()
    fit = both_ways(gp_case, vacancy)
    assert fit.reasons == ["même profession", "à 20 km de Figeac, vous acceptez 30 km"]
    gp_case.max_distance_km = 15
    gp_case.save()
    assert both_ways(gp_case, vacancy) is None


def test_another_profession_does_not_fit_but_a_parent_or_a_speciality_does(
    gp_case, figeac, professions, desk, newcomer
):
    assert both_ways(gp_case, offer(figeac, profession=professions["infirmier"])) is None
    specialist = CaseFactory(
        desk=desk,
        applicant=UserFactory(),
        profession=professions["medecin-specialiste"],
        communes=[figeac],
    )
    fit = both_ways(specialist, offer(figeac, profession=professions["angiologie"]))
    assert fit.reasons[0] == "profession proche : Angiologie pour Médecin spécialiste"
    cardiologist = CaseFactory(
        desk=desk, applicant=UserFactory(), profession=professions["cardiologie"], communes=[figeac]
    )
    assert both_ways(cardiologist, offer(figeac, profession=professions["medecin-specialiste"]))
    assert both_ways(cardiologist, offer(figeac, profession=professions["angiologie"])) is None


def test_premises_without_a_profession_fit_every_profession(gp_case, figeac):
    fit = both_ways(gp_case, offer(figeac, profession=None, kind=OpportunityKind.PREMISES_RENT))
    assert fit.reasons[0] == "ouverte à toutes les professions"


def test_students_and_interns_are_offered_replacements_and_housing_only(
    desk, figeac, gp, professions
):
    intern = CaseFactory(
        desk=desk,
        applicant=UserFactory(),
        profession=gp,
        kind=CaseKind.PLACEMENT,
        communes=[figeac],
        placement_start=date(2027, 5, 1),
        placement_end=date(2027, 10, 31),
    )
    assert both_ways(intern, offer(figeac, profession=gp)) is None  # a succession
    assert both_ways(intern, offer(figeac, profession=None, kind=OpportunityKind.HOUSING))
    summer = offer(
        figeac,
        profession=gp,
        kind=OpportunityKind.REPLACEMENT,
        start_date=date(2027, 7, 1),
        end_date=date(2027, 8, 31),
    )
    assert both_ways(intern, summer).reasons[-1] == "dates compatibles"
    winter = offer(
        figeac,
        profession=gp,
        kind=OpportunityKind.REPLACEMENT,
        start_date=date(2027, 12, 1),
        end_date=date(2028, 1, 31),
    )
    assert both_ways(intern, winter) is None


def test_a_replacement_that_ends_before_the_target_date_does_not_fit(gp_case, figeac, gp):
    gp_case.target_date = date.today() + timedelta(days=90)
    gp_case.save()
    early = offer(
        figeac,
        profession=gp,
        kind=OpportunityKind.REPLACEMENT,
        start_date=date.today() + timedelta(days=10),
        end_date=date.today() + timedelta(days=40),
    )
    assert both_ways(gp_case, early) is None
    later = offer(
        figeac,
        profession=gp,
        kind=OpportunityKind.REPLACEMENT,
        start_date=date.today() + timedelta(days=80),
        end_date=date.today() + timedelta(days=120),
    )
    fit = both_ways(gp_case, later)
    assert fit.reasons == [
        "même profession",
        "Figeac est une commune souhaitée",
        "dates compatibles",
    ]
    assert fit.score == 100
    regular = offer(
        figeac, profession=gp, kind=OpportunityKind.REPLACEMENT, replacement_regular=True
    )
    assert both_ways(gp_case, regular)


@pytest.mark.parametrize(
    "status",
    [CaseStatus.DRAFT, CaseStatus.INSTALLED, CaseStatus.WITHDRAWN, CaseStatus.DECLINED],
)
def test_only_followed_cases_fit(gp_case, figeac, gp, status):
    type(gp_case).objects.filter(pk=gp_case.pk).update(status=status)
    gp_case.refresh_from_db()
    assert both_ways(gp_case, offer(figeac, profession=gp)) is None


@pytest.mark.parametrize("status", [VacancyStatus.PENDING, VacancyStatus.FILLED])
def test_a_case_is_offered_published_offers_only(gp_case, figeac, gp, status):
    vacancy = offer(figeac, profession=gp, status=status)
    assert vacancy.pk not in fits_of_case(gp_case)


def test_ranked_best_first(gp_case, figeac, cajarc, gp):
    gp_case.max_distance_km = 30
    gp_case.save()
    near = offer(cajarc, profession=gp)
    here = offer(figeac, profession=gp)
    assert [fit.vacancy.pk for fit in offers_for(gp_case)] == [here.pk, near.pk]


def test_the_desk_sees_only_its_cases(gp_case, figeac, gp, staff, other_staff):
    vacancy = offer(figeac, profession=gp)
    assert set(fits_of_offer(vacancy, staff)) == {gp_case.pk}
    assert fits_of_offer(vacancy, other_staff) == {}


def queries_of(function, *args, **kwargs):
    with CaptureQueriesContext(connection) as context:
        result = function(*args, **kwargs)
    return len(context.captured_queries), result


@pytest.mark.parametrize("count", [3, 30])
def test_cases_for_is_one_query_whatever_the_number_of_cases(desk, figeac, cajarc, gp, count):
    for index in range(count):
        CaseFactory(
            desk=desk,
            applicant=UserFactory(),
            profession=gp,
            communes=[figeac if index % 2 else cajarc],
            max_distance_km=30,
        )
    vacancy = Vacancy.objects.select_related("commune__epci", "profession").get(
        pk=offer(cajarc, profession=gp).pk
    )
    queries, fits = queries_of(cases_for, vacancy)
    assert queries == 1
    assert len(fits) == count


@pytest.mark.parametrize("count", [3, 30])
def test_offers_for_is_three_queries_whatever_the_number_of_offers(
    gp_case, figeac, cajarc, gp, count
):
    gp_case.max_distance_km = 30
    gp_case.save()
    for index in range(count):
        offer(figeac if index % 2 else cajarc, profession=gp)
    case = type(gp_case).objects.select_related("profession").get(pk=gp_case.pk)
    queries, fits = queries_of(offers_for, case)
    assert queries == 3  # wished communes, wished intercommunalities, offers
    assert len(fits) == count
