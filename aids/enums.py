from django.db import models
from django.utils.translation import gettext_lazy as _


class Funder(models.TextChoices):
    ARS = "ars", _("ARS")
    HEALTH_INSURANCE = "assurance_maladie", _("Assurance Maladie / CPAM")
    MSA = "msa", _("MSA")
    STATE = "etat", _("État")
    REGION = "region", _("Région")
    DEPARTMENT = "departement", _("Département")
    EPCI = "intercommunalite", _("Intercommunalité")
    COMMUNE = "commune", _("Commune")
    OTHER = "autre", _("Autre")


class SchemeKind(models.TextChoices):
    INCOME_GUARANTEE = "garantie_revenu", _("garantie de revenu")
    TAX_EXEMPTION = "exoneration", _("exonération fiscale")
    GRANT = "subvention", _("aide financière")
    STUDY_ALLOWANCE = "bourse", _("allocation d'études")
    CONTRACT = "contrat", _("contrat conventionnel")
    IN_KIND = "nature", _("aide en nature (logement…)")


class AmountPeriod(models.TextChoices):
    ONCE = "once", _("versement unique")
    MONTH = "month", _("par mois")
    YEAR = "year", _("par an")


class TerritoryLevel(models.TextChoices):
    NATIONAL = "national", _("France entière")
    REGION = "region", _("région")
    DEPARTMENT = "department", _("département")
    EPCI = "epci", _("intercommunalité")


class CareerStage(models.TextChoices):
    STUDENT = "etudiant", _("étudiant·e")
    INTERN = "interne", _("interne")
    NOT_INSTALLED = "non_installe", _("diplômé·e, pas encore installé·e")
    INSTALLED = "installe", _("installé·e")


class Verdict(models.TextChoices):
    ELIGIBLE = "eligible", _("Éligible")
    TO_CHECK = "a_verifier", _("À vérifier")
    NOT_ELIGIBLE = "non_eligible", _("Non éligible")
    CLOSED = "ferme", _("Fermé")


class AidCategory(models.TextChoices):
    """The categories of the ten-year rule (no second aid of the same category)."""

    HEALTH_INSURANCE = "assurance_maladie", _("aide de l'Assurance Maladie")
    LOCAL_AUTHORITY = "collectivite", _("aide d'une collectivité")
    STATE = "etat", _("aide de l'État")
    TAX = "fiscal", _("avantage fiscal")
    STUDIES = "etudes", _("aide aux études")


class TenYearFrom(models.TextChoices):
    DECISION = "decision", _("date de la décision d'attribution")
    CONVENTION = "convention", _("date de la dernière convention")


class Sector(models.TextChoices):
    ONE = "1", _("secteur 1")
    TWO_OPTAM = "2_optam", _("secteur 2 avec OPTAM")
    TWO = "2", _("secteur 2 sans OPTAM")


class Discipline(models.TextChoices):
    MEDICINE = "medecine", _("médecine")
    ODONTOLOGY = "odontologie", _("odontologie")
    PHARMACY = "pharmacie", _("pharmacie")
    MIDWIFERY = "maieutique", _("maïeutique")
    OTHER = "autre", _("autre formation")


class ZoningKind(models.TextChoices):
    NONE = "", _("aucun zonage requis")
    ARS = "ars", _("zonage ARS de la profession")
    FRR = "frr", _("France Ruralités Revitalisation")


# The values each zoning kind may take (territories.zoning, contract (A)).
ZONE_VALUES = {
    "ars": ["ZIP", "ZAC", "ZAR", "TSD", "SD", "INT", "TD", "SURD", "NP", "hors"],
    "frr": ["FRR", "FRR+", "hors"],
}
ZONE_WORDS = {
    "ZIP": _("ZIP"),
    "ZAC": _("ZAC"),
    "ZAR": _("ZAR"),
    "FRR": _("FRR"),
    "FRR+": _("FRR+"),
    "hors": _("hors zonage"),
}


# INSEE region codes (COG), for schemes that apply to a whole region.
REGIONS = [
    ("01", "Guadeloupe"),
    ("02", "Martinique"),
    ("03", "Guyane"),
    ("04", "La Réunion"),
    ("06", "Mayotte"),
    ("11", "Île-de-France"),
    ("24", "Centre-Val de Loire"),
    ("27", "Bourgogne-Franche-Comté"),
    ("28", "Normandie"),
    ("32", "Hauts-de-France"),
    ("44", "Grand Est"),
    ("52", "Pays de la Loire"),
    ("53", "Bretagne"),
    ("75", "Nouvelle-Aquitaine"),
    ("76", "Occitanie"),
    ("84", "Auvergne-Rhône-Alpes"),
    ("93", "Provence-Alpes-Côte d'Azur"),
    ("94", "Corse"),
]
REGION_NAMES = dict(REGIONS)
