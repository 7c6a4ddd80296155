"""Demo events, after the public sources where there is one:

* the Lot: the welcome evening the CPTS Nord du Lot and Cauvaldor held on 20 November 2025 at
  the Espace Samayou, Alvignac-les-Eaux, for the professionals installed since 2024, about 40
  present (sources/cpts-nord-du-lot-soiree-accueil-2025.txt): a past event, its invitations
  answered and its guests checked in; the interns' welcome every six months and Figeac's
  meeting of interns, elected officials and professionals (the Lot department's dossier);
* the Gers: the Thursday evening trainings the MSP du bassin lectourois has held since 2023 at
  Castelnau-d'Arbieu (sources/msp-bassin-lectourois-formations.txt); dates and topics ahead
  are examples.

Guests are fictitious (addresses on ``demo.example``; the few invited by letter have a
fictitious street in their real commune, marked « adresse de démonstration »). The Alvignac
evening has its two co-hosts (the CPTS and Cauvaldor, ``CoHost.is_demo``, with a logo drawn
at load time and a « Signataire de démonstration »), guests with companions, postal guests
and the answers to its satisfaction survey. Future dates follow today's, so the calendar
always has something ahead; loading twice duplicates nothing."""

from datetime import date, datetime, time, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from demo.structures import NEWCOMER_ADDRESSES
from events.enums import EventKind, EventStatus, InvitationStatus
from events.models import CoHost, Event, Invitation, SurveyAnswer
from portal import phones
from structures.models import Professional, Structure
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
# The evening's co-hosts: (name, initials and colour of the drawn logo, signatory's title).
CO_HOSTS = [
    ("CPTS Nord du Lot", "CPTS", "#2e7d6b", "Président de la CPTS Nord du Lot (démonstration)"),
    (
        "Communauté de communes Cauvaldor",
        "CC",
        "#8a4b1f",
        "Président de la communauté de communes (démonstration)",
    ),
]
DEMO_SIGNATORY = "Signataire de démonstration"
# The second line of every demo postal address: a fictitious street in a real commune.
DEMO_ADDRESS = "Adresse de démonstration"
# Guests who came with someone: guest number → the companions' names (fictitious).
COMPANIONS = {2: ["Julien Bories"], 9: ["Sarah Lacombe"], 17: ["Maxime Vayssière", "Lou Vayssière"]}
# A guest from the partners' list invited by letter only (no e-mail), who excused herself.
PARTNER_LIST_GUEST = (
    "Nadège",
    "Ternat",
    "Infirmière",
    "12 chemin de l'Exemple",
    "46600",
    "Martel",
)
# The survey's answers (satisfaction, usefulness, comment), from the first guests present.
SURVEY = [
    (5, 5, "Enfin des visages sur les noms : je sais qui appeler pour mes patients."),
    (5, 4, "Très bon accueil. Garder la présentation de chaque nouveau professionnel."),
    (4, 4, ""),
    (4, 5, "Les informations sur les aides à l'installation m'ont été utiles."),
    (5, 5, "À refaire chaque année, peut-être un peu plus tôt dans la soirée."),
    (3, 3, "Il manquait un temps pour les questions sur la CPTS."),
    (4, 4, "Buffet très convivial."),
    (5, 4, ""),
    (4, 3, "J'aurais aimé rencontrer les infirmiers du secteur de Gramat."),
    (5, 5, "Merci pour l'invitation par courrier, je n'ai pas encore d'adresse professionnelle."),
    (4, 5, ""),
    (2, 3, "Trop tard en semaine pour les libéraux qui finissent à 20 h."),
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
    """The evening's fictitious guests by e-mail, every one answered: 38 checked in (with the
    two newcomers by letter, 40 present), 6 excused."""
    guests = []
    for number in range(WELCOME_PRESENT + 4):
        first = FIRST_NAMES[number % len(FIRST_NAMES)]
        last = LAST_NAMES[number // len(FIRST_NAMES) % len(LAST_NAMES)]
        status = "attended" if number < WELCOME_PRESENT - 2 else "declined"
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


def _logo_png(initials: str, colour: str) -> bytes:
    """A plain coloured square with the co-host's initials: a stand-in logo."""
    image = Image.new("RGB", (240, 240), colour)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=72 if len(initials) > 2 else 110)
    draw.text((120, 120), initials, fill="white", font=font, anchor="mm")
    buffer = BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def _co_hosts(desk):
    """The CPTS and Cauvaldor, with a logo drawn once (a second load keeps the file)."""
    co_hosts = []
    for name, initials, colour, title in CO_HOSTS:
        co_host, _ = CoHost.objects.update_or_create(
            desk=desk,
            name=name,
            defaults={
                "signatory_name": DEMO_SIGNATORY,
                "signatory_title": title,
                "is_demo": True,
            },
        )
        if not co_host.logo or not co_host.logo.storage.exists(co_host.logo.name):
            co_host.logo.save("logo.png", ContentFile(_logo_png(initials, colour)), save=True)
        co_hosts.append(co_host)
    return co_hosts


def _postal_guests(evening, answered, arrived):
    """Guests invited by letter (no e-mail): the two newcomers « courrier seulement » of the
    directory, who came, and one from the partners' list, who excused herself."""
    letters = answered - timedelta(days=14)
    newcomers = Professional.objects.filter(rpps__in=NEWCOMER_ADDRESSES).select_related(
        "profession"
    )
    rows = [
        (
            {"professional": professional},
            professional.first_name,
            professional.last_name,
            professional.profession.label,
            *NEWCOMER_ADDRESSES[professional.rpps],
            InvitationStatus.ATTENDED,
        )
        for professional in newcomers.order_by("rpps")
    ]
    first, last, profession, line, code, city = PARTNER_LIST_GUEST
    rows.append(
        (
            {"first_name": first, "last_name": last, "email": ""},
            first,
            last,
            profession,
            line,
            code,
            city,
            InvitationStatus.DECLINED,
        )
    )
    for number, (key, first, last, profession, line, code, city, status) in enumerate(rows, 1):
        attended = status == InvitationStatus.ATTENDED
        Invitation.objects.update_or_create(
            event=evening,
            **key,
            defaults={
                "first_name": first,
                "last_name": last,
                "search_name": fold(f"{first} {last}"),
                "email": "",
                "profession_label": profession,
                "phone": phones.normalise(f"01 99 00 46 {70 + number:02d}"),
                "address_line": line,
                "address_extra": DEMO_ADDRESS,
                "postal_code": code,
                "city": city,
                "status": status,
                "answered_at": answered,
                "checked_in_at": arrived if attended else None,
                "sent_at": None,
                "letter_sent_at": letters,
            },
        )
    return len(rows)


def _survey(evening):
    """The satisfaction survey, sent the day after; the first guests present answered."""
    evening.survey_sent_at = _at(WELCOME_EVENING_DAY + timedelta(days=1), 10)
    evening.save(update_fields=["survey_sent_at", "updated_at"])
    present = evening.invitations.filter(status=InvitationStatus.ATTENDED).order_by("email", "pk")
    answered = _at(WELCOME_EVENING_DAY + timedelta(days=2), 18)
    for invitation, (satisfaction, usefulness, comment) in zip(present, SURVEY, strict=False):
        SurveyAnswer.objects.update_or_create(
            invitation=invitation,
            defaults={
                "event": evening,
                "satisfaction": satisfaction,
                "usefulness": usefulness,
                "comment": comment,
                "answered_at": answered,
            },
        )
    return len(SURVEY)


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
    evening.co_hosts.set(_co_hosts(desk))
    guests = _welcome_guests()
    for number, (first, last, email, profession, status) in enumerate(guests):
        companions = COMPANIONS.get(number, [])
        _invite(
            evening,
            first,
            last,
            email,
            status=status,
            guests=len(companions),
            companion_names="\n".join(companions),
            profession_label=profession,
            now=arrived if status == "attended" else answered,
        )
    postal = _postal_guests(evening, answered, arrived)
    _survey(evening)
    return len(guests) + postal


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
        f"({welcome_guests} invités, {WELCOME_PRESENT} présents, 2 co-organisateurs, "
        f"{len(SURVEY)} réponses au questionnaire), 1 accueil des internes, "
        f"1 rencontre internes–élus ({len(MEETING_GUESTS) + 1} invités), "
        f"{trainings} formations du jeudi dans le Gers."
    )
