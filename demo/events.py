"""Demo events of the Lot desk: a welcome evening for the professionals installed since 2024
in the north of the Lot (a village hall, a buffet), the next interns' welcome, and a series
of Thursday trainings. Guests are fictitious (addresses on ``.example``). Dates follow
today's, so the calendar always has something ahead; loading twice duplicates nothing."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from events.enums import EventKind, EventStatus
from events.models import Event, Invitation
from structures.models import Structure, StructureKind
from territories.models import Commune, Desk, Epci
from territories.text import fold

PARIS = ZoneInfo("Europe/Paris")
MONTHS = {5: "mai", 11: "novembre"}
CAUVALDOR = "200066371"  # CC Causses et Vallée de la Dordogne, the north of the Lot

# (first name, last name, profession, structure, answer, guests)
WELCOME_GUESTS = [
    ("Amandine", "Bories", "Médecin généraliste", "MSP de Martel", "accepted", 1),
    ("Bastien", "Lacombe", "Masseur-kinésithérapeute", "Cabinet de Souillac", "accepted", 0),
    ("Chloé", "Delpech", "Infirmière", "Centre de santé de Saint-Céré", "accepted", 0),
    ("David", "Marty", "Chirurgien-dentiste", "", "declined", 0),
    ("Élodie", "Vayssière", "Sage-femme", "MSP de Martel", "invited", 0),
    ("Florian", "Couderc", "Médecin généraliste", "MSP de Gramat", "accepted", 1),
    ("Gaëlle", "Rouquié", "Orthophoniste", "", "invited", 0),
    ("Hélène", "Lafage", "Pharmacienne", "Pharmacie de Vayrac", "accepted", 0),
    ("Ibrahim", "Sahli", "Médecin généraliste", "Centre de santé de Saint-Céré", "waiting", 1),
    ("Julie", "Bousquet", "Infirmière", "", "invited", 0),
]


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


def _invite(event, first, last, email, *, status="invited", guests=0, **extra):
    now = timezone.now()
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
            "sent_at": now,
            **extra,
        },
    )


def load(report):
    desk = Desk.objects.filter(slug="lot").first()
    if desk is None:
        report.line("Évènements : guichet du Lot absent, rien à charger.")
        return
    today = timezone.localdate()
    martel = Commune.objects.get(insee_code="46185")
    figeac = Commune.objects.get(insee_code="46102")
    cahors = Commune.objects.get(insee_code="46042")

    evening_day = today + timedelta(days=24)
    welcome = _event(
        desk,
        "Soirée d'accueil des nouveaux professionnels du nord du Lot",
        kind=EventKind.WELCOME_EVENING,
        starts_at=_at(evening_day, 19),
        ends_at=_at(evening_day, 22, 30),
        venue_name="Salle des fêtes de Martel",
        address="Place de la Halle (adresse de démonstration)",
        commune=martel,
        capacity=8,
        registration_deadline=_at(evening_day - timedelta(days=5), 23, 59),
        audience="Professionnels de santé installés depuis 2024 dans le nord du Lot",
        description=(
            "Une soirée pour faire connaissance avec les professionnels du territoire, "
            "les élus et l'équipe du guichet, autour d'un buffet de produits locaux.\n\n"
            "Présentation de la CPTS, des dispositifs d'aide et des projets de santé du "
            "territoire, puis buffet."
        ),
        is_published=True,
        status=EventStatus.PUBLISHED,
    )
    epci = Epci.objects.filter(siren=CAUVALDOR).first()
    if epci:
        welcome.partner_epcis.set([epci])
    cpts = Structure.objects.filter(kind=StructureKind.CPTS, commune__department="46")[:1]
    welcome.partner_structures.set(cpts)
    for first, last, profession, structure, status, guests in WELCOME_GUESTS:
        email = f"{fold(first)}.{fold(last)}@exemple-sante.example".replace(" ", "-")
        _invite(
            welcome,
            first,
            last,
            email,
            status=status,
            guests=guests,
            profession_label=profession,
            structure_label=structure,
        )
    newcomer = get_user_model().objects.filter(email="nouvelle.arrivante@demo.example").first()
    if newcomer:
        _invite(
            welcome,
            newcomer.first_name,
            newcomer.last_name,
            newcomer.email,
            user=newcomer,
            profession_label="Médecin généraliste",
        )
    # The professionals installed since 2024 (made by the structures and installations
    # demos) are left for the coordinator to add with the « installés depuis » filter.

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
            "du logement et des aides, rencontre avec les maîtres de stage, puis apéritif."
        ),
        is_published=True,
        status=EventStatus.PUBLISHED,
    )

    topics = [
        "Plaies chroniques : le parcours ville-hôpital",
        "Soins palliatifs à domicile",
        "Santé mentale des adolescents",
        "Prévention des chutes chez la personne âgée",
    ]
    thursday = _next_weekday(today, 3)
    for week, topic in enumerate(topics):
        day = thursday + timedelta(weeks=2 * week)
        _event(
            desk,
            f"Formation du jeudi : {topic}",
            kind=EventKind.TRAINING,
            starts_at=_at(day, 20, 30),
            ends_at=_at(day, 22, 30),
            venue_name="Maison de santé de Figeac, salle de réunion",
            address="Avenue de l'Exemple (adresse de démonstration)",
            commune=figeac,
            capacity=25,
            registration_deadline=_at(day - timedelta(days=1), 12),
            audience="Médecins, infirmiers, kinésithérapeutes, pharmaciens du Grand-Figeac",
            description=(
                "Formation pluriprofessionnelle d'une soirée : un cas concret, les "
                "ressources du territoire, et un temps d'échange."
            ),
            is_published=True,
            status=EventStatus.PUBLISHED,
        )
    report.line(
        f"Évènements : 1 soirée d'accueil ({len(WELCOME_GUESTS) + 1} invités), "
        f"1 accueil des internes, {len(topics)} formations du jeudi."
    )
