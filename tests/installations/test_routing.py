import pytest
from django.utils import timezone

from installations.routing import suggest_referent
from tests.installations.factories import CaseFactory, ReferentFactory
from tests.territories.factories import DeskMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_referent(desk):
    def make(name, **profile):
        user = DeskMemberFactory(
            user__referent=True, user__first_name=name, user__last_name="R", desk=desk
        ).user
        ReferentFactory(user=user, **profile)
        return user

    return make


@pytest.fixture
def case(desk, gp, figeac):
    return CaseFactory(desk=desk, profession=gp, communes=[figeac], needs=["housing"])


def test_prefers_the_referent_covering_the_commune(case, make_referent, figeac, cahors):
    make_referent("Cahors", communes=[cahors])
    local = make_referent("Figeac", communes=[figeac])
    suggestion = suggest_referent(case)
    assert suggestion.referent == local
    assert "couvre Figeac" in suggestion.reason


def test_epci_coverage_counts(case, make_referent, grand_figeac):
    epci = make_referent("Epci", epcis=[grand_figeac])
    make_referent("Autre")
    assert suggest_referent(case).referent == epci


def test_then_skills_then_lowest_load(case, make_referent, figeac, desk, gp):
    busy = make_referent("Occupé", communes=[figeac], skills=["housing"])
    free = make_referent("Libre", communes=[figeac], skills=["housing"])
    make_referent("SansCompetence", communes=[figeac], skills=[])
    CaseFactory(desk=desk, profession=gp, assigned=True, referent=busy)
    suggestion = suggest_referent(case)
    assert suggestion.referent == free
    assert "compétences : logement" in suggestion.reason
    assert "0 dossier en cours sur 10" in suggestion.reason


def test_skips_the_absent_and_the_full(case, make_referent, figeac, desk, gp):
    make_referent(
        "Absent", communes=[figeac], absent_until=timezone.localdate() + timezone.timedelta(days=3)
    )
    full = make_referent("Plein", communes=[figeac], capacity=1)
    CaseFactory(desk=desk, profession=gp, in_progress=True, referent=full)
    fallback = make_referent("Ailleurs")
    suggestion = suggest_referent(case)
    assert suggestion.referent == fallback
    assert "aucun référent ne couvre ce territoire" in suggestion.reason


def test_nobody_available(case):
    suggestion = suggest_referent(case)
    assert suggestion.referent is None
    assert "Aucun référent disponible" in suggestion.reason


def test_routing_query_count_does_not_grow(
    case, make_referent, figeac, django_assert_max_num_queries
):
    for index in range(15):
        make_referent(f"R{index}", communes=[figeac])
    with django_assert_max_num_queries(6):
        suggest_referent(case)
