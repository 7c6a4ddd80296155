"""Demo cases: about thirty, in every status, across the three demo desks.

Demo history is loaded as data (dates in the past), as an import would; each past status
change goes through ``demo.history.transition``, which follows the workflow's transition table.
"""

import random
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils import timezone

from demo.history import (
    DemoHistoryError,
    applicant,
    event,
    last_activity,
    steps_done,
    transition,
)
from installations import checklists, services
from installations.enums import CaseStatus, EventKind, Need
from installations.kinds import CaseKind, CaseOrigin
from installations.models import Case, CaseEvent, Referent, Step
from portal.models import MailStatus, OutgoingMail
from portal.roles import Role
from privacy import retention
from structures.models import Profession
from territories.models import Commune, Desk
from welcome.models import PracticalResource

REFERENT_PROFILES = {
    "referent.lot@demo.example": {
        "communes": ["46042", "46127", "46128", "46309"],
        "epcis": [],
        "skills": [Need.HOUSING, Need.FINANCIAL_AIDS, Need.PREMISES],
        "capacity": 12,
        "organisation": "Conseil départemental (démonstration)",
        "phone": "01 99 00 46 10",
    },
    "referente.figeac@demo.example": {
        "communes": ["46102"],
        "epcis": ["200067361"],
        "skills": [Need.SPOUSE_JOB, Need.SCHOOLING, Need.SUPERVISING],
        "capacity": 8,
        "organisation": "CPTS (démonstration)",
        "phone": "01 99 00 46 20",
    },
    "referent.47@demo.example": {
        "communes": ["47001", "47323"],
        "epcis": [],
        "skills": [Need.HOUSING, Need.PREMISES, Need.LOCUM],
        "capacity": 10,
        "organisation": "Agglomération (démonstration)",
        "phone": "01 99 00 47 10",
    },
    "referente.gers@demo.example": {
        "communes": ["32013", "32107"],
        "epcis": [],
        "skills": [Need.FINANCIAL_AIDS, Need.SCHOOLING],
        "capacity": 10,
        "organisation": "Conseil départemental (démonstration)",
        "phone": "01 99 00 32 10",
    },
}

# (applicant, first, last, desk, profession, communes, status, referent, needs)
CASES = [
    (
        "nouvelle.arrivante",
        "Camille",
        "Durand",
        "lot",
        "medecin-generaliste",
        ["Figeac"],
        CaseStatus.IN_PROGRESS,
        "referente.figeac",
        [Need.HOUSING, Need.SPOUSE_JOB],
    ),
    (
        "l.morel",
        "Léa",
        "Morel",
        "lot",
        "medecin-generaliste",
        ["Gramat"],
        CaseStatus.SUBMITTED,
        None,
        [Need.PREMISES],
    ),
    (
        "t.garnier",
        "Thomas",
        "Garnier",
        "lot",
        "infirmier",
        ["Cahors"],
        CaseStatus.SUBMITTED,
        None,
        [Need.HOUSING],
    ),
    (
        "m.faure",
        "Manon",
        "Faure",
        "lot",
        "masseur-kinesitherapeute",
        ["Gourdon"],
        CaseStatus.ASSIGNED,
        "referent.lot",
        [Need.PREMISES, Need.FINANCIAL_AIDS],
    ),
    (
        "h.rousseau",
        "Hugo",
        "Rousseau",
        "lot",
        "sage-femme",
        ["Saint-Céré"],
        CaseStatus.IN_PROGRESS,
        "referent.lot",
        [Need.SCHOOLING],
    ),
    (
        "e.blanc",
        "Emma",
        "Blanc",
        "lot",
        "ophtalmologie",
        ["Figeac"],
        CaseStatus.IN_PROGRESS,
        "referente.figeac",
        [Need.SPOUSE_JOB, Need.HOUSING],
    ),
    (
        "n.guerin",
        "Nathan",
        "Guérin",
        "lot",
        "chirurgien-dentiste",
        ["Cahors"],
        CaseStatus.ON_HOLD,
        "referent.lot",
        [Need.PREMISES],
    ),
    (
        "c.muller",
        "Chloé",
        "Muller",
        "lot",
        "medecin-generaliste",
        ["Cœur de Causse"],
        CaseStatus.INSTALLED,
        "referent.lot",
        [Need.FINANCIAL_AIDS],
    ),
    (
        "l.henry",
        "Louis",
        "Henry",
        "lot",
        "pediatrie",
        ["Figeac"],
        CaseStatus.INSTALLED,
        "referente.figeac",
        [Need.SCHOOLING],
    ),
    (
        "j.roussel",
        "Jade",
        "Roussel",
        "lot",
        "orthophoniste",
        ["Souillac"],
        CaseStatus.CLOSED,
        "referent.lot",
        [Need.HOUSING],
    ),
    (
        "a.nicolas",
        "Arthur",
        "Nicolas",
        "lot",
        "psychologue",
        ["Cahors"],
        CaseStatus.DECLINED,
        None,
        [Need.OTHER],
    ),
    (
        "i.perrin",
        "Inès",
        "Perrin",
        "lot",
        "medecin-generaliste",
        ["Gourdon"],
        CaseStatus.WITHDRAWN,
        "referent.lot",
        [Need.HOUSING],
    ),
    (
        "g.morin",
        "Gabriel",
        "Morin",
        "lot",
        "interne",
        ["Cahors"],
        CaseStatus.DRAFT,
        None,
        [Need.HOUSING],
    ),
    (
        "r.mathieu",
        "Rose",
        "Mathieu",
        "lot",
        "dermatologie",
        ["Figeac"],
        CaseStatus.ASSIGNED,
        "referente.figeac",
        [Need.PREMISES],
    ),
    (
        "j.clement",
        "Jules",
        "Clément",
        "lot",
        "infirmier",
        ["Gramat"],
        CaseStatus.IN_PROGRESS,
        "referent.lot",
        [Need.HOUSING, Need.LOCUM],
    ),
    (
        "a.gauthier",
        "Alice",
        "Gauthier",
        "lot-et-garonne",
        "medecin-generaliste",
        ["Marmande"],
        CaseStatus.SUBMITTED,
        None,
        [Need.HOUSING],
    ),
    (
        "l.dumont",
        "Lucas",
        "Dumont",
        "lot-et-garonne",
        "cardiologie",
        ["Agen"],
        CaseStatus.ASSIGNED,
        "referent.47",
        [Need.SPOUSE_JOB],
    ),
    (
        "l.lopez",
        "Lina",
        "Lopez",
        "lot-et-garonne",
        "sage-femme",
        ["Villeneuve-sur-Lot"],
        CaseStatus.IN_PROGRESS,
        "referent.47",
        [Need.SCHOOLING],
    ),
    (
        "a.fontaine",
        "Adam",
        "Fontaine",
        "lot-et-garonne",
        "masseur-kinesitherapeute",
        ["Nérac"],
        CaseStatus.INSTALLED,
        "referent.47",
        [Need.PREMISES],
    ),
    (
        "m.chevalier",
        "Mila",
        "Chevalier",
        "lot-et-garonne",
        "medecin-generaliste",
        ["Marmande"],
        CaseStatus.ON_HOLD,
        "referent.47",
        [Need.FINANCIAL_AIDS],
    ),
    (
        "r.robin",
        "Raphaël",
        "Robin",
        "lot-et-garonne",
        "infirmier",
        ["Agen"],
        CaseStatus.WITHDRAWN,
        None,
        [Need.HOUSING],
    ),
    (
        "z.masson",
        "Zoé",
        "Masson",
        "lot-et-garonne",
        "orthoptiste",
        ["Agen"],
        CaseStatus.DRAFT,
        None,
        [],
    ),
    (
        "e.sanchez",
        "Ethan",
        "Sanchez",
        "lot-et-garonne",
        "chirurgien-dentiste",
        ["Nérac"],
        CaseStatus.CLOSED,
        "referent.47",
        [Need.PREMISES],
    ),
    (
        "a.noel",
        "Anna",
        "Noël",
        "gers",
        "medecin-generaliste",
        ["Auch"],
        CaseStatus.SUBMITTED,
        None,
        [Need.HOUSING, Need.SCHOOLING],
    ),
    (
        "l.bertin",
        "Léo",
        "Bertin",
        "gers",
        "infirmier",
        ["Condom"],
        CaseStatus.ASSIGNED,
        "referente.gers",
        [Need.HOUSING],
    ),
    (
        "c.lemoine",
        "Clara",
        "Lemoine",
        "gers",
        "medecin-generaliste",
        ["Auch"],
        CaseStatus.IN_PROGRESS,
        "referente.gers",
        [Need.FINANCIAL_AIDS],
    ),
    (
        "s.girard",
        "Sacha",
        "Girard",
        "gers",
        "psychiatrie",
        ["Auch"],
        CaseStatus.INSTALLED,
        "referente.gers",
        [Need.SPOUSE_JOB],
    ),
    (
        "m.andre",
        "Maël",
        "André",
        "gers",
        "dieteticien",
        ["Condom"],
        CaseStatus.DECLINED,
        None,
        [Need.OTHER],
    ),
    (
        "e.lefevre",
        "Élise",
        "Lefèvre",
        "gers",
        "sage-femme",
        ["Auch"],
        CaseStatus.DRAFT,
        None,
        [Need.SCHOOLING],
    ),
    (
        "p.arnaud",
        "Paul",
        "Arnaud",
        "gers",
        "pharmacien",
        ["Condom"],
        CaseStatus.SUBMITTED,
        None,
        [Need.PREMISES],
    ),
]

# How far each status got along the way.
REACHED = {
    CaseStatus.DRAFT: 0,
    CaseStatus.SUBMITTED: 1,
    CaseStatus.DECLINED: 1,
    CaseStatus.ASSIGNED: 2,
    CaseStatus.WITHDRAWN: 2,
    CaseStatus.IN_PROGRESS: 3,
    CaseStatus.ON_HOLD: 3,
    CaseStatus.INSTALLED: 4,
    CaseStatus.CLOSED: 5,
}


def _referents():
    users = {}
    for email, data in REFERENT_PROFILES.items():
        user = get_user_model().objects.get(email=email)
        profile, _ = Referent.objects.update_or_create(
            user=user,
            defaults={
                "skills": [str(s) for s in data["skills"]],
                "capacity": data["capacity"],
                "organisation": data["organisation"],
                "public_phone": data["phone"],
            },
        )
        profile.communes.set(data["communes"])
        profile.epcis.set(data["epcis"])
        users[email.split("@")[0]] = user
    return users


def _build(case, row, referent, staff, rng, now):
    """Walk the draft ``case`` to its row's status along the transition table, in the past."""
    _login, first, _last, _desk, _prof, _communes, status, _ref, _needs = row
    reached = REACHED[status]
    # Installed and closed cases started long enough ago for their whole story to be past.
    start = now - timedelta(
        days=rng.randint(20, 240) + (120 if reached >= 4 else 0) + (365 if reached >= 5 else 0)
    )
    case.created_at = start - timedelta(days=2)
    event(case, EventKind.CREATED, case.created_at, case.applicant, "Brouillon créé.", True)
    if reached == 0:
        case.save()
        return
    case.consent_at = case.submitted_at = start
    case.reference = f"INS-{start:%Y}-{case.pk:05d}"
    transition(case, "submit", start, case.applicant)
    services.create_steps(case)
    moment = start
    if status == CaseStatus.DECLINED:
        moment += timedelta(days=1)
        transition(
            case,
            "decline",
            moment,
            staff,
            "Votre profession ne relève pas des dispositifs du guichet ; nous vous "
            "transmettons les coordonnées de la chambre consulaire.",
        )
    if reached >= 2 and referent is not None:
        moment += timedelta(days=rng.randint(1, 3))
        case.referent, case.assigned_at = referent, moment
        transition(case, "assign", moment, staff)
    if reached >= 3:
        moment += timedelta(days=rng.randint(1, 6))
        case.first_contact_at = moment
        transition(
            case,
            "start",
            moment,
            referent,
            f"Appel de 30 minutes avec {first} : projet solide, visite du territoire à organiser.",
        )
        event(
            case,
            EventKind.MESSAGE,
            moment + timedelta(hours=2),
            referent,
            f"Bonjour {first}, merci pour notre échange. Je vous propose une visite du "
            "territoire et des structures qui recrutent. Quelles dates vous conviennent ?",
            True,
        )
        event(
            case,
            EventKind.MESSAGE,
            moment + timedelta(days=1),
            case.applicant,
            "Bonjour, merci beaucoup ! Je suis disponible la semaine prochaine, plutôt en "
            "fin de semaine.",
            True,
        )
        done = list(case.steps.order_by("position")[: rng.randint(1, 4)])
        steps_done(case, done, moment + timedelta(days=5), referent)
        case.next_action_on = timezone.localdate() + timedelta(days=rng.randint(-5, 20))
    if status == CaseStatus.ON_HOLD:
        case.resume_on = timezone.localdate() + timedelta(days=rng.randint(5, 60))
        transition(
            case,
            "hold",
            moment + timedelta(days=10),
            referent,
            "Pause à la demande du demandeur (fin d'internat).",
        )
    if reached >= 4:
        moment += timedelta(days=rng.randint(20, 90))
        commune = case.wished_communes.first()
        services.record_installation(
            case,
            {
                "installed_on": moment.date(),
                "commune": commune,
                "structure": None,
                "mode": case.practice_mode or "liberal",
            },
        )
        case.installed_at = moment
        transition(case, "install", moment, referent)
    if reached >= 5:
        moment += timedelta(days=365)
        case.closed_at = moment
        transition(case, "close", moment, referent)
    if status == CaseStatus.WITHDRAWN:
        transition(
            case, "withdraw", moment + timedelta(days=3), case.applicant, "Projet reporté d'un an."
        )
    if case.status != status:
        raise DemoHistoryError(f"Démonstration : {case.last_name} finit « {case.status} ».")
    case.last_activity_at = last_activity(case)
    case.save()


RESOURCES = [
    (
        "contact",
        "Conseil départemental de l'Ordre des médecins (démonstration)",
        "Inscription au tableau, questions déontologiques.",
        "01 99 00 10 01",
    ),
    (
        "contact",
        "Caisse primaire d'assurance maladie — relations avec les professionnels (démonstration)",
        "Conventionnement, aides conventionnelles.",
        "01 99 00 10 02",
    ),
    (
        "housing",
        "Logements temporaires pour professionnels de santé (démonstration)",
        "Studios meublés pour les premiers mois, loyer modéré.",
        "01 99 00 10 03",
    ),
    (
        "housing",
        "Service habitat de l'intercommunalité (démonstration)",
        "Locations à l'année, accession, aides à la rénovation.",
        "01 99 00 10 04",
    ),
    (
        "schooling",
        "Relais petite enfance (démonstration)",
        "Assistantes maternelles et crèches du territoire.",
        "01 99 00 10 05",
    ),
    (
        "spouse_job",
        "Accompagnement emploi du conjoint (démonstration)",
        "Mise en relation avec les employeurs et les réseaux d'entreprises.",
        "01 99 00 10 06",
    ),
    (
        "leisure",
        "Office de tourisme (démonstration)",
        "Associations sportives et culturelles, randonnée, patrimoine.",
        "01 99 00 10 07",
    ),
]


def _resources(desks):
    for desk in desks.values():
        for position, (category, title, text, phone) in enumerate(RESOURCES):
            PracticalResource.objects.update_or_create(
                desk=desk,
                title=title,
                defaults={"category": category, "text": text, "phone": phone, "position": position},
            )


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
    professions = {p.code: p for p in Profession.objects.all()}
    checklists.seed()  # the installation checklist per profession and practice mode
    referents = _referents()
    desks = {desk.slug: desk for desk in Desk.objects.all()}
    _resources(desks)
    staff = {
        slug: get_user_model().objects.filter(role=Role.STAFF, desk_membership__desk=desk).first()
        for slug, desk in desks.items()
    }
    rng = random.Random(2026)
    now = timezone.now()
    created = 0
    for row in CASES:
        login, first, last, desk_slug, profession, commune_names, status, referent, needs = row
        user = applicant(login, first, last)
        if Case.objects.filter(applicant=user).exists():
            continue
        communes = [
            Commune.objects.filter(name=name, department__desks=desks[desk_slug]).first()
            for name in commune_names
        ]
        case = Case.objects.create(
            applicant=user,
            desk=desks[desk_slug] if status != CaseStatus.DRAFT else None,
            first_name=first,
            last_name=last,
            civility="",
            phone=f"01 99 00 {rng.randint(10, 99)} {rng.randint(10, 99)}",
            profession=professions[profession],
            situation=rng.choice(["practising", "locum", "intern"]),
            practice_mode=rng.choice(["liberal", "salaried", "mixed"]),
            wished_settings=[rng.choice(["msp", "centre_sante", "cabinet"])],
            needs=[str(n) for n in needs],
            project_text="S'installer durablement, en équipe, dans un territoire rural.",
        )
        case.wished_communes.set([c for c in communes if c is not None])
        _build(case, row, referents.get(referent) if referent else None, staff[desk_slug], rng, now)
        created += 1
    _origins(desks["lot"])
    _retention_examples(now)
    report.line(f"{Case.objects.count()} dossiers de démonstration ({created} nouveaux).")


def _retention_examples(now):
    """What `manage.py apply_retention --dry-run` shows: Gabriel Morin's draft, untouched for
    seven months and its owner warned forty days ago, would be deleted; Jade Roussel's case,
    closed more than three years ago, would be anonymised. Both stay until the job runs."""
    draft = Case.objects.filter(
        applicant__email="g.morin@demo.example", status=CaseStatus.DRAFT
    ).first()
    warned = OutgoingMail.objects.filter(
        topic=retention.WARNING_TEMPLATE,
        dedup_key__startswith=f"{retention.WARNING_KEY_PREFIX}{getattr(draft, 'pk', '')}:",
    )
    if draft is not None and not warned.exists():
        _shift(draft, now - timedelta(days=220) - draft.last_activity_at)
        warned_at = now - timedelta(days=40)
        retention.warn_drafts(Case.objects.filter(pk=draft.pk), now=warned_at)
        warned.update(created_at=warned_at, status=MailStatus.SENT, sent_at=warned_at)
    closed = Case.objects.filter(
        applicant__email="j.roussel@demo.example", status=CaseStatus.CLOSED
    ).first()
    if closed is not None and closed.closed_at > retention.years_before(now, 3):
        _shift(closed, -timedelta(days=3 * 365 + 30))


def _shift(case, delta):
    """Move a whole demo story in time, keeping its order (dates of the case and its lines)."""
    stamps = [
        "created_at",
        "submitted_at",
        "assigned_at",
        "first_contact_at",
        "installed_at",
        "closed_at",
        "last_activity_at",
        "consent_at",
        "installed_on",
        "resume_on",
        "next_action_on",
    ]
    changes = {name: F(name) + delta for name in stamps if getattr(case, name) is not None}
    Case.objects.filter(pk=case.pk).update(**changes)
    CaseEvent.objects.filter(case=case).update(created_at=F("created_at") + delta)
    Step.objects.filter(case=case, done_at__isnull=False).update(done_at=F("done_at") + delta)
    Step.objects.filter(case=case, due_on__isnull=False).update(due_on=F("due_on") + delta)
