"""Demo opportunities (issue 18): the offers that are not a structure's salaried post.

- a retiring GP's practice to take over (succession, cession de patientèle) in Thégra, a Lot
  village of about 500 inhabitants, contact private until the desk introduces people; the GP
  is also in the directory (fictitious, RPPS in the 98… block), so the desk's « Départs à
  anticiper » shows that a succession is already offered;
- the vacant offices of the MSP Simone Veil in Figeac, as the Lot's dossier describes them
  (vacant on arrival, one day a week possible); no source gives their rent: « à confirmer »;
- a summer replacement of a GP in Auch (Gers), between two dates;
- a cabinet the commune of Lavergne lets, with its rent (example);
- a nurse's collaboration offer in Saint-Céré, e-mail confirmed, waiting for the desk's
  validation (« à valider »).

Léa Morel, the demo GP who wishes to settle in Gramat and needs premises, accepts 10 km
around it: her open case matches exactly two offers, the succession in Thégra (7 km) and the
premises in Lavergne (6 km); Labastide-Murat (17 km), Saint-Céré (17 km) and Figeac (30 km)
are too far. After loading, the matches of every published offer are computed by the same
task the portal runs when the desk publishes one.

Names are fictitious, addresses on ``demo.example``, phones in the 01 99 00 block; what no
source states is labelled « exemple (démonstration) »."""

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from demo.structures import FICTITIOUS, LOT_DOSSIER
from installations.models import Case
from opportunities import services as matching
from opportunities.models import Match
from portal.formatting import count_fr
from portal.phones import normalise
from structures.models import (
    OffererKind,
    OpportunityKind,
    PracticeMode,
    Profession,
    Professional,
    ProfessionalSource,
    ProfessionalStatus,
    Structure,
    Vacancy,
    VacancyStatus,
    WorkingTime,
)
from structures.models.offer import GENERAL_PRACTITIONER
from territories.models import Commune

EXAMPLE = " Offre donnée en exemple (démonstration). " + FICTITIOUS
SIMONE_VEIL = "Maison de santé pluriprofessionnelle Simone Veil de Figeac"

# The demo newcomer whose case the offers below were placed for.
MATCHING_NEWCOMER = "l.morel@demo.example"
MATCHING_DISTANCE_KM = 10

# The retiring GP of Thégra, as the directory knows him (fictitious).
RETIRING_GP = {
    "rpps": "98000000101",
    "first_name": "Jean",
    "last_name": "Calmon",
    "age": 66,
    "practice_start": date(1989, 9, 1),
}


def _first_of_month_after(day, days):
    later = day + timedelta(days=days)
    return (later.replace(day=1) + timedelta(days=32)).replace(day=1)


def _next_summer(today):
    """The first 1st of July at least two months ahead: the replacement is still to come."""
    year = today.year if today < date(today.year, 5, 1) else today.year + 1
    return date(year, 7, 1)


def _offers(today):
    """(lookup, fields) of each demo offer; the lookup is its title and commune."""
    summer = _next_summer(today)
    departure = _first_of_month_after(today, 180)
    gp = Profession.objects.get(code=GENERAL_PRACTITIONER)
    nurse = Profession.objects.get(code="infirmier")
    msp = Structure.objects.get(name=SIMONE_VEIL)
    communes = Commune.objects.in_bulk(["46317", "46165", "32013", "46251"])
    return [
        (
            "lot",
            {
                "title": "Cabinet de médecine générale à reprendre à Thégra",
                "commune": communes["46317"],
            },
            {
                "kind": OpportunityKind.SUCCESSION,
                "structure": None,
                "profession": gp,
                "offerer_kind": OffererKind.PRACTITIONER,
                "offerer_name": "Médecin généraliste partant à la retraite",
                "contact_name": "Dr Jean Calmon (fictif)",
                "contact_email": "dr.calmon@demo.example",
                "contact_phone": normalise("01 99 00 46 31"),
                "contact_public": False,
                "practice_mode": PracticeMode.LIBERAL,
                "working_time": WorkingTime.FULL,
                "office_available": False,
                "start_date": departure,
                "equipment": "Cabinet de plain-pied : deux salles de consultation, ECG.",
                "secretariat": False,
                "software": "",
                "description": (
                    "Départ en retraite : patientèle de médecin traitant à reprendre, avec le "
                    "cabinet. Présentation aux patients et passage de relais de quelques mois "
                    "possibles. Prix de cession à discuter." + EXAMPLE
                ),
                "days_ago": 6,
            },
        ),
        (
            "lot",
            {"title": "Bureaux vacants à la maison de santé Simone Veil", "commune": msp.commune},
            {
                "kind": OpportunityKind.PREMISES_RENT,
                "structure": msp,
                "profession": gp,
                "offerer_kind": OffererKind.STRUCTURE,
                "offerer_name": "",
                "contact_name": "Coordination de la maison de santé (démonstration)",
                "contact_email": msp.email,
                "contact_phone": normalise(msp.phone),
                "contact_public": True,
                "practice_mode": PracticeMode.LIBERAL,
                "working_time": WorkingTime.ONE_DAY,
                "office_available": True,
                "start_date": None,
                "equipment": "",
                "secretariat": None,
                "software": "",
                "description": (
                    f"D'après le {LOT_DOSSIER} : des bureaux vacants accueillent dès leur "
                    "arrivée les médecins généralistes et les spécialistes que la maison "
                    "recherche (angiologue, dermatologue, ophtalmologue, neurologue, pédiatre) ; "
                    "il est possible d'y exercer un seul jour par semaine. Loyer et conditions : "
                    "à confirmer (aucune source ne les donne). " + FICTITIOUS
                ),
                "days_ago": 10,
            },
        ),
        (
            "gers",
            {
                "title": "Remplacement d'été d'un médecin généraliste à Auch",
                "commune": communes["32013"],
            },
            {
                "kind": OpportunityKind.REPLACEMENT,
                "structure": None,
                "profession": gp,
                "offerer_kind": OffererKind.PRACTITIONER,
                "offerer_name": "Médecin généraliste d'Auch",
                "contact_name": "Dr Sophie Barrié (fictive)",
                "contact_email": "dr.barrie@demo.example",
                "contact_phone": normalise("01 99 00 32 41"),
                "contact_public": False,
                "practice_mode": PracticeMode.LIBERAL,
                "working_time": WorkingTime.FULL,
                "office_available": False,
                "start_date": summer,
                "end_date": summer + timedelta(days=44),
                "replacement_regular": False,
                "equipment": "",
                "secretariat": True,
                "software": "",
                "description": (
                    "Remplacement pendant les congés d'été, cabinet avec secrétariat, "
                    "rétrocession à discuter." + EXAMPLE
                ),
                "days_ago": 3,
            },
        ),
        (
            "lot",
            {
                "title": "Cabinet médical communal à louer à Lavergne",
                "commune": communes["46165"],
            },
            {
                "kind": OpportunityKind.PREMISES_RENT,
                "structure": None,
                "profession": None,  # toutes professions
                "offerer_kind": OffererKind.COMMUNE,
                "offerer_name": "Commune de Lavergne (exemple)",
                "contact_name": "Secrétariat de mairie (démonstration)",
                "contact_email": "mairie.lavergne@demo.example",
                "contact_phone": normalise("01 99 00 46 32"),
                "contact_public": True,
                "practice_mode": PracticeMode.LIBERAL,
                "working_time": WorkingTime.FULL,
                "office_available": True,
                "start_date": None,
                "rent_monthly": Decimal("350.00"),
                "equipment": "Deux bureaux, salle d'attente, accès de plain-pied.",
                "secretariat": False,
                "software": "",
                "description": (
                    "Local professionnel de la commune, libre dès maintenant, pour un ou deux "
                    "professionnels de santé." + EXAMPLE
                ),
                "days_ago": 20,
            },
        ),
        (
            "lot",
            {
                "title": "Collaboration dans un cabinet infirmier à Saint-Céré",
                "commune": communes["46251"],
            },
            {
                "kind": OpportunityKind.COLLABORATION,
                "structure": None,
                "profession": nurse,
                "offerer_kind": OffererKind.PRACTITIONER,
                "offerer_name": "Cabinet infirmier de Saint-Céré (exemple)",
                "contact_name": "Nadège Lacombe (fictive)",
                "contact_email": "cabinet.infirmier.saint-cere@demo.example",
                "contact_phone": normalise("01 99 00 46 33"),
                "contact_public": False,
                "practice_mode": PracticeMode.LIBERAL,
                "working_time": WorkingTime.PART,
                "office_available": False,
                "start_date": None,
                "equipment": "",
                "secretariat": None,
                "software": "",
                "description": "Collaboration à mi-temps, tournées sur le canton." + EXAMPLE,
                "status": VacancyStatus.PENDING,
                "days_ago": 1,
            },
        ),
    ]


def _staff_of(desk_slug):
    return (
        get_user_model()
        .objects.filter(desk_membership__desk__slug=desk_slug, role="staff")
        .order_by("pk")
        .first()
    )


def _load_offers(today, now):
    offers = []
    for desk_slug, lookup, fields in _offers(today):
        fields = dict(fields)
        days_ago = fields.pop("days_ago")
        status = fields.pop("status", VacancyStatus.OPEN)
        published = status == VacancyStatus.OPEN
        offer, _ = Vacancy.objects.update_or_create(
            **lookup,
            defaults={
                "end_date": None,
                "replacement_regular": False,
                "rent_monthly": None,
                "price": None,
                **fields,
                "status": status,
                "published_on": today - timedelta(days=days_ago),
                "confirmed_on": today - timedelta(days=days_ago),
                "email_confirmed_at": now - timedelta(days=days_ago, hours=2),
                "validated_at": now - timedelta(days=days_ago) if published else None,
                "validated_by": _staff_of(desk_slug) if published else None,
            },
        )
        offers.append(offer)
    return offers


def _load_retiring_gp(offers, today):
    """The GP of Thégra in the directory: 66, in practice since 1989 (fictitious)."""
    succession = next(o for o in offers if o.kind == OpportunityKind.SUCCESSION)
    Professional.objects.update_or_create(
        rpps=RETIRING_GP["rpps"],
        defaults={
            "first_name": RETIRING_GP["first_name"],
            "last_name": RETIRING_GP["last_name"],
            "profession": succession.profession,
            "commune": succession.commune,
            "birth_year": today.year - RETIRING_GP["age"],
            "practice_start": RETIRING_GP["practice_start"],
            "status": ProfessionalStatus.ACTIVE,
            "status_changed_on": None,
            "source": ProfessionalSource.IMPORTED,
            "public_listing": False,
            "email": "dr.calmon@demo.example",
        },
    )


def _matching_newcomer():
    """Léa Morel's case: Gramat, and the distance she accepts around it."""
    case = Case.objects.filter(applicant__email=MATCHING_NEWCOMER).first()
    if case is not None and case.max_distance_km != MATCHING_DISTANCE_KM:
        Case.objects.filter(pk=case.pk).update(max_distance_km=MATCHING_DISTANCE_KM)
    return case


def _match(published):
    """The Match rows of every published offer, as ``opportunities.tasks.match_offer`` writes
    them when the desk publishes one (the service itself: no log line per offer)."""
    for vacancy in published.select_related("commune__epci", "profession").order_by("pk"):
        matching.match_offer(vacancy)


def load(report):
    if not Structure.objects.filter(name=SIMONE_VEIL).exists():
        report.line("Offres : offre de soins absente, rien chargé.")
        return
    today, now = timezone.localdate(), timezone.now()
    offers = _load_offers(today, now)
    _load_retiring_gp(offers, today)
    case = _matching_newcomer()
    _match(Vacancy.objects.published())
    matches = Match.objects.filter(case__in=Case.objects.open())
    for_these = matches.filter(vacancy__in=[o.pk for o in offers]).count()
    theirs = Match.objects.filter(case=case).count() if case is not None else 0
    pending = sum(o.status == VacancyStatus.PENDING for o in offers)
    report.line(
        f"Offres : {count_fr(len(offers), 'offre', 'offres')} de démonstration (succession à "
        "Thégra, bureaux de la MSP Simone Veil, remplacement à Auch, local communal à Lavergne, "
        f"{pending} à valider) ; {count_fr(matches.count(), 'correspondance', 'correspondances')}"
        f" avec des dossiers ouverts, dont {for_these} pour ces offres et {theirs} pour "
        f"Léa Morel ({MATCHING_NEWCOMER})."
    )
    if case is not None:
        report.account(
            MATCHING_NEWCOMER,
            f"Nouvelle arrivante ({count_fr(theirs, 'offre correspond', 'offres correspondent')}"
            " à son projet)",
        )
