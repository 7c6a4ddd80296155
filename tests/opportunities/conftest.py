"""Places and people of the matching tests (tests/opportunities/test_matching*.py): the Lot
desk's Figeac and Cajarc (20 km apart, both in the CC Grand-Figeac), Cahors (another EPCI,
60 km from Figeac), a GP's case that wishes Figeac."""

import pytest

from structures.models import OpportunityKind, VacancyStatus
from tests.installations.factories import CaseFactory
from tests.structures.factories import VacancyFactory
from tests.territories.factories import CommuneFactory


@pytest.fixture
def cajarc(lot, grand_figeac):
    return CommuneFactory(
        insee_code="46048",
        name="Cajarc",
        department=lot,
        epci=grand_figeac,
        postal_codes="46160",
        population=1100,
        latitude=44.4856,
        longitude=1.8414,
    )


@pytest.fixture
def gp_case(desk, gp, newcomer, figeac):
    """Camille's GP case, sent, wishing Figeac."""
    return CaseFactory(
        desk=desk,
        applicant=newcomer,
        profession=gp,
        communes=[figeac],
        first_name="Camille",
        last_name="Durand",
        reference="INS-2026-00001",
    )


def offer(commune, **fields):
    """A published offer without a structure (a practitioner's, a commune's)."""
    defaults = {
        "structure": None,
        "commune": commune,
        "kind": OpportunityKind.SUCCESSION,
        "offerer_kind": "practitioner",
        "offerer_name": "Dr Martin",
        "contact_name": "Dr Paul Martin",
        "contact_email": "paul.martin@exemple.test",
        "contact_phone": "+33565000000",
        "status": VacancyStatus.OPEN,
        "practice_mode": "liberal",
    }
    return VacancyFactory(**{**defaults, **fields})
