"""Demo care offer for the Lot (and the one Gers structure its trainings need): structures
named in the public material of sources/ (the Lot department's installation dossier, the
CPTS Nord du Lot, the MSP du bassin lectourois), with fictitious contacts (01 99 00 numbers,
``.example`` addresses), a few hundred synthetic professionals (fixed random seed: the same
every run), open vacancies, the CPTS Nord du Lot's territory (the communes of Cauvaldor) and
the fictitious professionals installed since 2024 whom its welcome evening invites. What no
source states is labelled « exemple (démonstration) » on the structure's page, and opening
years are given only where a source dates them."""

import random
from datetime import date, timedelta

from django.utils import timezone

from structures.models import (
    PLACE_KINDS,
    Membership,
    OpportunityKind,
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

LOT_DOSSIER = "dossier du Département du Lot sur l'installation des professionnels de santé"
FICTITIOUS = "Contacts et personnes fictifs."
EXAMPLE_NOTE = (
    "Exemple (démonstration) : aucune source ne confirme cette fiche ni ses services. " + FICTITIOUS
)

# (key, name, kind, INSEE code, services, opening year)
STRUCTURES = [
    (
        "ch-cahors",
        "Centre hospitalier de Cahors",
        StructureKind.HOSPITAL,
        "46042",
        ["cardiologie", "chirurgie", "maternité", "neurologie", "réanimation"],
        None,
    ),
    (
        "ch-figeac",
        "Centre hospitalier de Figeac",
        StructureKind.HOSPITAL,
        "46102",
        ["deux EHPAD", "unité de 14 places pour personnes désorientées"],
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
        ["médecine", "rééducation"],
        None,
    ),
    (
        "msp-labastide-murat",
        "Maison de santé pluriprofessionnelle de Labastide-Murat",
        StructureKind.MSP,
        "46138",
        [
            "bassin aquatique",
            "accueil de jour (maladie d'Alzheimer, perte d'autonomie)",
            "accueil mutualisé",
            "équipe du Gérontopôle de Toulouse",
        ],
        2015,
    ),
    (
        "msp-figeac",
        "Maison de santé pluriprofessionnelle Simone Veil de Figeac",
        StructureKind.MSP,
        "46102",
        ["bureaux vacants", "exercice possible un jour par semaine"],
        None,
    ),
    (
        "cds-grand-figeac",
        "Centre de santé du Grand Figeac",
        StructureKind.HEALTH_CENTRE,
        "46102",
        ["médecins salariés"],
        None,
    ),
    (
        "cds-salviac",
        "Centre intercommunal de santé de Salviac",
        StructureKind.HEALTH_CENTRE,
        "46297",
        ["médecins salariés"],
        None,
    ),
    (
        "cpts-nord-lot",
        "CPTS Nord du Lot",
        StructureKind.CPTS,
        "46128",
        ["coordination des soins", "accueil des nouveaux professionnels"],
        None,
    ),
    ("msp-souillac", "Maison de santé de Souillac", StructureKind.MSP, "46309", [], None),
    ("msp-martel", "Maison de santé de Martel", StructureKind.MSP, "46185", [], None),
    ("msp-biars", "Maison de santé de Biars-Bretenoux", StructureKind.MSP, "46029", [], None),
    (
        "msp-lacapelle",
        "Maison de santé de Lacapelle-Marival",
        StructureKind.MSP,
        "46143",
        ["accueil d'internes"],
        None,
    ),
    ("msp-cajarc", "Maison de santé de Cajarc", StructureKind.MSP, "46045", [], None),
    ("msp-lalbenque", "Maison de santé de Lalbenque", StructureKind.MSP, "46148", [], None),
    ("msp-puy-leveque", "Maison de santé de Puy-l'Évêque", StructureKind.MSP, "46231", [], None),
    ("msp-luzech", "Maison de santé de Luzech", StructureKind.MSP, "46182", [], None),
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
    (
        "msp-bassin-lectourois",
        "Maison de santé pluriprofessionnelle du bassin lectourois",
        StructureKind.MSP,
        "32208",
        ["formations pluriprofessionnelles le jeudi soir"],
        None,
    ),
]
# What a source says of a structure (shown as its presentation); the others are examples.
DESCRIPTIONS = {
    "ch-cahors": (
        f"D'après le {LOT_DOSSIER} : le plus gros établissement de santé du Lot, plus de "
        "1 000 agents permanents et plus d'une quarantaine de spécialités, en liaison avec "
        "l'hôpital de Rangueil à Toulouse. "
    ),
    "ch-figeac": (
        f"D'après le {LOT_DOSSIER} : plus de 400 agents, dont une cinquantaine de médecins, "
        "262 lits entre l'hôpital et deux EHPAD. "
    ),
    "ch-gourdon": f"Hôpital cité par le {LOT_DOSSIER} ; services donnés en exemple. ",
    "ch-gramat": f"Hôpital cité par le {LOT_DOSSIER} ; services donnés en exemple. ",
    "ch-saint-cere": f"Hôpital cité par le {LOT_DOSSIER} ; services donnés en exemple. ",
    "msp-labastide-murat": (
        f"D'après le {LOT_DOSSIER} : maison de santé inaugurée en 2015, avec son propre bassin "
        "aquatique, un accueil de jour pour les personnes atteintes de la maladie d'Alzheimer "
        "ou en perte d'autonomie, un accueil mutualisé et une équipe détachée du Gérontopôle "
        "de Toulouse ; label « Pôle d'Excellence Rurale ». "
    ),
    "msp-figeac": (
        f"D'après le {LOT_DOSSIER} : une trentaine de professionnels ; la maison recherche des "
        "médecins généralistes et des spécialistes (angiologue, dermatologue, ophtalmologue, "
        "neurologue, pédiatre), avec des bureaux vacants dès l'arrivée et la possibilité "
        "d'exercer un seul jour par semaine. "
    ),
    "cds-grand-figeac": (
        f"D'après le {LOT_DOSSIER} : recherche des médecins généralistes salariés. "
    ),
    "cds-salviac": f"D'après le {LOT_DOSSIER} : recherche des médecins généralistes salariés. ",
    "cpts-nord-lot": (
        "Avec Cauvaldor, la CPTS a organisé le 20 novembre 2025 à Alvignac-les-Eaux une soirée "
        "d'accueil des nouveaux professionnels de santé (source : CPTS Nord du Lot). Siège et "
        "structures membres : exemple (démonstration). "
    ),
    "msp-souillac": (
        f"Maison de santé montrée en photo dans le {LOT_DOSSIER} ; services : exemple "
        "(démonstration). "
    ),
    "msp-bassin-lectourois": (
        "D'après la MSP : depuis 2023, formations pluridisciplinaires le jeudi soir, à la salle "
        "des fêtes de Castelnau-d'Arbieu, pour les professionnels de santé de la Lomagne "
        "gersoise ; projet de CPTS Lomagne gersoise. Adresse à Lectoure : exemple "
        "(démonstration). "
    ),
}
# Names the demo once gave, for a second load over an older demo to rename rather than add.
RENAMED = {
    "Centre hospitalier Jean Rougier de Cahors": "Centre hospitalier de Cahors",
    "Centre de santé de Salviac": "Centre intercommunal de santé de Salviac",
}
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

SIMONE_VEIL_OFFER = (
    f"Bureau vacant dès l'arrivée, exercice possible un seul jour par semaine (source : "
    f"{LOT_DOSSIER})."
)
EXAMPLE_VACANCY = " Offre donnée en exemple (démonstration)."
# The specialties the MSP Simone Veil recruits (the source), liberal practice in its offices.
SIMONE_VEIL_SPECIALTIES = ["angiologie", "dermatologie", "ophtalmologie", "neurologie", "pediatrie"]

# (structure key, profession code, practice mode, working time, office available, days ago, text)
VACANCIES = [
    *(
        ("msp-figeac", code, "liberal", "one_day", True, days_ago, SIMONE_VEIL_OFFER)
        for code, days_ago in zip(SIMONE_VEIL_SPECIALTIES, [20, 35, 12, 50, 8], strict=True)
    ),
    (
        "msp-figeac",
        "medecin-generaliste",
        "liberal",
        "one_day",
        True,
        10,
        "Médecin généraliste au sein d'une équipe d'une trentaine de professionnels. "
        + SIMONE_VEIL_OFFER,
    ),
    (
        "cds-grand-figeac",
        "medecin-generaliste",
        "salaried",
        "full",
        True,
        5,
        f"Médecin généraliste salarié·e (source : {LOT_DOSSIER}).",
    ),
    (
        "cds-salviac",
        "medecin-generaliste",
        "salaried",
        "part",
        True,
        15,
        f"Médecin généraliste salarié·e (source : {LOT_DOSSIER}).",
    ),
    (
        "msp-labastide-murat",
        "medecin-generaliste",
        "liberal",
        "one_day",
        True,
        95,
        "Cabinet équipé disponible, remplacements et installation accompagnés." + EXAMPLE_VACANCY,
    ),
    (
        "ehpad-saint-cere",
        "infirmier",
        "salaried",
        "full",
        False,
        30,
        "Infirmier·e de jour." + EXAMPLE_VACANCY,
    ),
    (
        "msp-souillac",
        "masseur-kinesitherapeute",
        "liberal",
        "full",
        True,
        40,
        "Cabinet de kinésithérapie à reprendre au sein de la MSP." + EXAMPLE_VACANCY,
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
# The professionals installed since 2024 whom the CPTS Nord du Lot and Cauvaldor welcome
# (fictitious, fixed whatever the day, RPPS in the 98… block): most in Cauvaldor, mixed
# professions, some from the directory rather than a case, some attached to no structure, two
# without e-mail (« courrier seulement » : their postal address is on their invitation), and
# three outside Cauvaldor so that an area criterion visibly leaves them out.
# (RPPS, first name, last name, profession, INSEE code, start, source, structure key, e-mail)
CAUVALDOR = "200066371"  # CC Causses et Vallée de la Dordogne: the CPTS Nord du Lot's area
_IMPORTED, _ENTERED, _CASE = (
    ProfessionalSource.IMPORTED,
    ProfessionalSource.ENTERED,
    ProfessionalSource.CASE,
)
NEWCOMERS = [
    (
        "98000000001",
        "Adèle",
        "Fontanel",
        "medecin-generaliste",
        "46309",
        date(2024, 2, 1),
        _IMPORTED,
        "msp-souillac",
        "adele.fontanel@demo-sante.example",
    ),
    (
        "98000000002",
        "Baptiste",
        "Issaly",
        "infirmier",
        "46185",
        date(2024, 5, 1),
        _ENTERED,
        None,
        "baptiste.issaly@demo-sante.example",
    ),
    (
        "98000000003",
        "Coralie",
        "Mouly",
        "masseur-kinesitherapeute",
        "46128",
        date(2024, 9, 1),
        _IMPORTED,
        None,
        "coralie.mouly@demo-sante.example",
    ),
    (
        "98000000004",
        "Damien",
        "Laporte",
        "chirurgien-dentiste",
        "46251",
        date(2025, 1, 1),
        _IMPORTED,
        None,
        "",
    ),
    (
        "98000000005",
        "Estelle",
        "Cayrou",
        "sage-femme",
        "46029",
        date(2024, 3, 1),
        _CASE,
        "msp-biars",
        "estelle.cayrou@demo-sante.example",
    ),
    (
        "98000000006",
        "Fabien",
        "Rouzières",
        "osteopathe",
        "46240",
        date(2024, 11, 1),
        _ENTERED,
        None,
        "fabien.rouzieres@demo-sante.example",
    ),
    (
        "98000000007",
        "Gwenaëlle",
        "Tournié",
        "orthophoniste",
        "46330",
        date(2025, 3, 1),
        _IMPORTED,
        None,
        "",
    ),
    (
        "98000000008",
        "Hervé",
        "Salvat",
        "pedicure-podologue",
        "46003",
        date(2024, 6, 1),
        _IMPORTED,
        None,
        "herve.salvat@demo-sante.example",
    ),
    (
        "98000000009",
        "Isaure",
        "Malbec",
        "medecin-generaliste",
        "46185",
        date(2025, 6, 1),
        _CASE,
        "msp-martel",
        "isaure.malbec@demo-sante.example",
    ),
    (
        "98000000010",
        "Jérôme",
        "Pélissié",
        "educateur-specialise",
        "46311",
        date(2024, 10, 1),
        _ENTERED,
        None,
        "jerome.pelissie@demo-sante.example",
    ),
    # Outside Cauvaldor (Grand-Figeac, Grand Cahors, Quercy Bouriane).
    (
        "98000000011",
        "Katell",
        "Ournac",
        "medecin-generaliste",
        "46102",
        date(2024, 4, 1),
        _IMPORTED,
        "msp-figeac",
        "katell.ournac@demo-sante.example",
    ),
    (
        "98000000012",
        "Lionel",
        "Bargues",
        "infirmier",
        "46042",
        date(2024, 7, 1),
        _IMPORTED,
        None,
        "lionel.bargues@demo-sante.example",
    ),
    (
        "98000000013",
        "Mélodie",
        "Carles",
        "masseur-kinesitherapeute",
        "46127",
        date(2025, 2, 1),
        _ENTERED,
        None,
        "melodie.carles@demo-sante.example",
    ),
]
# The postal address of the two « courrier seulement » newcomers (a fictitious street in their
# real commune), used on their invitations: the directory holds no address.
NEWCOMER_ADDRESSES = {
    "98000000004": ("4 rue de l'Exemple", "46400", "Saint-Céré"),
    "98000000007": ("7 place de l'Exemple", "46110", "Vayrac"),
}

STRUCTURE_DOCTOR_KINDS = {
    StructureKind.MSP,
    StructureKind.HEALTH_CENTRE,
    StructureKind.GROUP_PRACTICE,
}


def _contacts(index):
    return {
        "phone": f"01 99 00 70 {10 + index:02d}",
        "email": f"contact{index + 1}@structure-lot.example",
        "website": "",
    }


def _load_structures():
    communes = Commune.objects.in_bulk([row[3] for row in STRUCTURES])
    for old, new in RENAMED.items():
        if not Structure.objects.filter(name=new).exists():
            for structure in Structure.objects.filter(name=old):
                structure.name = new
                structure.save()  # search_name follows the name
    by_key = {}
    for index, (key, name, kind, insee, services, year) in enumerate(STRUCTURES):
        commune = communes[insee]
        presentation = DESCRIPTIONS[key] + FICTITIOUS if key in DESCRIPTIONS else EXAMPLE_NOTE
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
                "description": presentation,
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


# A liberal post in a structure is a collaboration; the one « à reprendre » a succession.
VACANCY_KINDS = {("msp-souillac", "masseur-kinesitherapeute"): OpportunityKind.SUCCESSION}


def _kind_of(mode):
    return OpportunityKind.SALARIED if mode == "salaried" else OpportunityKind.COLLABORATION


def _load_vacancies(structures, today):
    professions = {p.code: p for p in Profession.objects.all()}
    for key, code, mode, working_time, office, days_ago, text in VACANCIES:
        published = today - timedelta(days=days_ago)
        # The posts, not the premises demo/opportunities.py adds to the same structure.
        Vacancy.objects.exclude(kind__in=PLACE_KINDS).update_or_create(
            structure=structures[key],
            profession=professions[code],
            defaults={
                "kind": VACANCY_KINDS.get((key, code), _kind_of(mode)),
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


def _load_cpts_territory(structures):
    """The CPTS Nord du Lot covers the communes of Cauvaldor: its members are then also the
    professionals practising there who belong to no structure."""
    communes = Commune.objects.filter(epci_id=CAUVALDOR)
    structures["cpts-nord-lot"].territory_communes.set(communes)
    return communes.count()


def _load_newcomers(structures):
    professions = {p.code: p for p in Profession.objects.all()}
    communes = Commune.objects.in_bulk([row[4] for row in NEWCOMERS])
    for rpps, first, last, code, insee, start, source, key, email in NEWCOMERS:
        professional, _ = Professional.objects.update_or_create(
            rpps=rpps,
            defaults={
                "first_name": first,
                "last_name": last,
                "profession": professions[code],
                "commune": communes[insee],
                "birth_year": 1990 + int(rpps[-2:]) % 7,
                "practice_start": start,
                "status": ProfessionalStatus.ACTIVE,
                "status_changed_on": None,
                "source": source,
                "public_listing": False,
                "email": email,
            },
        )
        if key is None:
            professional.memberships.all().delete()
        else:
            Membership.objects.update_or_create(
                professional=professional,
                structure=structures[key],
                defaults={"role": "", "time_share": 100},
            )
    return len(NEWCOMERS)


def load(report):
    today = timezone.localdate()
    if not Commune.objects.filter(insee_code="46042").exists():
        report.line("Offre de soins : communes du Lot absentes, rien chargé.")
        return
    structures = _load_structures()
    professionals, memberships = _load_professionals(structures, today)
    vacancies = _load_vacancies(structures, today)
    territory = _load_cpts_territory(structures)
    newcomers = _load_newcomers(structures)
    report.line(
        f"Offre de soins : {len(structures)} structures, {professionals} professionnels "
        f"({memberships} rattachés à une structure), {vacancies} postes à pourvoir ; "
        f"la CPTS Nord du Lot couvre les {territory} communes de Cauvaldor ; "
        f"{newcomers} nouveaux installés depuis 2024 (fictifs)."
    )
