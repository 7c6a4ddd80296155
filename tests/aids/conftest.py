from datetime import date

import pytest

from territories.models import (
    DEMO_ZONING_SOURCE,
    CommuneZoning,
    ProfessionGroup,
    ZoningKind,
    ZoningLayer,
)
from tests.territories.factories import CommuneFactory

REAL_SOURCE = "Arrêté ARS Occitanie (test)"
DECIDED = date(2024, 3, 12)


def zoning_layer(
    classes,
    *,
    kind=ZoningKind.ARS,
    group=ProfessionGroup.MEDECINS,
    source=REAL_SOURCE,
    decided_on=DECIDED,
    valid_from=date(2024, 4, 1),
    valid_until=None,
    is_demo=False,
):
    """A zoning layer classing each commune of ``classes`` (``{commune: "ZIP"}``)."""
    layer = ZoningLayer.objects.create(
        kind=kind,
        profession_group=group if kind == ZoningKind.ARS else "",
        name=f"Zonage {kind} {group} (test)",
        source=source,
        decided_on=decided_on,
        valid_from=valid_from,
        valid_until=valid_until,
        is_demo=is_demo,
    )
    CommuneZoning.objects.bulk_create(
        CommuneZoning(layer=layer, commune=commune, value=value)
        for commune, value in classes.items()
    )
    return layer


@pytest.fixture
def zoned_figeac(figeac):
    """Figeac in the doctors' ZIP (real, imported) and « hors » the rural layer."""
    zoning_layer({figeac: "ZIP"})
    zoning_layer({figeac: "hors"}, kind=ZoningKind.FRR, source="Arrêté FRR (test)")
    return figeac


@pytest.fixture
def zac_commune(lot):
    commune = CommuneFactory(insee_code="46201", name="Pradines", department=lot)
    zoning_layer({commune: "ZAC"})
    return commune


@pytest.fixture
def frr_commune(lot):
    commune = CommuneFactory(insee_code="46300", name="Sousceyrac", department=lot)
    zoning_layer({commune: "ZIP"})
    zoning_layer({commune: "FRR"}, kind=ZoningKind.FRR, source="Arrêté FRR (test)")
    return commune


@pytest.fixture
def unzoned_commune(lot):
    """Zoning stated (real source): in no zone at all."""
    commune = CommuneFactory(insee_code="46400", name="Villeneuve", department=lot)
    zoning_layer({commune: "hors"})
    zoning_layer({commune: "hors"}, kind=ZoningKind.FRR, source="Arrêté FRR (test)")
    return commune


@pytest.fixture
def demo_commune(lot):
    commune = CommuneFactory(insee_code="46500", name="Gramat", department=lot)
    zoning_layer({commune: "ZIP"}, source=DEMO_ZONING_SOURCE, is_demo=True)
    return commune
