"""Demo students: placement step templates, housing offers over three semesters and six
placement cases (four housed), Lot desk.

Like ``demo.cases``, history is loaded as data (dates in the past) and each past status change
goes through ``demo.history.transition``. Fictitious contacts only: 01 99 … numbers.
"""

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from demo.history import DemoHistoryError, applicant, event, last_activity, transition
from installations import services
from installations.enums import CaseStatus, EventKind
from installations.kinds import CaseKind, CaseOrigin
from installations.models import Case, StepTemplate
from portal.roles import Role
from structures.models import Placement, PlacementLevel, Profession
from students.models import (
    HousingAllocation,
    HousingKind,
    HousingOffer,
    HousingPeriod,
    HousingRequest,
    HousingRequestStatus,
)
from territories.models import Commune, Desk

PLACEMENT_STEPS = [
    ("Convention de stage signée avec la faculté", "Transmise par le service de scolarité."),
    ("Rencontre avec le maître de stage", "Avant le premier jour : horaires, visites, gardes."),
    (
        "Logement pendant le stage",
        "Maison des internes, internat de l'hôpital ou logement communal.",
    ),
    ("Accueil le premier jour", "Présentation à l'équipe et aux partenaires du territoire."),
]

HOUSING = [
    # (name, kind, INSEE, capacity, monthly price, contact)
    (
        "Maison des internes de Cahors",
        HousingKind.INTERNS_HOUSE,
        "46042",
        8,
        "150",
        "01 99 00 46 60",
    ),
    ("Internat du centre hospitalier de Cahors", HousingKind.HOSPITAL_ROOMS, "46042", 6, "0", ""),
    ("Studio communal de Figeac", HousingKind.COMMUNE, "46102", 1, "0", "Mairie, 01 99 00 46 61"),
]

# (login, first, last, status, level, placement name fragment, housed). Chloé's placement was
# last semester: the hospital recruited her at its end (the workflow's only way out of « en
# cours » other than a withdrawal is an installation).
STUDENTS = [
    (
        "etudiante.stage1",
        "Léa",
        "Roussel",
        CaseStatus.IN_PROGRESS,
        PlacementLevel.INTERN,
        "Labastide",
        True,
    ),
    (
        "etudiant.stage2",
        "Hugo",
        "Lemaire",
        CaseStatus.IN_PROGRESS,
        PlacementLevel.INTERN,
        "Cajarc",
        True,
    ),
    (
        "etudiante.stage3",
        "Chloé",
        "Benoît",
        CaseStatus.INSTALLED,
        PlacementLevel.JUNIOR,
        "Urgences",
        True,
    ),
    (
        "etudiant.stage4",
        "Yanis",
        "Perrier",
        CaseStatus.ASSIGNED,
        PlacementLevel.EXTERN,
        "Martel",
        False,
    ),
    (
        "etudiante.stage5",
        "Manon",
        "Girard",
        CaseStatus.SUBMITTED,
        PlacementLevel.INTERN,
        "Figeac",
        False,
    ),
    (
        "etudiant.stage6",
        "Théo",
        "Morel",
        CaseStatus.IN_PROGRESS,
        PlacementLevel.INTERN,
        "Pédiatrie",
        True,
    ),
]


def _semesters(today):
    """The previous, current and next six-month semesters (November–April, May–October)."""

    def start_of(day):
        if day.month >= 11:
            return date(day.year, 11, 1)
        if day.month >= 5:
            return date(day.year, 5, 1)
        return date(day.year - 1, 11, 1)

    def shift(start, n):
        month = start.month - 1 + 6 * n
        return date(start.year + month // 12, month % 12 + 1, 1)

    current = start_of(today)
    result = []
    for n in (-1, 0, 1):
        begin = shift(current, n)
        end = shift(current, n + 1) - timedelta(days=1)
        label = f"Hiver {begin.year}-{begin.year + 1}" if begin.month == 11 else f"Été {begin.year}"
        result.append((label, begin, end))
    return result


def _step_templates():
    for position, (title, description) in enumerate(PLACEMENT_STEPS):
        StepTemplate.objects.update_or_create(
            title=title,
            profession=None,
            defaults={
                "description": description,
                "position": position * 10,
                "case_kind": CaseKind.PLACEMENT,
            },
        )


def _housing(semesters):
    periods = {}
    for name, kind, insee, capacity, price, contact in HOUSING:
        commune = Commune.objects.filter(insee_code=insee).first()
        if commune is None:
            continue
        offer, _ = HousingOffer.objects.update_or_create(
            name=name,
            defaults={
                "kind": kind,
                "commune": commune,
                "address": "Adresse de démonstration",
                "description": "Offre de démonstration.",
                "contact": contact,
            },
        )
        for label, begin, end in semesters:
            period, _ = HousingPeriod.objects.update_or_create(
                offer=offer,
                label=label,
                defaults={
                    "starts_on": begin,
                    "ends_on": end,
                    "capacity": capacity,
                    "monthly_price": Decimal(price),
                },
            )
            periods[(name, label)] = period
    return periods


def _offer_for(placement):
    if "Figeac" in placement.name:
        return "Studio communal de Figeac"
    if "Centre hospitalier" in placement.name:
        return "Internat du centre hospitalier de Cahors"
    return "Maison des internes de Cahors"


def _housing_for(case, period, staff, at):
    """The student's housing request from « Mon dossier », then the desk's allocation."""
    request = HousingRequest.objects.create(
        case=case,
        starts_on=case.placement_start,
        ends_on=case.placement_end,
        notes="Arrivée la veille du stage.",
        created_at=at,
    )
    event(
        case,
        EventKind.UPDATE,
        at,
        case.applicant,
        f"Demande de logement du {request.starts_on:%d/%m/%Y} au {request.ends_on:%d/%m/%Y}.",
        True,
        details={"housing_request": request.pk},
    )
    if period is None or period.allocations.count() >= period.capacity:
        return
    allocated_at = at + timedelta(days=2)
    allocation = HousingAllocation.objects.create(
        request=request,
        period=period,
        place=period.allocations.count() + 1,
        allocated_by=staff,
        allocated_at=allocated_at,
    )
    request.status = HousingRequestStatus.ALLOCATED
    request.save(update_fields=["status"])
    event(
        case,
        EventKind.UPDATE,
        allocated_at,
        staff,
        f"Logement attribué : {period.offer.name}, {period.label}.",
        True,
        details={"housing_allocation": allocation.pk},
    )


def _students(desk, referent, staff, semesters, periods, rng, now):
    gp = Profession.objects.filter(code="medecin-generaliste").first()
    placements = list(Placement.objects.published())
    created = 0
    (prev_label, prev_start, prev_end) = semesters[0]
    (cur_label, cur_start, cur_end) = semesters[1]
    for index, (login, first, last, status, level, site, housed) in enumerate(STUDENTS):
        user = applicant(login, first, last)
        if Case.objects.filter(applicant=user).exists():
            continue
        placement = next((p for p in placements if site in p.name), None)
        past = status == CaseStatus.INSTALLED
        start, end = (prev_start, prev_end) if past else (cur_start, cur_end)
        submitted = now - timedelta(days=rng.randint(40, 150) + (180 if past else 0))
        case = Case.objects.create(
            applicant=user,
            kind=CaseKind.PLACEMENT,
            origin=[CaseOrigin.WEB, CaseOrigin.EVENT, CaseOrigin.PARTNER][index % 3],
            desk=desk,
            first_name=first,
            last_name=last,
            phone=f"01 99 00 48 {10 + index:02d}",
            profession=placement.profession if placement else gp,
            situation="intern" if level != PlacementLevel.EXTERN else "student",
            placement_level=level,
            faculty="Université de Toulouse, faculté de santé",
            study_year={"externe": 5, "interne": 8, "docteur_junior": 10}[level],
            placement_start=start,
            placement_end=end,
            housing_needed=housed,
            consent_at=submitted,
            submitted_at=submitted,
            created_at=submitted - timedelta(days=1),
            project_text="Stage dans le Lot, avec l'envie d'y revenir.",
        )
        case.reference = f"INS-{submitted:%Y}-{case.pk:05d}"
        if placement is not None:
            case.wished_placements.add(placement)
            case.wished_communes.add(placement.commune_id)
        event(case, EventKind.CREATED, case.created_at, user, "Brouillon créé.", True)
        transition(case, "submit", submitted, user)
        services.create_steps(case)
        moment = submitted
        if status != CaseStatus.SUBMITTED:
            moment += timedelta(days=rng.randint(1, 3))
            case.referent, case.assigned_at = referent, moment
            transition(case, "assign", moment, staff)
        if status in {CaseStatus.IN_PROGRESS, CaseStatus.INSTALLED}:
            moment += timedelta(days=rng.randint(1, 5))
            case.first_contact_at = moment
            case.placement_site = placement
            transition(
                case,
                "start",
                moment,
                referent,
                f"Premier échange avec {first} : dates du stage, maître de stage et logement.",
            )
            if housed and placement is not None:
                period = periods.get((_offer_for(placement), prev_label if past else cur_label))
                _housing_for(case, period, staff, moment + timedelta(days=1))
            event(
                case,
                EventKind.UPDATE,
                moment + timedelta(days=4),
                referent,
                f"Terrain de stage retenu : {placement}",
                True,
            )
        if past and placement is not None:
            # Recorded on the placement's last day; she starts at the hospital the next semester.
            recorded = timezone.make_aware(datetime.combine(end, time(17)))
            services.record_installation(
                case,
                {
                    "installed_on": cur_start,
                    "commune": placement.commune,
                    "structure": placement.structure,
                    "mode": "salaried",
                },
            )
            case.installed_at = recorded
            transition(case, "install", recorded, referent)
            event(
                case,
                EventKind.NOTE,
                recorded,
                referent,
                f"{first} est recrutée par l'établissement à l'issue de son stage.",
            )
        if case.status != status:
            raise DemoHistoryError(f"Démonstration : {last} finit « {case.status} ».")
        case.last_activity_at = last_activity(case)
        case.save()
        created += 1
    return created


def load(report):
    desk = Desk.objects.filter(slug="lot").first()
    if desk is None:
        report.line("Étudiants : guichet du Lot absent, rien chargé.")
        return
    User = get_user_model()
    staff = User.objects.filter(role=Role.STAFF, desk_membership__desk=desk).first()
    referent = User.objects.filter(email="referent.lot@demo.example").first()
    semesters = _semesters(timezone.localdate())
    _step_templates()
    periods = _housing(semesters)
    created = _students(
        desk, referent, staff, semesters, periods, random.Random(909), timezone.now()
    )
    report.line(
        f"Étudiants : {Case.objects.filter(kind=CaseKind.PLACEMENT).count()} dossiers de stage "
        f"({created} nouveaux), {HousingOffer.objects.count()} offres de logement, "
        f"{HousingAllocation.objects.count()} logements attribués."
    )
