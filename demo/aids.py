"""Demo aids: the seeded schemes (kept by the Lot desk) and a demonstration zoning of the Lot.

No official per-commune zoning file is available offline. The department's material says
almost all of the Lot is a « zone fragile », so the demo makes three layers, each flagged
``is_demo`` and named « Zonage de démonstration » (every page that shows them says so):
the doctors' ARS zoning (ZAC in the Grand Cahors agglomeration, Cahors itself « hors », ZIP
elsewhere), the nurses' (« hors » everywhere: a nurse is not in the doctors' ZIP) and FRR for
communes under 3,500 inhabitants (not the real criterion). ``manage.py import_zoning``
removes a demo layer when the real one arrives; the demo never replaces a real layer.
"""

from django.utils import timezone

from aids.seed import seed_schemes
from portal import pagecache
from portal.formatting import plural
from territories.models import (
    DEMO_ZONING_SOURCE,
    Commune,
    CommuneZoning,
    Desk,
    ProfessionGroup,
    ZoningKind,
    ZoningLayer,
)

GRAND_CAHORS = "200023737"
CAHORS = "46042"
RURAL_POPULATION_LIMIT = 3500


DEMO_LAYERS = {
    (ZoningKind.ARS, ProfessionGroup.MEDECINS): "Zonage de démonstration : médecins (ARS)",
    (ZoningKind.ARS, ProfessionGroup.INFIRMIERS): "Zonage de démonstration : infirmiers (ARS)",
    (ZoningKind.FRR, ""): "Zonage de démonstration : France Ruralités Revitalisation",
}


def _demo_class(kind, group, commune):
    if kind == ZoningKind.FRR:
        return "FRR" if commune.population < RURAL_POPULATION_LIMIT else "hors"
    if group == ProfessionGroup.INFIRMIERS or commune.insee_code == CAHORS:
        return "hors"
    return "ZAC" if commune.epci_id == GRAND_CAHORS else "ZIP"


def demo_zoning():
    """Lay the demo layers over the Lot's communes, but where a real layer of the same zoning
    was imported. Returns how many communes the demo classes."""
    lot = list(Commune.objects.filter(department_id="46").only("pk", "epci_id", "population"))
    today = timezone.localdate()
    for (kind, group), name in DEMO_LAYERS.items():
        layers = ZoningLayer.objects.filter(kind=kind, profession_group=group)
        if layers.filter(is_demo=False).exists():
            layers.filter(is_demo=True).delete()
            continue
        layer, _created = ZoningLayer.objects.update_or_create(
            kind=kind,
            profession_group=group,
            is_demo=True,
            defaults={"name": name, "source": DEMO_ZONING_SOURCE},
            create_defaults={
                "name": name,
                "source": DEMO_ZONING_SOURCE,
                "decided_on": today,
                "valid_from": today,
            },
        )
        layer.classes.all().delete()
        CommuneZoning.objects.bulk_create(
            [
                CommuneZoning(layer=layer, commune=commune, value=_demo_class(kind, group, commune))
                for commune in lot
            ],
            batch_size=1000,
        )
    pagecache.bump("territories")  # bulk_create() sends no signal
    return len(lot)


def load(report):
    desk = Desk.objects.filter(slug="lot").first()
    created, updated, skipped = seed_schemes(desk=desk)
    report.line(
        f"Aides : {created + updated} dispositifs (dont {created} nouveaux), "
        f"{skipped} {plural(skipped, 'ignoré', 'ignorés')}."
    )
    report.line(f"Zonage de démonstration posé sur {demo_zoning()} communes du Lot.")
