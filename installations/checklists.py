"""The installation checklist per profession and practice mode, from the domain review of
the portal's administrative steps (its « Installation checklist » table, issue 13).

Each step says where it comes from (title, address, date) or what is still « à confirmer »
and why; practical steps (premises, housing) are the desk's advice, not an obligation.
``seed()`` upserts the templates by ``code`` and is idempotent (``manage.py
seed_checklists``, also run by ``load_demo``); existing cases keep the steps they have.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from installations.kinds import CaseKind
from installations.models import StepTemplate
from structures.models import Profession

# The pages below carry no update date of their own in the review: the date shown is the day
# the review read them (its check of the portal, 23 November 2026).
READ_ON = date(2026, 11, 23)

LIBERAL = ["liberal", "mixed"]
SALARIED = ["salaried", "mixed"]


@dataclass(frozen=True)
class Source:
    title: str
    url: str = ""
    on: date = READ_ON


URPS_STEPS = Source(
    "URPS médecins libéraux Auvergne-Rhône-Alpes, « Les étapes de l'installation »",
    "https://urps-med-aura.fr/etre-medecin-liberal/les-etapes-de-linstallation",
)
ARS_ADELI = Source(
    "ARS Occitanie, « ADELI »",
    "https://www.occitanie.ars.sante.fr/adeli-1",
)
PAPS_ADELI_RPPS = Source(
    "PAPS Auvergne-Rhône-Alpes, « Répertoires ADELI et RPPS »",
    "https://www.auvergne-rhone-alpes.paps.sante.fr/repertoires-adeli-et-rpps?parent=8369",
)
AMELI_FORMALITIES = Source(
    "ameli.fr, « Les démarches et formalités en cas de changement de situation »",
    "https://www.ameli.fr/medecin/exercice-liberal/vie-cabinet/changement-situation/changement-situation",
)
BPI_DECLARATION = Source(
    "Bpifrance Création, « Orthophoniste » (activités réglementées)",
    "https://bpifrance-creation.fr/activites-reglementees/orthophoniste",
)
FFMKR_RETIREMENT = Source(
    "FFMKR, « La retraite »",
    "https://ffmkr.org/pratique-professionnelle/exercice-liberal/la-retraite-ref327",
)
RCP_LAW = Source(
    "Loi n° 2002-303 du 4 mars 2002, d'après gpm.fr et praticien.ramsaysante.fr",
)

# Professions registered with an Ordre (the review's table), with the Ordre's name.
ORDRES = {
    "medecin-generaliste": "l'Ordre des médecins",
    "medecin-specialiste": "l'Ordre des médecins",
    "chirurgien-dentiste": "l'Ordre des chirurgiens-dentistes",
    "sage-femme": "l'Ordre des sages-femmes",
    "pharmacien": "l'Ordre des pharmaciens",
    "infirmier": "l'Ordre des infirmiers",
    "masseur-kinesitherapeute": "l'Ordre des masseurs-kinésithérapeutes",
    "pedicure-podologue": "l'Ordre des pédicures-podologues",
}
# Professions that register their diploma with the ARS (ADELI, now RPPS).
ARS_REGISTERED = ["orthophoniste", "orthoptiste", "dieteticien", "osteopathe", "psychologue"]
DOCTORS = ["medecin-generaliste", "medecin-specialiste"]
# Liberal professions conventioned with the Assurance Maladie (not osteopaths, dietitians,
# psychologists: the review names osteopaths as not conventioned).
CONVENTIONED = [
    *DOCTORS,
    "chirurgien-dentiste",
    "sage-femme",
    "pharmacien",
    "infirmier",
    "masseur-kinesitherapeute",
    "pedicure-podologue",
    "orthophoniste",
    "orthoptiste",
]
NOT_REVIEWED = "aucune page consultée par la revue du 23 novembre 2026 ne le confirme"
# Retirement fund of the liberal practice: (fund, full name, source, what is to confirm).
RETIREMENT_FUNDS = {
    **dict.fromkeys(
        DOCTORS,
        ("CARMF", "Caisse autonome de retraite des médecins de France", AMELI_FORMALITIES, ""),
    ),
    **dict.fromkeys(
        [
            "infirmier",
            "masseur-kinesitherapeute",
            "pedicure-podologue",
            "orthophoniste",
            "orthoptiste",
        ],
        ("CARPIMKO", "caisse des auxiliaires médicaux", FFMKR_RETIREMENT, ""),
    ),
    **dict.fromkeys(
        ["chirurgien-dentiste", "sage-femme"],
        (
            "CARCDSF",
            "caisse des chirurgiens-dentistes et sages-femmes",
            None,
            f"Caisse de retraite : {NOT_REVIEWED}.",
        ),
    ),
    "pharmacien": (
        "CAVP",
        "caisse des pharmaciens",
        None,
        f"Caisse de retraite : {NOT_REVIEWED}.",
    ),
    **dict.fromkeys(
        ["dieteticien", "osteopathe", "psychologue"],
        (
            "CIPAV",
            "caisse interprofessionnelle des professions libérales",
            None,
            f"Caisse de retraite : {NOT_REVIEWED}.",
        ),
    ),
}


@dataclass(frozen=True)
class Item:
    code: str
    profession: str | None
    title: str
    description: str
    position: int
    practice_modes: list = field(default_factory=list)
    source: Source | None = None
    to_confirm: str = ""
    is_practical: bool = False


def _registration(profession):
    if profession in ORDRES:
        ordre = ORDRES[profession]
        return Item(
            f"ordre-{profession}",
            profession,
            f"Inscription au tableau de {ordre}",
            "Auprès du conseil départemental de l'Ordre, avant de commencer à exercer"
            + (" : elle vous donne votre numéro RPPS." if profession in DOCTORS else "."),
            10,
            source=URPS_STEPS if profession in DOCTORS else ARS_ADELI,
        )
    if profession in ARS_REGISTERED:
        return Item(
            f"ars-rpps-{profession}",
            profession,
            "Enregistrement du diplôme auprès de l'ARS (répertoire RPPS)",
            "Votre profession n'a pas d'Ordre : le diplôme s'enregistre auprès de l'ARS. "
            "Le répertoire ADELI, devenu obsolète le 20 septembre 2024, laisse la place au "
            "RPPS.",
            10,
            source=PAPS_ADELI_RPPS if profession != "psychologue" else ARS_ADELI,
            to_confirm=(
                "Les psychologues : la page de l'ARS Occitanie lue par la revue ne les nomme pas."
                if profession == "psychologue"
                else ""
            ),
        )
    return None


def _rpps_and_cps(profession):
    after = "l'inscription à l'Ordre" if profession in ORDRES else "l'enregistrement à l'ARS"
    to_confirm = f"Activation de la e-CPS : {NOT_REVIEWED}."
    if profession not in DOCTORS:
        to_confirm += (
            " L'envoi automatique de la carte est décrit par la source pour les médecins ; "
            "à confirmer pour votre profession."
        )
    return Item(
        f"rpps-cps-{profession}",
        profession,
        "RPPS et carte CPS : reçue automatiquement après l'enregistrement RPPS ; activer la e-CPS",
        f"Après {after}, votre numéro RPPS est attribué et la carte de professionnel de santé "
        "(CPS) vous est envoyée automatiquement : il n'y a rien à commander.",
        20,
        source=URPS_STEPS,
        to_confirm=to_confirm,
    )


def _cpam(profession):
    if profession in DOCTORS:
        return Item(
            f"cpam-{profession}",
            profession,
            "Rendez-vous CPAM : adhésion à la convention, choix du secteur (1 / 2, OPTAM), "
            "feuilles de soins, demande de l'aide à l'installation",
            "Le conseiller de la caisse primaire vous propose d'adhérer à la convention "
            "nationale et à ses options, enregistre votre dossier, fait avec vous les "
            "formalités d'inscription à l'Urssaf et vous affilie au régime des praticiens et "
            "auxiliaires médicaux conventionnés. Pensez à y demander l'aide à l'installation de "
            "l'Assurance Maladie (ses conditions sont sur sa fiche, dans les aides).",
            30,
            practice_modes=LIBERAL,
            source=AMELI_FORMALITIES,
        )
    return Item(
        f"cpam-{profession}",
        profession,
        "Rendez-vous CPAM : adhésion à la convention, feuilles de soins, "
        "demande de l'aide à l'installation",
        "Le conseiller de la caisse primaire vous propose d'adhérer à la convention nationale "
        "de votre profession, enregistre votre dossier et fait avec vous les formalités "
        "d'inscription à l'Urssaf.",
        30,
        practice_modes=LIBERAL,
        source=AMELI_FORMALITIES,
        to_confirm=(
            "La page ameli lue par la revue est celle des médecins : les options de la "
            "convention et l'aide propres à votre profession sont à confirmer avec la CPAM."
        ),
    )


def _declaration(profession):
    conventioned = profession in CONVENTIONED
    return Item(
        f"declaration-{profession}",
        profession,
        "Déclaration de début d'activité (guichet unique des formalités)"
        + (" ; pour les conventionnés, faite avec la CPAM" if conventioned else ""),
        "Depuis le 1er janvier 2023, la déclaration de début d'activité libérale passe par le "
        "guichet unique des formalités des entreprises."
        + (
            " Pour votre profession conventionnée, le conseiller de la CPAM la fait avec vous."
            if conventioned
            else ""
        ),
        40,
        practice_modes=LIBERAL,
        source=BPI_DECLARATION,
    )


def _retirement(profession):
    fund, name, source, to_confirm = RETIREMENT_FUNDS[profession]
    return Item(
        f"retraite-{profession}",
        profession,
        f"Affiliation à la caisse de retraite : {fund}",
        f"{fund} ({name}), pour l'exercice libéral.",
        50,
        practice_modes=LIBERAL,
        source=source,
        to_confirm=to_confirm,
    )


def _employment_contract(profession):
    return Item(
        f"contrat-{profession}",
        profession,
        "Contrat de travail avec l'employeur",
        "Avec l'établissement, le centre de santé ou la structure qui vous emploie.",
        15,
        practice_modes=SALARIED,
        is_practical=True,
        to_confirm=(
            "Transmission du contrat au conseil de l'Ordre (code de la santé publique, "
            f"art. L. 4113-9) : {NOT_REVIEWED}."
            if profession in [*DOCTORS, "chirurgien-dentiste", "sage-femme"]
            else ""
        ),
    )


def _profession_items(profession):
    registration = _registration(profession)
    if registration is None:
        return [
            Item(
                f"a-preciser-{profession}",
                profession,
                "Démarches d'enregistrement propres à votre profession",
                "Votre référent les voit avec vous.",
                10,
                to_confirm="La revue des démarches ne couvre pas cette profession.",
            )
        ]
    items = [registration, _rpps_and_cps(profession), _employment_contract(profession)]
    if profession in CONVENTIONED:
        items.append(_cpam(profession))
    items.append(_declaration(profession))
    items.append(_retirement(profession))
    return items


COMMON_ITEMS = [
    Item(
        "rcp",
        None,
        "Assurance responsabilité civile professionnelle — obligatoire avant le début d'exercice",
        "À souscrire avant votre premier patient en exercice libéral.",
        60,
        practice_modes=LIBERAL,
        source=RCP_LAW,
    ),
    Item(
        "locaux",
        None,
        "Locaux professionnels",
        "Cabinet, maison de santé ou centre de santé : visite et bail.",
        70,
        practice_modes=LIBERAL,
        is_practical=True,
    ),
    Item(
        "logement",
        None,
        "Logement",
        "Recherche avec l'aide du référent et des communes.",
        80,
        is_practical=True,
    ),
    Item(
        "cpts-medecin-generaliste",
        "medecin-generaliste",
        "Rencontre avec la CPTS du territoire",
        "Présentation aux confrères et consœurs.",
        90,
        is_practical=True,
    ),
]

PROFESSIONS = [*ORDRES, *ARS_REGISTERED, "biologiste", "educateur-specialise"]


def items():
    """Every template of the installation checklist, in order."""
    result = []
    for profession in PROFESSIONS:
        result.extend(_profession_items(profession))
    return result + COMMON_ITEMS


# The templates seeded before the review, for every profession: the review found them wrong
# or imprecise (Ordre for all, CPS « commandée », CPAM and URSSAF apart); replaced by coded ones.
SUPERSEDED_TITLES = [
    "Inscription au tableau de l'Ordre",
    "Conventionnement avec la CPAM",
    "Immatriculation à l'URSSAF",
    "Carte de professionnel de santé (CPS)",
    "Assurance responsabilité civile professionnelle",
    "Locaux professionnels",
    "Logement",
    "Rencontre avec la CPTS du territoire",
]


@transaction.atomic
def seed():
    """Create or update the checklist templates by code; deactivate the superseded ones.
    Returns the number of templates seeded."""
    professions = {p.code: p for p in Profession.objects.all()}
    seeded = []
    for item in items():
        if item.profession and item.profession not in professions:
            continue
        source = item.source
        StepTemplate.objects.update_or_create(
            code=item.code,
            defaults={
                "profession": professions.get(item.profession),
                "case_kind": CaseKind.INSTALLATION,
                "practice_modes": item.practice_modes,
                "title": item.title,
                "description": item.description,
                "position": item.position,
                "source_title": source.title if source else "",
                "source_url": source.url if source else "",
                "source_date": source.on if source else None,
                "to_confirm": item.to_confirm,
                "is_practical": item.is_practical,
            },
        )
        seeded.append(item.code)
    StepTemplate.objects.filter(code__isnull=True, title__in=SUPERSEDED_TITLES).exclude(
        case_kind=CaseKind.PLACEMENT
    ).update(is_active=False)
    StepTemplate.objects.filter(code__isnull=False).exclude(code__in=seeded).update(is_active=False)
    return len(seeded)
