"""Demo training sites: GP practices accredited for interns and the Cahors hospital
(examples, not sourced: fictitious contacts, 01 99 00 numbers and ``.example`` addresses)."""

from structures.models import Placement, Profession, Structure

# (name, structure name, profession code, levels (externs, interns, juniors), places,
#  housing, transport, offer)
PLACEMENTS = [
    (
        "Stage de médecine générale — MSP de Labastide-Murat",
        "Maison de santé pluriprofessionnelle de Labastide-Murat",
        "medecin-generaliste",
        (True, True, True),
        2,
        True,
        True,
        "Chambre à la maison des internes de Cahors ; indemnité de transport ; véhicule prêté "
        "pour les visites.",
    ),
    (
        "Stage de médecine générale — MSP Simone Veil de Figeac",
        "Maison de santé pluriprofessionnelle Simone Veil de Figeac",
        "medecin-generaliste",
        (False, True, True),
        2,
        True,
        False,
        "Studio prêté par la commune de Figeac pendant le semestre.",
    ),
    (
        "Stage de médecine générale — Maison de santé de Martel",
        "Maison de santé de Martel",
        "medecin-generaliste",
        (True, True, False),
        1,
        False,
        True,
        "Indemnité kilométrique pour les trajets depuis Cahors ou Brive.",
    ),
    (
        "Stage de médecine générale — Maison de santé de Cajarc",
        "Maison de santé de Cajarc",
        "medecin-generaliste",
        (False, True, False),
        1,
        True,
        True,
        "Logement communal meublé, gratuit.",
    ),
    (
        "Urgences — Centre hospitalier de Cahors",
        "Centre hospitalier de Cahors",
        "medecine-urgence",
        (True, True, True),
        4,
        True,
        False,
        "Chambres à l'internat de l'hôpital, repas au self.",
    ),
    (
        "Pédiatrie — Centre hospitalier de Cahors",
        "Centre hospitalier de Cahors",
        "pediatrie",
        (False, True, True),
        2,
        True,
        False,
        "Chambres à l'internat de l'hôpital.",
    ),
]


def load(report):
    professions = {p.code: p for p in Profession.objects.all()}
    structures = {
        s.name: s
        for s in Structure.objects.filter(name__in=[row[1] for row in PLACEMENTS]).select_related(
            "commune"
        )
    }
    count = 0
    for index, (name, host, code, levels, places, housing, transport, offer) in enumerate(
        PLACEMENTS
    ):
        structure = structures.get(host)
        if structure is None or code not in professions:
            continue
        externs, interns, juniors = levels
        Placement.objects.update_or_create(
            name=name,
            defaults={
                "structure": structure,
                "commune": structure.commune,
                "profession": professions[code],
                "accepts_externs": externs,
                "accepts_interns": interns,
                "accepts_junior_doctors": juniors,
                "places_per_semester": places,
                "offers_housing": housing,
                "transport_help": transport,
                "offer_details": offer,
                "description": (
                    "Terrain de stage donné en exemple (démonstration) : contacts fictifs."
                ),
                "contact_email": f"stages{index + 1}@demo-sante.example",
                "contact_phone": f"01 99 00 55 {10 + index:02d}",
                "published": True,
            },
        )
        count += 1
    report.line(f"Terrains de stage : {count}.")
