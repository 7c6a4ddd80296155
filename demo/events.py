"""Demo events, after the public sources where there is one:

* the Lot: the welcome evening the CPTS Nord du Lot and Cauvaldor held on 20 November 2025 at
  the Espace Samayou, Alvignac-les-Eaux, for the professionals installed since 2024, about 40
  present (sources/cpts-nord-du-lot-soiree-accueil-2025.txt): a past event, its invitations
  answered and its guests checked in; the interns' welcome every six months and Figeac's
  meeting of interns, elected officials and professionals (the Lot department's dossier);
* the Gers: the Thursday evening trainings the MSP du bassin lectourois has held since 2023 at
  Castelnau-d'Arbieu (sources/msp-bassin-lectourois-formations.txt); dates and topics ahead
  are examples.

Guests are fictitious (addresses on ``demo.example``). Future dates follow today's, so the
calendar always has something ahead; loading twice duplicates nothing."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from events.enums import EventKind, EventStatus
from events.models import Event, Invitation
from structures.models import Structure
from territories.models import Commune, Desk, Epci
from territories.text import fold

PARIS = ZoneInfo("Europe/Paris")
MONTHS = {5: "mai", 11: "novembre"}
CAUVALDOR = "200066371"  # CC Causses et Vallée de la Dordogne, the north of the Lot
ALVIGNAC = "46003"  # Alvignac (Alvignac-les-Eaux)
CASTELNAU_D_ARBIEU = "32078"
CPTS_SOURCE = "CPTS Nord du Lot, « Soirée d'accueil des nouveaux professionnels de santé »"
MSP_SOURCE = (
    "MSP du bassin lectourois, « Un projet de Communauté Professionnelle Territoriale de Santé »"
)

# The evening of 20 November 2025 (a Thursday): about 40 present (the source).
WELCOME_EVENING_DAY = date(2025, 11, 20)
WELCOME_PRESENT = 40
# The professions the source lists among those presented that evening.
WELCOME_PROFESSIONS = [
    "Médecin généraliste",
    "Infirmier·e",
    "Masseur-kinésithérapeute",
    "Chirurgien-dentiste",
    "Sage-femme",
    "Ostéopathe",
    "Pédicure-podologue",
    "Orthophoniste",
    "Médecin spécialiste",
    "Éducateur·rice spécialisé·e",
]
FIRST_NAMES = ["Amandine", "Bastien", "Chloé", "David", "Élodie", "Florian", "Gaëlle", "Hélène"]
LAST_NAMES = ["Bories", "Lacombe", "Vayssière", "Rouquié", "Bousquet", "Sahli"]

# Guests of Figeac's meeting ahead: (first name, last name, profession, answer, guests)
MEETING_GUESTS = [
    ("Iris", "Fabre", "Interne en médecine générale", "accepted", 0),
    ("Jules", "Carrère", "Interne en médecine générale", "accepted", 1),
    ("Karima", "Benali", "Médecin généraliste", "declined", 0),
    ("Louis", "Teulière", "Interne en pédiatrie", "waiting", 0),
    ("Maëlle", "Cros", "Infirmière", "invited", 0),
    ("Noé", "Granier", "Interne en médecine générale", "invited", 0),
]


def _welcome_guests():
    """The evening's fictitious guests, every one answered: 40 checked in, 4 excused."""
    guests = []
    for number in range(WELCOME_PRESENT + 4):
        first = FIRST_NAMES[number % len(FIRST_NAMES)]
        last = LAST_NAMES[number // len(FIRST_NAMES) % len(LAST_NAMES)]
        status = "attended" if number < WELCOME_PRESENT else "declined"
        profession = WELCOME_PROFESSIONS[number % len(WELCOME_PROFESSIONS)]
        guests.append(
            (first, last, f"soiree.nord-lot.{number + 1:02d}@demo.example", profession, status)
        )
    return guests


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def _next_weekday(start: date, weekday: int) -> date:
    return start + timedelta(days=(weekday - start.weekday()) % 7 or 7)


def _next_interns_start(today: date) -> date:
    """Interns change semester in early May and early November: the first Monday after."""
    for year in (today.year, today.year + 1):
        for month in (5, 11):
            first = date(year, month, 1)
            monday = first if first.weekday() == 0 else _next_weekday(first, 0)
            if monday > today + timedelta(days=7):
                return monday
    return today + timedelta(days=60)


def _event(desk, title, **fields):
    event, _ = Event.objects.update_or_create(desk=desk, title=title, defaults=fields)
    return event


def _invite(event, first, last, email, *, status="invited", guests=0, now=None, **extra):
    now = now or timezone.now()
    Invitation.objects.update_or_create(
        event=event,
        email=email,
        defaults={
            "first_name": first,
            "last_name": last,
            "search_name": fold(f"{first} {last}"),
            "status": status,
            "guests": guests,
            "answered_at": now if status != "invited" else None,
            "checked_in_at": now if status == "attended" else None,
            "sent_at": now,
            **extra,
        },
    )


def _alvignac_evening(desk):
    """The past welcome evening, as the source tells it."""
    evening = _event(
        desk,
        "Soirée d'accueil des nouveaux professionnels de santé — nord du Lot",
        kind=EventKind.WELCOME_EVENING,
        starts_at=_at(WELCOME_EVENING_DAY, 19),
        ends_at=_at(WELCOME_EVENING_DAY, 22),
        venue_name="Espace Samayou",
        address="Alvignac-les-Eaux (adresse exacte non reprise)",
        commune=Commune.objects.get(insee_code=ALVIGNAC),
        capacity=None,
        registration_deadline=None,
        audience="Professionnels de santé installés depuis 2024 dans le nord du Lot",
        description=(
            "Organisée par la CPTS Nord du Lot et la communauté de communes Cauvaldor : "
            "présentation des missions et projets de la CPTS, de la coopération avec Cauvaldor "
            "pour l'attractivité médicale et l'installation, présentation de chaque nouveau "
            "professionnel, puis buffet. Une quarantaine de participants.\n\n"
            f"Source : {CPTS_SOURCE}. Les invités et leurs réponses, les horaires et "
            "l'émargement sont des données de démonstration."
        ),
        is_published=True,
        status=EventStatus.DONE,
    )
    epci = Epci.objects.filter(siren=CAUVALDOR).first()
    if epci:
        evening.partner_epcis.set([epci])
    evening.partner_structures.set(Structure.objects.filter(name="CPTS Nord du Lot"))
    answered = _at(WELCOME_EVENING_DAY - timedelta(days=10), 10)
    arrived = _at(WELCOME_EVENING_DAY, 19, 10)
    guests = _welcome_guests()
    for first, last, email, profession, status in guests:
        _invite(
            evening,
            first,
            last,
            email,
            status=status,
            profession_label=profession,
            now=arrived if status == "attended" else answered,
        )
    return len(guests)


def _gers_trainings(today):
    """The MSP du bassin lectourois's Thursday evenings, on the Gers desk."""
    desk = Desk.objects.filter(slug="gers").first()
    commune = Commune.objects.filter(insee_code=CASTELNAU_D_ARBIEU).first()
    if desk is None or commune is None:
        return 0
    msp = Structure.objects.filter(name="Maison de santé pluriprofessionnelle du bassin lectourois")
    # Themes the MSP announced for its coming evenings (the source).
    topics = ["Pédiatrie", "Gynécologie", "Antibiothérapie", "Mycologie médicale"]
    thursday = _next_weekday(today, 3)
    for week, topic in enumerate(topics):
        day = thursday + timedelta(weeks=2 * week)
        training = _event(
            desk,
            f"Formation du jeudi : {topic}",
            kind=EventKind.TRAINING,
            starts_at=_at(day, 20, 30),
            ends_at=_at(day, 22, 30),
            venue_name="Salle des fêtes de Castelnau-d'Arbieu",
            address="Castelnau-d'Arbieu (adresse exacte non reprise)",
            commune=commune,
            capacity=40,
            registration_deadline=_at(day - timedelta(days=1), 12),
            audience=(
                "Professionnels de santé de la Lomagne gersoise (Lectoure, Fleurance, "
                "Saint-Clar, Miradoux, La Romieu)"
            ),
            description=(
                "Depuis 2023, la MSP du bassin lectourois réunit le jeudi soir les "
                "professionnels de santé du territoire autour d'un thème et d'un intervenant "
                "hospitalier qu'ils ont choisis : une formation participative, pas descendante."
                f"\n\nSource : {MSP_SOURCE}. Date et places de cette soirée : exemple "
                "(démonstration)."
            ),
            is_published=True,
            status=EventStatus.PUBLISHED,
        )
        training.partner_structures.set(msp)
    return len(topics)


def _retire_old_demo_events(lot):
    """An older demo put the Thursday trainings on the Lot desk and the welcome evening at
    Martel: a second load over it removes them rather than leave them beside the true ones."""
    Event.objects.filter(desk=lot, title__startswith="Formation du jeudi : ").delete()
    Event.objects.filter(
        desk=lot, title="Soirée d'accueil des nouveaux professionnels du nord du Lot"
    ).delete()


def load(report):
    desk = Desk.objects.filter(slug="lot").first()
    if desk is None:
        report.line("Évènements : guichet du Lot absent, rien à charger.")
        return
    today = timezone.localdate()
    figeac = Commune.objects.get(insee_code="46102")
    cahors = Commune.objects.get(insee_code="46042")
    _retire_old_demo_events(desk)
    welcome_guests = _alvignac_evening(desk)

    interns_day = _next_interns_start(today)
    _event(
        desk,
        f"Accueil des internes — semestre de {MONTHS[interns_day.month]} {interns_day.year}",
        kind=EventKind.INTERNS_WELCOME,
        starts_at=_at(interns_day + timedelta(days=3), 18, 30),
        ends_at=_at(interns_day + timedelta(days=3), 21),
        venue_name="Centre hospitalier de Cahors, salle de conférences",
        address="Rue de l'Exemple (adresse de démonstration)",
        commune=cahors,
        capacity=60,
        registration_deadline=_at(interns_day, 12),
        audience="Internes en stage dans le Lot ce semestre",
        description=(
            "Bienvenue aux internes ! Présentation du territoire, des lieux de stage, "
            "du logement et des aides, rencontre avec les maîtres de stage, puis apéritif.\n\n"
            "Le Département accueille les nouvelles promotions d'internes tous les six mois "
            "depuis 2017 (source : dossier du Département du Lot sur l'installation des "
            "professionnels de santé). Lieu, date et programme : exemple (démonstration)."
        ),
        is_published=True,
        status=EventStatus.PUBLISHED,
    )

    meeting_day = _next_weekday(today + timedelta(days=21), 1)
    meeting = _event(
        desk,
        "Rencontre des internes, des élus et des professionnels du Figeacois",
        kind=EventKind.INTERNS_ELECTED,
        starts_at=_at(meeting_day, 18, 30),
        ends_at=_at(meeting_day, 21),
        venue_name="Salle de réunion (lieu de démonstration)",
        address="Place de l'Exemple (adresse de démonstration)",
        commune=figeac,
        capacity=8,
        registration_deadline=_at(meeting_day - timedelta(days=5), 23, 59),
        audience="Internes, élus locaux et professionnels de santé du Figeacois",
        description=(
            "Figeac organise chaque année une rencontre entre internes, élus locaux et "
            "professionnels du secteur, pour ouvrir le dialogue et assurer la transmission "
            "entre les générations (source : dossier du Département du Lot sur l'installation "
            "des professionnels de santé). Lieu, date et invités : exemple (démonstration)."
        ),
        is_published=True,
        status=EventStatus.PUBLISHED,
    )
    for number, (first, last, profession, status, guests) in enumerate(MEETING_GUESTS, 1):
        _invite(
            meeting,
            first,
            last,
            f"rencontre.figeac.{number:02d}@demo.example",
            status=status,
            guests=guests,
            profession_label=profession,
        )
    newcomer = get_user_model().objects.filter(email="nouvelle.arrivante@demo.example").first()
    if newcomer:
        _invite(
            meeting,
            newcomer.first_name,
            newcomer.last_name,
            newcomer.email,
            user=newcomer,
            profession_label="Médecin généraliste",
        )
    trainings = _gers_trainings(today)
    report.line(
        f"Évènements : la soirée d'accueil d'Alvignac-les-Eaux du 20 novembre 2025 "
        f"({welcome_guests} invités, {WELCOME_PRESENT} présents), 1 accueil des internes, "
        f"1 rencontre internes–élus ({len(MEETING_GUESTS) + 1} invités), "
        f"{trainings} formations du jeudi dans le Gers."
    )
