import pytest

from territories.models import DEMO_ZONING_SOURCE, DoctorZoning, RuralZoning
from tests.territories.factories import CommuneFactory

REAL_SOURCE = "Arrêté ARS Occitanie (test)"


@pytest.fixture
def zoned_figeac(figeac):
    """Figeac in ZIP (real, imported) and not in a rural zone."""
    figeac.doctor_zoning = DoctorZoning.ZIP
    figeac.zoning_source = REAL_SOURCE
    figeac.save()
    return figeac


@pytest.fixture
def zac_commune(lot):
    return CommuneFactory(
        insee_code="46201",
        name="Pradines",
        department=lot,
        doctor_zoning=DoctorZoning.ZAC,
        rural_zoning="",
        zoning_source=REAL_SOURCE,
    )


@pytest.fixture
def frr_commune(lot):
    return CommuneFactory(
        insee_code="46300",
        name="Sousceyrac",
        department=lot,
        doctor_zoning=DoctorZoning.ZIP,
        rural_zoning=RuralZoning.FRR,
        zoning_source=REAL_SOURCE,
    )


@pytest.fixture
def unzoned_commune(lot):
    """Zoning stated (real source): in no zone at all."""
    return CommuneFactory(
        insee_code="46400", name="Villeneuve", department=lot, zoning_source=REAL_SOURCE
    )


@pytest.fixture
def demo_commune(lot):
    return CommuneFactory(
        insee_code="46500",
        name="Gramat",
        department=lot,
        doctor_zoning=DoctorZoning.ZIP,
        zoning_source=DEMO_ZONING_SOURCE,
    )
