"""Demo students, housing, ambassadors and a month of hotline records (Lot desk).

Like ``demo.cases``, history is loaded as data (dates in the past); live status changes
and allocations always go through ``installations.workflow`` and ``students.housing``.
Fictitious contacts only: 01 99 … numbers, ``.example`` addresses.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from ambassadors.models import Ambassador, Introduction
from demo.cases import GENERAL_STEPS, GP_STEPS, _applicant, _event
from hotline.models import Channel, HotlineRecord
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

AMBASSADORS = [
    # (first, last, kind, profession, INSEE, topics, approved)
    (
        "Élise",
        "Marty",
        "professional",
        "medecin-generaliste",
        "46042",
        ["profession", "housing"],
        True,
    ),
    ("Bruno", "Vayssières", "resident", None, "46102", ["schooling", "leisure"], True),
    ("Nadia", "Cabrol", "professional", "infirmier", "46127", ["spouse_job", "profession"], True),
    ("Paul", "Lacoste", "resident", None, "46128", ["leisure", "housing"], True),
    ("Inès", "Fabre", "professional", "masseur-kinesitherapeute", "46309", ["schooling"], True),
    ("Luc", "Delpech", "resident", None, "46102", ["spouse_job"], False),
]

# (login, first, last, status, level, placement name fragment, housed)
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
        CaseStatus.CLOSED,
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

HOTLINE_SUBJECTS = [
    ("Aides à l'installation en zone sous-dotée", CaseKind.INFORMATION, "medecin-generaliste"),
    (
        "Recherche d'un terrain de stage pour le semestre d'été",
        CaseKind.PLACEMENT,
        "medecin-generaliste",
    ),
    ("Locaux disponibles en maison de santé", CaseKind.INSTALLATION, "masseur-kinesitherapeute"),
    ("Logement pour un interne à Cahors", CaseKind.PLACEMENT, "medecin-generaliste"),
    ("Emploi pour un conjoint enseignant", CaseKind.INSTALLATION, "infirmier"),
    ("Remplacements possibles l'été", CaseKind.INFORMATION, "medecin-generaliste"),
    (
        "Conditions du contrat d'engagement de service public",
        CaseKind.INFORMATION,
        "medecin-generaliste",
    ),
    (
        "Cabinet à reprendre après un départ en retraite",
        CaseKind.INSTALLATION,
        "chirurgien-dentiste",
    ),
]
CALLERS = [
    ("Sophie", "Arnal"),
    ("Karim", "Benali"),
    ("Julie", "Castagné"),
    ("Marc", "Dufour"),
    ("Anaïs", "Estève"),
    ("Thomas", "Fournier"),
    ("Laura", "Gaillard"),
    ("Nicolas", "Héral"),
]


def _ascii(text):
    import unicodedata

    return unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()


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
    titles = [title for title, _d in GENERAL_STEPS + GP_STEPS]
    StepTemplate.objects.filter(title__in=titles, case_kind="").update(
        case_kind=CaseKind.INSTALLATION
    )
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


def _ambassadors():
    professions = {p.code: p for p in Profession.objects.all()}
    made = []
    for index, (first, last, kind, code, insee, topics, approved) in enumerate(AMBASSADORS):
        commune = Commune.objects.filter(insee_code=insee).first()
        if commune is None:
            continue
        ambassador, _ = Ambassador.objects.update_or_create(
            email=f"{_ascii(first)}.{_ascii(last)}@ambassadeurs.example",
            defaults={
                "first_name": first,
                "last_name": last,
                "kind": kind,
                "profession": professions.get(code) if code else None,
                "commune": commune,
                "topics": topics,
                "phone": f"01 99 00 47 {20 + index:02d}",
                "presentation": "Installé·e dans le Lot depuis plusieurs années, "
                "je partage volontiers mes adresses.",
                "consent_at": timezone.now() - timedelta(days=90 + index),
                "approved": approved,
            },
        )
        made.append(ambassador)
    return made


def _students(desk, referent, staff, semesters, periods, rng, now):
    gp = Profession.objects.filter(code="medecin-generaliste").first()
    placements = list(Placement.objects.published())
    created = 0
    (_prev_label, prev_start, prev_end) = semesters[0]
    (cur_label, cur_start, cur_end) = semesters[1]
    for index, (login, first, last, status, level, site, housed) in enumerate(STUDENTS):
        applicant = _applicant(login, first, last)
        if Case.objects.filter(applicant=applicant).exists():
            continue
        placement = next((p for p in placements if site in p.name), None)
        past = status == CaseStatus.CLOSED
        start, end = (prev_start, prev_end) if past else (cur_start, cur_end)
        submitted = now - timedelta(days=rng.randint(40, 150) + (180 if past else 0))
        case = Case.objects.create(
            applicant=applicant,
            kind=CaseKind.PLACEMENT,
            origin=[CaseOrigin.WEB, CaseOrigin.EVENT, CaseOrigin.PARTNER][index % 3],
            desk=desk,
            status=status,
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
        _event(case, EventKind.CREATED, case.created_at, applicant, "Brouillon créé.", True)
        _event(
            case,
            EventKind.STATUS,
            submitted,
            applicant,
            "",
            True,
            from_status=CaseStatus.DRAFT,
            to_status=CaseStatus.SUBMITTED,
        )
        services.create_steps(case)
        moment = submitted
        if status != CaseStatus.SUBMITTED:
            moment += timedelta(days=rng.randint(1, 3))
            case.referent, case.assigned_at = referent, moment
            _event(
                case,
                EventKind.STATUS,
                moment,
                staff,
                "",
                True,
                from_status=CaseStatus.SUBMITTED,
                to_status=CaseStatus.ASSIGNED,
            )
        if status in {CaseStatus.IN_PROGRESS, CaseStatus.CLOSED}:
            moment += timedelta(days=rng.randint(1, 5))
            case.first_contact_at = moment
            case.placement_site = placement
            _event(
                case,
                EventKind.STATUS,
                moment,
                referent,
                "",
                True,
                from_status=CaseStatus.ASSIGNED,
                to_status=CaseStatus.IN_PROGRESS,
            )
            _event(
                case,
                EventKind.UPDATE,
                moment + timedelta(days=2),
                referent,
                f"Terrain de stage retenu : {placement}",
                True,
            )
        if housed and placement is not None:
            request = HousingRequest.objects.create(
                case=case, starts_on=start, ends_on=end, notes="Arrivée la veille du stage."
            )
            offer = (
                "Studio communal de Figeac"
                if "Figeac" in placement.name
                else (
                    "Internat du centre hospitalier de Cahors"
                    if "Centre hospitalier" in placement.name
                    else "Maison des internes de Cahors"
                )
            )
            period = periods.get((offer, _prev_label if past else cur_label))
            if period is not None and status in {CaseStatus.IN_PROGRESS, CaseStatus.CLOSED}:
                place = period.allocations.count() + 1
                if place <= period.capacity:
                    HousingAllocation.objects.create(
                        request=request,
                        period=period,
                        place=place,
                        allocated_by=staff,
                        allocated_at=moment + timedelta(days=3),
                    )
                    request.status = HousingRequestStatus.ALLOCATED
                    request.save(update_fields=["status"])
                    _event(
                        case,
                        EventKind.UPDATE,
                        moment + timedelta(days=3),
                        staff,
                        f"Logement attribué : {period.offer.name}, {period.label}.",
                        True,
                    )
        if past:
            case.closed_at = min(now, moment + timedelta(days=200))
            _event(
                case,
                EventKind.STATUS,
                case.closed_at,
                referent,
                "",
                True,
                from_status=CaseStatus.IN_PROGRESS,
                to_status=CaseStatus.CLOSED,
            )
        case.last_activity_at = min(now, moment + timedelta(days=4))
        case.save()
        created += 1
    return created


def _introductions(ambassadors, referent, now):
    """Camille's case: one introduction made, one waiting for the ambassador's answer."""
    case = Case.objects.filter(applicant__email="nouvelle.arrivante@demo.example").first()
    by_first = {a.first_name: a for a in ambassadors}
    if case is None or "Bruno" not in by_first or "Élise" not in by_first:
        return 0
    Introduction.objects.get_or_create(
        case=case,
        ambassador=by_first["Bruno"],
        defaults={
            "topics": ["schooling", "leisure"],
            "proposed_by": referent,
            "proposed_at": now - timedelta(days=12),
            "newcomer_answer": "accepted",
            "newcomer_answered_at": now - timedelta(days=11),
            "ambassador_answer": "accepted",
            "ambassador_answered_at": now - timedelta(days=10),
            "introduced_at": now - timedelta(days=10),
        },
    )
    Introduction.objects.get_or_create(
        case=case,
        ambassador=by_first["Élise"],
        defaults={
            "topics": ["profession"],
            "proposed_by": referent,
            "proposed_at": now - timedelta(days=2),
            "newcomer_answer": "accepted",
            "newcomer_answered_at": now - timedelta(days=1),
        },
    )
    return Introduction.objects.filter(case=case).count()


def _hotline(desk, staff, rng, now):
    """The last 30 days of calls; reloading replaces the demo callers' records."""
    professions = {p.code: p for p in Profession.objects.all()}
    HotlineRecord.objects.filter(desk=desk, caller_email__endswith="@appelants.example").delete()
    records = []
    for day in range(30):
        for slot in range(rng.randint(1, 3) if day % 7 not in (5, 6) else 0):
            first, last = CALLERS[(day + slot) % len(CALLERS)]
            subject, kind, code = HOTLINE_SUBJECTS[(day * 3 + slot) % len(HOTLINE_SUBJECTS)]
            at = (now - timedelta(days=30 - day)).replace(hour=9 + 2 * slot, minute=15 * slot)
            records.append(
                HotlineRecord(
                    desk=desk,
                    subject=subject,
                    caller_last_name=last,
                    caller_first_name=first,
                    received_at=at,
                    channel=[Channel.PHONE, Channel.PHONE, Channel.EMAIL, Channel.VISIT][
                        (day + slot) % 4
                    ],
                    caller_email=f"{_ascii(first)}.{_ascii(last)}@appelants.example",
                    caller_phone=f"01 99 00 49 {(day * 3 + slot) % 90 + 10:02d}",
                    profession=professions.get(code),
                    request_kind=kind,
                    answer="Informations données ; documentation envoyée par e-mail.",
                    follow_up_needed=(day + slot) % 4 == 0,
                    follow_up_done=(day + slot) % 8 == 0,
                    recorded_by=staff,
                )
            )
    HotlineRecord.objects.bulk_create(records)
    return len(records)


def _origins(desk):
    """Some demo cases came from the hotline, an event or a partner (deterministic)."""
    cases = Case.objects.filter(desk=desk, kind=CaseKind.INSTALLATION, origin=CaseOrigin.WEB)
    for case in cases.order_by("pk"):
        origin = {0: CaseOrigin.HOTLINE, 3: CaseOrigin.EVENT, 5: CaseOrigin.PARTNER}.get(
            case.pk % 7
        )
        if origin:
            Case.objects.filter(pk=case.pk).update(origin=origin)


def load(report):
    desk = Desk.objects.filter(slug="lot").first()
    if desk is None:
        report.line("Étudiants, ambassadeurs, permanence : guichet du Lot absent, rien chargé.")
        return
    User = get_user_model()
    staff = User.objects.filter(role=Role.STAFF, desk_membership__desk=desk).first()
    referent = User.objects.filter(email="referent.lot@demo.example").first()
    rng = random.Random(909)
    now = timezone.now()
    semesters = _semesters(timezone.localdate())
    _step_templates()
    periods = _housing(semesters)
    ambassadors = _ambassadors()
    students = _students(desk, referent, staff, semesters, periods, rng, now)
    introductions = _introductions(ambassadors, referent, now)
    calls = _hotline(desk, staff, random.Random(4646), now)
    _origins(desk)
    report.line(
        f"Étudiants : {Case.objects.filter(kind=CaseKind.PLACEMENT).count()} dossiers de stage "
        f"({students} nouveaux), {HousingOffer.objects.count()} offres de logement, "
        f"{HousingAllocation.objects.count()} logements attribués ; {len(ambassadors)} "
        f"ambassadeurs, {introductions} mises en relation ; {calls} appels à la permanence."
    )
