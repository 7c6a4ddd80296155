"""Demo care offer for the Lot: structures named in the department's public material, with
fictitious contacts (01 99 … numbers, ``.example`` addresses), a few hundred synthetic
professionals (fixed random seed: the same every run) and open vacancies."""

import random
from datetime import date, timedelta

from django.utils import timezone

from structures.models import (
    Membership,
    Profession,
    Professional,
    ProfessionalSource,
    ProfessionalStatus,
    Structure,
    StructureKind,
    Vacancy,
    VacancyStatus,
)
from territories.models import Commune

# (key, name, kind, INSEE code, services, opening year)
STRUCTURES = [
    (
        "ch-cahors",
        "Centre hospitalier Jean Rougier de Cahors",
        StructureKind.HOSPITAL,
        "46042",
        ["urgences", "maternité", "imagerie"],
        None,
    ),
    (
        "ch-figeac",
        "Centre hospitalier de Figeac",
        StructureKind.HOSPITAL,
        "46102",
        ["urgences", "consultations avancées", "soins de suite"],
        None,
    ),
    (
        "ch-gourdon",
        "Centre hospitalier de Gourdon",
        StructureKind.LOCAL_HOSPITAL,
        "46127",
        ["médecine polyvalente", "soins de suite"],
        None,
    ),
    (
        "ch-gramat",
        "Centre hospitalier de Gramat",
        StructureKind.LOCAL_HOSPITAL,
        "46128",
        ["soins de suite", "accueil de jour"],
        None,
    ),
    (
        "ch-saint-cere",
        "Centre hospitalier de Saint-Céré",
        StructureKind.LOCAL_HOSPITAL,
        "46251",
        ["médecine", "bassin aquatique", "rééducation"],
        None,
    ),
    (
        "msp-labastide-murat",
        "Maison de santé pluriprofessionnelle de Labastide-Murat",
        StructureKind.MSP,
        "46138",
        ["soins non programmés", "accueil d'internes"],
        2012,
    ),
    (
        "msp-figeac",
        "Maison de santé pluriprofessionnelle Simone Veil de Figeac",
        StructureKind.MSP,
        "46102",
        ["soins non programmés", "éducation thérapeutique"],
        2019,
    ),
    (
        "cds-grand-figeac",
        "Centre de santé du Grand Figeac",
        StructureKind.HEALTH_CENTRE,
        "46102",
        ["médecins salariés", "antennes de proximité"],
        2021,
    ),
    (
        "cds-salviac",
        "Centre de santé de Salviac",
        StructureKind.HEALTH_CENTRE,
        "46297",
        ["médecins salariés"],
        2020,
    ),
    (
        "cpts-nord-lot",
        "CPTS Nord du Lot",
        StructureKind.CPTS,
        "46128",
        ["coordination des soins", "accueil des nouveaux professionnels"],
        2021,
    ),
    (
        "msp-souillac",
        "Maison de santé de Souillac",
        StructureKind.MSP,
        "46309",
        ["soins non programmés"],
        2015,
    ),
    ("msp-martel", "Maison de santé de Martel", StructureKind.MSP, "46185", [], 2014),
    ("msp-biars", "Maison de santé de Biars-Bretenoux", StructureKind.MSP, "46029", [], 2016),
    (
        "msp-lacapelle",
        "Maison de santé de Lacapelle-Marival",
        StructureKind.MSP,
        "46143",
        ["accueil d'internes"],
        2013,
    ),
    ("msp-cajarc", "Maison de santé de Cajarc", StructureKind.MSP, "46045", [], 2017),
    ("msp-lalbenque", "Maison de santé de Lalbenque", StructureKind.MSP, "46148", [], 2018),
    ("msp-puy-leveque", "Maison de santé de Puy-l'Évêque", StructureKind.MSP, "46231", [], 2011),
    ("msp-luzech", "Maison de santé de Luzech", StructureKind.MSP, "46182", [], 2016),
    (
        "cabinet-prayssac",
        "Cabinet médical de groupe de Prayssac",
        StructureKind.GROUP_PRACTICE,
        "46225",
        [],
        None,
    ),
    (
        "mds-figeac",
        "Maison des solidarités départementale de Figeac",
        StructureKind.SOLIDARITY_HOUSE,
        "46102",
        ["PMI", "accompagnement social"],
        None,
    ),
    (
        "mds-cahors",
        "Maison des solidarités départementale de Cahors",
        StructureKind.SOLIDARITY_HOUSE,
        "46042",
        ["PMI", "accompagnement social"],
        None,
    ),
    (
        "epa-gourdon",
        "Espace personnes âgées de Gourdon",
        StructureKind.ELDERLY_SPACE,
        "46127",
        ["accueil de jour", "information des aidants"],
        None,
    ),
    (
        "ehpad-saint-cere",
        "EHPAD de Saint-Céré",
        StructureKind.EHPAD,
        "46251",
        ["accueil de jour", "unité protégée"],
        None,
    ),
    ("ehpad-catus", "EHPAD de Catus", StructureKind.EHPAD, "46064", [], None),
]
NORTH_LOT_CPTS_MEMBERS = {
    "ch-gramat",
    "ch-saint-cere",
    "msp-souillac",
    "msp-martel",
    "msp-biars",
    "ehpad-saint-cere",
    "ch-gourdon",
    "epa-gourdon",
}

# (structure key, profession code, practice mode, working time, office available, days ago, text)
VACANCIES = [
    (
        "ch-figeac",
        "angiologie",
        "salaried",
        "part",
        False,
        20,
        "Consultations d'angiologie et de médecine vasculaire, plateau d'écho-Doppler.",
    ),
    (
        "ch-figeac",
        "dermatologie",
        "salaried",
        "one_day",
        True,
        35,
        "Consultations avancées de dermatologie, un jour par semaine possible.",
    ),
    (
        "ch-figeac",
        "ophtalmologie",
        "salaried",
        "part",
        True,
        12,
        "Consultations d'ophtalmologie avec orthoptiste sur place.",
    ),
    (
        "ch-figeac",
        "neurologie",
        "salaried",
        "full",
        False,
        50,
        "Neurologie, avis et consultations.",
    ),
    (
        "ch-figeac",
        "pediatrie",
        "salaried",
        "full",
        False,
        8,
        "Pédiatrie hospitalière et maternité.",
    ),
    (
        "cds-grand-figeac",
        "medecin-generaliste",
        "salaried",
        "full",
        True,
        5,
        "Médecin généraliste salarié·e, exercice en équipe, secrétariat assuré.",
    ),
    (
        "cds-salviac",
        "medecin-generaliste",
        "salaried",
        "part",
        True,
        15,
        "Médecin généraliste salarié·e, temps partiel possible.",
    ),
    (
        "msp-labastide-murat",
        "medecin-generaliste",
        "liberal",
        "one_day",
        True,
        95,
        "Cabinet équipé disponible, remplacements et installation accompagnés.",
    ),
    ("ehpad-saint-cere", "infirmier", "salaried", "full", False, 30, "Infirmier·e de jour."),
    (
        "msp-souillac",
        "masseur-kinesitherapeute",
        "liberal",
        "full",
        True,
        40,
        "Cabinet de kinésithérapie à reprendre au sein de la MSP.",
    ),
]

FIRST_NAMES = [
    "Camille",
    "Louise",
    "Jules",
    "Léa",
    "Hugo",
    "Chloé",
    "Arthur",
    "Manon",
    "Paul",
    "Inès",
    "Lucas",
    "Sarah",
    "Nathan",
    "Emma",
    "Théo",
    "Alice",
    "Antoine",
    "Julie",
    "Marc",
    "Claire",
    "Pierre",
    "Anne",
    "Simon",
    "Élise",
    "Romain",
    "Lucie",
]
LAST_NAMES = [
    "Delpech",
    "Lacoste",
    "Bouscarel",
    "Vialard",
    "Cazals",
    "Lafage",
    "Marty",
    "Roques",
    "Besse",
    "Couderc",
    "Lagarrigue",
    "Mazet",
    "Pradines",
    "Rességuier",
    "Souladié",
    "Vergnes",
    "Barrié",
    "Calmon",
    "Delmas",
    "Faurie",
    "Garrigou",
    "Lavergne",
]
# profession code → how many synthetic professionals
HEADCOUNTS = [
    ("medecin-generaliste", 175),
    ("infirmier", 60),
    ("masseur-kinesitherapeute", 30),
    ("chirurgien-dentiste", 20),
    ("sage-femme", 8),
    ("pharmacien", 15),
    ("cardiologie", 4),
    ("psychiatrie", 3),
    ("ophtalmologie", 3),
    ("orthophoniste", 8),
]
STRUCTURE_DOCTOR_KINDS = {
    StructureKind.MSP,
    StructureKind.HEALTH_CENTRE,
    StructureKind.GROUP_PRACTICE,
}


def _contacts(index):
    return {
        "phone": f"01 99 46 {10 + index:02d} {(index * 7) % 100:02d}",
        "email": f"contact{index + 1}@structure-lot.example",
        "website": "",
    }


def _load_structures():
    communes = Commune.objects.in_bulk([row[3] for row in STRUCTURES])
    by_key = {}
    for index, (key, name, kind, insee, services, year) in enumerate(STRUCTURES):
        commune = communes[insee]
        by_key[key], _ = Structure.objects.update_or_create(
            name=name,
            commune=commune,
            defaults={
                "kind": kind,
                "address": f"{index + 1} place de l'Exemple",
                "latitude": None,
                "longitude": None,
                "services": services,
                "opening_year": year,
                "published": True,
                "description": "Fiche de démonstration : contacts fictifs.",
                **_contacts(index),
            },
        )
    cpts = by_key["cpts-nord-lot"]
    Structure.objects.filter(pk__in=[by_key[key].pk for key in NORTH_LOT_CPTS_MEMBERS]).update(
        cpts=cpts
    )
    return by_key


def _load_professionals(structures, today):
    rng = random.Random(46)  # fixed seed: the same demo every run
    professions = {p.code: p for p in Profession.objects.all()}
    communes = list(Commune.objects.filter(department_id="46").order_by("insee_code"))
    weights = [max(commune.population, 50) for commune in communes]
    doctor_places = {}
    for structure in structures.values():
        if structure.kind in STRUCTURE_DOCTOR_KINDS:
            doctor_places.setdefault(structure.commune_id, []).append(structure)
    hospitals = [s for s in structures.values() if s.kind == StructureKind.HOSPITAL]
    number = 0
    memberships = 0
    for code, headcount in HEADCOUNTS:
        profession = professions[code]
        for _index in range(headcount):
            number += 1
            is_specialist = profession.parent_id is not None
            hospital = rng.choice(hospitals) if is_specialist else None
            commune = hospital.commune if hospital else rng.choices(communes, weights)[0]
            birth_year = rng.randint(today.year - 72, today.year - 29)
            # The youngest started recently, spread over the last years (not all this year).
            start_year = min(
                birth_year + rng.randint(28, 35), rng.randint(today.year - 6, today.year)
            )
            start_month = rng.randint(1, today.month if start_year == today.year else 12)
            status, changed = ProfessionalStatus.ACTIVE, None
            if rng.random() < 0.12:
                status = rng.choice([ProfessionalStatus.RETIRED, ProfessionalStatus.LEFT])
                changed = date(rng.randint(today.year - 8, today.year - 1), rng.randint(1, 12), 1)
            source = (
                ProfessionalSource.IMPORTED if rng.random() < 0.6 else ProfessionalSource.ENTERED
            )
            if (
                start_year >= today.year - 9
                and status == ProfessionalStatus.ACTIVE
                and rng.random() < 0.5
            ):
                source = ProfessionalSource.CASE
            professional, _ = Professional.objects.update_or_create(
                rpps=f"99{number:09d}",
                defaults={
                    "first_name": rng.choice(FIRST_NAMES),
                    "last_name": rng.choice(LAST_NAMES),
                    "profession": profession,
                    "commune": commune,
                    "birth_year": birth_year,
                    "practice_start": date(start_year, start_month, 1),
                    "status": status,
                    "status_changed_on": changed,
                    "source": source,
                    "public_listing": rng.random() < 0.3,
                    "email": f"pro{number}@demo-sante.example",
                },
            )
            place = hospital or (
                rng.choice(doctor_places[commune.pk]) if commune.pk in doctor_places else None
            )
            if place is not None:
                Membership.objects.update_or_create(
                    professional=professional,
                    structure=place,
                    defaults={"role": "", "time_share": 100 if hospital is None else 80},
                )
                memberships += 1
    return number, memberships


def _load_vacancies(structures, today):
    professions = {p.code: p for p in Profession.objects.all()}
    for key, code, mode, working_time, office, days_ago, text in VACANCIES:
        published = today - timedelta(days=days_ago)
        Vacancy.objects.update_or_create(
            structure=structures[key],
            profession=professions[code],
            defaults={
                "practice_mode": mode,
                "working_time": working_time,
                "office_available": office,
                "description": text,
                "status": VacancyStatus.OPEN,
                "published_on": published,
                "confirmed_on": published,
            },
        )
    return len(VACANCIES)


def load(report):
    today = timezone.localdate()
    if not Commune.objects.filter(insee_code="46042").exists():
        report.line("Offre de soins : communes du Lot absentes, rien chargé.")
        return
    structures = _load_structures()
    professionals, memberships = _load_professionals(structures, today)
    vacancies = _load_vacancies(structures, today)
    report.line(
        f"Offre de soins : {len(structures)} structures, {professionals} professionnels "
        f"({memberships} rattachés à une structure), {vacancies} postes à pourvoir."
    )
