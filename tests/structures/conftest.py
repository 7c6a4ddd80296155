import pytest

from tests.structures.factories import StructureFactory, VacancyFactory
from tests.territories.factories import CommuneFactory


@pytest.fixture
def gramat(lot):
    return CommuneFactory(
        insee_code="46128",
        name="Gramat",
        department=lot,
        population=3500,
        latitude=44.7636,
        longitude=1.7162,
    )


@pytest.fixture
def saint_cere(lot):
    return CommuneFactory(
        insee_code="46251",
        name="Saint-Céré",
        department=lot,
        population=3400,
        latitude=44.8532,
        longitude=1.8926,
    )


@pytest.fixture
def figeac_hospital(figeac, professions):
    return StructureFactory(
        name="Centre hospitalier de Figeac", kind="centre_hospitalier", commune=figeac
    )


@pytest.fixture
def cahors_msp(cahors, professions):
    return StructureFactory(name="MSP de Cahors", commune=cahors)


@pytest.fixture
def angiology_vacancy(figeac_hospital, professions):
    return VacancyFactory(
        structure=figeac_hospital, profession=professions["angiologie"], practice_mode="salaried"
    )
