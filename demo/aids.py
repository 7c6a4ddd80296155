"""Demo aids: the seeded schemes (kept by the Lot desk) and a demonstration zoning of the Lot.

No official per-commune zoning file is available offline. The department's material says
almost all of the Lot is a « zone fragile », so the demo marks every Lot commune: ZAC in the
Grand Cahors agglomeration (Cahors itself unzoned), ZIP elsewhere, and FRR for communes under
3,500 inhabitants. Their zoning source is ``DEMO_ZONING_SOURCE``: every page that shows it says
it is demonstration data, and ``manage.py import_zoning`` clears it when a real file arrives.
"""

from django.utils import timezone

from aids.seed import seed_schemes
from portal import pagecache
from portal.formatting import plural
from territories.models import DEMO_ZONING_SOURCE, Commune, Desk, DoctorZoning, RuralZoning

GRAND_CAHORS = "200023737"
CAHORS = "46042"
RURAL_POPULATION_LIMIT = 3500


def demo_zoning():
    """Mark the Lot's communes, unless a real zoning was imported there. Returns a count."""
    lot = Commune.objects.filter(department_id="46").filter(
        zoning_source__in=["", DEMO_ZONING_SOURCE]
    )
    today = timezone.localdate()
    communes = list(lot)
    for commune in communes:
        if commune.insee_code == CAHORS:
            commune.doctor_zoning = ""
        elif commune.epci_id == GRAND_CAHORS:
            commune.doctor_zoning = DoctorZoning.ZAC
        else:
            commune.doctor_zoning = DoctorZoning.ZIP
        commune.rural_zoning = (
            RuralZoning.FRR if commune.population < RURAL_POPULATION_LIMIT else ""
        )
        commune.zoning_source = DEMO_ZONING_SOURCE
        if commune.zoning_date is None:
            commune.zoning_date = today
    Commune.objects.bulk_update(
        communes,
        ["doctor_zoning", "rural_zoning", "zoning_source", "zoning_date"],
        batch_size=500,
    )
    pagecache.bump("territories")  # bulk_update() sends no signal
    return len(communes)


def load(report):
    desk = Desk.objects.filter(slug="lot").first()
    created, updated, skipped = seed_schemes(desk=desk)
    report.line(
        f"Aides : {created + updated} dispositifs (dont {created} nouveaux), "
        f"{skipped} {plural(skipped, 'ignoré', 'ignorés')}."
    )
    report.line(f"Zonage de démonstration posé sur {demo_zoning()} communes du Lot.")
