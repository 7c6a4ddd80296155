"""The demo's opportunities (issue 18): a succession in a Lot village, the MSP Simone Veil's
offices as its source describes them, a replacement in the Gers with dates, a commune's
premises with a rent, one offer waiting for validation; Léa Morel's case matches exactly two
of them, and every contact is fictitious."""

import pytest

from demo.opportunities import MATCHING_NEWCOMER
from installations.models import Case
from opportunities.models import Match
from structures.models import (
    OffererKind,
    OpportunityKind,
    Professional,
    Vacancy,
    VacancyStatus,
    WorkingTime,
)

pytestmark = pytest.mark.django_db

SIMONE_VEIL = "Maison de santé pluriprofessionnelle Simone Veil de Figeac"
THEGRA = "Cabinet de médecine générale à reprendre à Thégra"
LAVERGNE = "Cabinet médical communal à louer à Lavergne"


@pytest.fixture
def offers(demo_data):
    return {
        offer.title: offer
        for offer in Vacancy.objects.exclude(title="").select_related(
            "commune", "profession", "structure", "validated_by"
        )
    }


def test_a_retiring_gp_offers_a_succession_in_a_small_lot_village(offers):
    succession = offers[THEGRA]
    assert succession.kind == OpportunityKind.SUCCESSION
    assert succession.offerer_kind == OffererKind.PRACTITIONER
    assert succession.commune.department_id == "46" and succession.commune.population < 1000
    assert succession.profession.code == "medecin-generaliste"
    assert not succession.contact_public and succession.contact_email.endswith("@demo.example")
    assert succession.status == VacancyStatus.OPEN and succession.validated_by is not None
    # The desk's « Départs à anticiper » finds him in the directory, aged 60 or more.
    gp = Professional.objects.get(rpps="98000000101")
    assert gp.commune == succession.commune and gp.birth_year <= succession.published_on.year - 60


def test_the_simone_veil_offices_say_what_the_source_says_and_no_more(offers):
    offices = offers["Bureaux vacants à la maison de santé Simone Veil"]
    assert offices.structure.name == SIMONE_VEIL
    assert offices.kind == OpportunityKind.PREMISES_RENT
    assert offices.working_time == WorkingTime.ONE_DAY and offices.office_available
    assert offices.rent_monthly is None and "à confirmer" in offices.description
    assert "dossier du Département du Lot" in offices.description


def test_a_replacement_in_the_gers_has_dates(offers):
    replacement = offers["Remplacement d'été d'un médecin généraliste à Auch"]
    assert replacement.kind == OpportunityKind.REPLACEMENT and not replacement.replacement_regular
    assert replacement.commune.department_id == "32"
    assert replacement.start_date > replacement.published_on
    assert replacement.end_date > replacement.start_date


def test_a_commune_lets_premises_for_every_profession(offers):
    premises = offers[LAVERGNE]
    assert premises.offerer_kind == OffererKind.COMMUNE
    assert premises.kind == OpportunityKind.PREMISES_RENT and premises.profession is None
    assert premises.rent_monthly > 0


def test_one_offer_waits_for_the_desk(offers):
    pending = [o for o in offers.values() if o.status == VacancyStatus.PENDING]
    assert len(pending) == 1
    assert pending[0].email_confirmed_at is not None and pending[0].validated_at is None
    assert not Match.objects.filter(vacancy=pending[0]).exists()


def test_the_demo_contacts_of_the_offers_are_fictitious(offers):
    for offer in Vacancy.objects.all():
        assert offer.contact_email == "" or offer.contact_email.endswith(".example")
        assert offer.contact_phone == "" or offer.contact_phone.startswith("+33199")
    assert all("Contacts et personnes fictifs." in o.description for o in offers.values())


def test_lea_morel_matches_exactly_the_succession_and_the_communal_premises(offers):
    case = Case.objects.get(applicant__email=MATCHING_NEWCOMER)
    matches = Match.objects.filter(case=case).select_related("vacancy")
    assert sorted(m.vacancy.title for m in matches) == sorted([LAVERGNE, THEGRA])
    reasons = {m.vacancy.title: m.reasons for m in matches}
    assert "même profession" in reasons[THEGRA]
    assert "ouverte à toutes les professions" in reasons[LAVERGNE]
    assert any("vous acceptez 10 km" in reason for reason in reasons[THEGRA])


def test_the_published_offers_have_their_matches(offers, demo_data):
    published = Vacancy.objects.published()
    assert Match.objects.exclude(vacancy__in=published).count() == 0
    # The Gers replacement fits the two GPs who wish Auch; the MSP's offices Figeac's GP.
    auch = offers["Remplacement d'été d'un médecin généraliste à Auch"]
    assert Match.objects.filter(vacancy=auch).count() == 2
    assert Match.objects.filter(vacancy=offers["Bureaux vacants à la maison de santé Simone Veil"])
    assert "2 pour Léa Morel" in demo_data
