"""The aid schemes the desk starts with, each marked with its source.

Every figure below was given by the source named on the entry; whatever the source did not
say stays empty (the page then reads « à vérifier ») or is written as a condition to check.
``seed_schemes()`` is idempotent (matched on the slug) and leaves alone the fields staff may
have verified since (``last_verified``, ``published``) on schemes that already exist.
"""

from decimal import Decimal

from aids.enums import AmountPeriod, CareerStage, Funder, SchemeKind, TerritoryLevel
from aids.enums import ZoningRequirement as Zoning
from aids.models import Scheme
from structures.models import Profession
from territories.models import Department

DEPARTMENT_SOURCE = "Documentation d'accueil des professionnels de santé du Département du Lot"
PAPS_SOURCE = (
    "Portail d'accompagnement des professionnels de santé (PAPS) Occitanie, "
    "« Les aides à l'installation »"
)
PAPS_URL = "https://occitanie.paps.sante.fr/"

SCHEMES = [
    {
        "slug": "ptmg",
        "name": "Praticien territorial de médecine générale",
        "short_name": "PTMG",
        "funder": Funder.ARS,
        "kind": SchemeKind.INCOME_GUARANTEE,
        "summary": (
            "Une garantie de revenu pour les jeunes médecins généralistes qui s'installent : "
            "pendant les premiers temps d'exercice, un revenu minimal est assuré."
        ),
        "amount_text": "6 900 € bruts par mois",
        "amount_max": Decimal("6900"),
        "amount_period": AmountPeriod.MONTH,
        "duration": "2 ans au plus",
        "commitments": (
            "Pratiquer les tarifs du secteur 1 (sans dépassement d'honoraires) et réaliser au "
            "moins 165 consultations par mois."
        ),
        "territory_level": TerritoryLevel.NATIONAL,
        "professions": ["medecin-generaliste"],
        "career_stages": [CareerStage.NOT_INSTALLED, CareerStage.INSTALLED],
        "max_years_installed": 1,
        "source": DEPARTMENT_SOURCE,
    },
    {
        "slug": "exoneration-zrr",
        "name": "Exonération fiscale pour une installation en zone de revitalisation rurale",
        "short_name": "Exonération ZRR",
        "funder": Funder.STATE,
        "kind": SchemeKind.TAX_EXEMPTION,
        "summary": (
            "S'installer dans une commune classée en zone de revitalisation rurale (ZRR) ouvre "
            "droit à une exonération fiscale."
        ),
        "territory_level": TerritoryLevel.NATIONAL,
        "zoning_required": Zoning.RURAL,
        "other_conditions": (
            "durée, taux et activités concernées par l'exonération, auprès du service des "
            "impôts des entreprises."
        ),
        "source": DEPARTMENT_SOURCE,
    },
    {
        "slug": "bourses-etudes-intercommunales",
        "name": "Bourses intercommunales pour les études de médecine",
        "short_name": "Bourses d'études intercommunales",
        "funder": Funder.EPCI,
        "kind": SchemeKind.STUDY_ALLOWANCE,
        "summary": (
            "Des intercommunalités du Lot aident les jeunes du territoire à mener leurs études "
            "de médecine, dès la première année."
        ),
        "territory_level": TerritoryLevel.DEPARTMENT,
        "department": "46",
        "professions": ["etudiant-sante"],
        "career_stages": [CareerStage.STUDENT],
        "other_conditions": (
            "être un jeune du territoire ; montants, conditions et contreparties propres à "
            "chaque intercommunalité."
        ),
        "source": DEPARTMENT_SOURCE,
    },
    {
        "slug": "cesp",
        "name": "Contrat d'engagement de service public",
        "short_name": "CESP",
        "funder": Funder.ARS,
        "kind": SchemeKind.STUDY_ALLOWANCE,
        "summary": (
            "Une allocation mensuelle versée aux étudiants et internes qui s'engagent à exercer, "
            "une fois diplômés, là où l'offre de soins manque."
        ),
        "amount_text": "1 200 € bruts par mois",
        "amount_max": Decimal("1200"),
        "amount_period": AmountPeriod.MONTH,
        "commitments": (
            "Exercer, une fois diplômé, dans une zone où l'offre de soins est insuffisante "
            "(durée de l'engagement à vérifier)."
        ),
        "territory_level": TerritoryLevel.NATIONAL,
        "professions": ["etudiant-sante", "interne"],
        "career_stages": [CareerStage.STUDENT, CareerStage.INTERN],
        "source": PAPS_SOURCE,
        "source_url": PAPS_URL,
    },
    {
        "slug": "indemnite-transport-internes",
        "name": "Indemnité de transport des internes en stage en ZIP ou ZAC",
        "short_name": "Transport des internes",
        "funder": Funder.ARS,
        "kind": SchemeKind.GRANT,
        "summary": (
            "Les internes qui font un stage dans une zone d'intervention prioritaire (ZIP) ou "
            "d'action complémentaire (ZAC) perçoivent une indemnité de transport."
        ),
        "amount_text": "130 €",
        "amount_max": Decimal("130"),
        "territory_level": TerritoryLevel.NATIONAL,
        "professions": ["interne"],
        "career_stages": [CareerStage.INTERN],
        "zoning_required": Zoning.ZIP_OR_ZAC,
        "other_conditions": "périodicité du versement et conditions liées au lieu de stage.",
        "source": PAPS_SOURCE,
        "source_url": PAPS_URL,
    },
    {
        "slug": "indemnite-hebergement-internes",
        "name": "Indemnité d'hébergement des internes en stage en ZIP ou ZAC",
        "short_name": "Hébergement des internes",
        "funder": Funder.ARS,
        "kind": SchemeKind.GRANT,
        "summary": (
            "Les internes qui font un stage dans une zone d'intervention prioritaire (ZIP) ou "
            "d'action complémentaire (ZAC) perçoivent une indemnité d'hébergement."
        ),
        "amount_text": "150 € ou 300 € selon la situation",
        "amount_max": Decimal("300"),
        "territory_level": TerritoryLevel.NATIONAL,
        "professions": ["interne"],
        "career_stages": [CareerStage.INTERN],
        "zoning_required": Zoning.ZIP_OR_ZAC,
        "other_conditions": (
            "ce qui distingue le montant de 150 € de celui de 300 €, et la périodicité du "
            "versement."
        ),
        "source": PAPS_SOURCE,
        "source_url": PAPS_URL,
    },
    {
        "slug": "aide-installation-assurance-maladie",
        "name": "Aide à l'installation de l'Assurance Maladie",
        "short_name": "Aide à l'installation (Assurance Maladie)",
        "funder": Funder.HEALTH_INSURANCE,
        "kind": SchemeKind.GRANT,
        "summary": (
            "Une aide financière de l'Assurance Maladie aux médecins qui s'installent dans une "
            "zone d'intervention prioritaire (ZIP) ou d'action complémentaire (ZAC). Une seule "
            "aide à l'installation peut être perçue en dix ans."
        ),
        "amount_text": "10 000 € en ZIP, 5 000 € en ZAC",
        "amount_max": Decimal("10000"),
        "territory_level": TerritoryLevel.NATIONAL,
        "professions": ["medecin-generaliste", "medecin-specialiste"],
        "zoning_required": Zoning.ZIP_OR_ZAC,
        "no_other_aid_years": 10,
        "other_conditions": "conditions d'installation et démarches, auprès de la CPAM.",
        "source": PAPS_SOURCE,
        "source_url": PAPS_URL,
    },
]

# Fields staff maintain once a scheme exists: a new seed never overwrites them.
STAFF_KEPT = {"published", "last_verified", "desk"}


def seed_schemes(*, desk=None, publish=True):
    """Create or update the seeded schemes. Returns ``(created, updated, skipped)``; a
    scheme whose department is not loaded is skipped."""
    professions = {p.code: p for p in Profession.objects.all()}
    departments = set(Department.objects.values_list("code", flat=True))
    created = updated = skipped = 0
    for entry in SCHEMES:
        data = dict(entry)
        slug = data.pop("slug")
        codes = data.pop("professions", [])
        department = data.pop("department", None)
        if department and department not in departments:
            skipped += 1
            continue
        data["department_id"] = department
        scheme = Scheme.objects.filter(slug=slug).first()
        if scheme is None:
            scheme = Scheme(slug=slug, published=publish, desk=desk)
            created += 1
        else:
            updated += 1
        for name, value in data.items():
            if name not in STAFF_KEPT:
                setattr(scheme, name, value)
        scheme.full_clean()
        scheme.save()
        scheme.professions.set([professions[code] for code in codes if code in professions])
    return created, updated, skipped
