"""The case workflow: the transition table and ``transition()``, the only writer of a status.

Each row of the table says all a transition does: who may fire it, its guards (what must hold,
in French for the form, with a stable code), its effects (on the locked case and the rows around
it) and its mails (template and party). Nothing outside the table branches on a transition's
name. ``transition`` asks the case's scope (``Case.objects.manageable_by``), locks the row,
refuses a stale version, runs the guards then the effects, saves, bumps the version, writes a
``CaseEvent`` and queues the row's mails through the outbox (delivered after commit).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from installations import notifications, services, timeline
from installations.enums import ENDED_STATES, OPEN_STATES, CaseStatus, EventKind
from installations.kinds import CaseKind
from installations.models import Case
from installations.notifications import DESK, NEWCOMER, PREVIOUS_REFERENT, REFERENT, Mail
from portal.jobs import run_after_commit
from portal.roles import SUPERUSER, Role, role_of
from territories.models import Desk

NEWCOMER_ROLE, REFERENT_ROLE, STAFF_ROLE = Role.NEWCOMER, Role.REFERENT, Role.STAFF


class WorkflowError(Exception):
    """Base of the errors a view turns into a French message."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(str(message) for message in self.messages))


class TransitionNotAllowed(WorkflowError):
    pass


@dataclass(frozen=True)
class Problem:
    """What a guard refuses: ``message`` for the person, ``code`` for the code that reacts."""

    code: str
    message: str


class GuardFailed(WorkflowError):
    def __init__(self, problems):
        super().__init__([problem.message for problem in problems])
        self.codes = [problem.code for problem in problems]


class StaleCase(WorkflowError):
    def __init__(self):
        super().__init__(
            _("Ce dossier a été modifié entre-temps : rechargez la page avant de recommencer.")
        )


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset
    target: str
    actors: frozenset  # roles; a superuser may fire any transition
    label: str
    # (case, details) -> [Problem]: the transition happens only when every guard returns [].
    guards: tuple = ()
    # (case, by, details), in order, on the locked case; transition() then sets the status.
    effects: tuple = ()
    mails: tuple = ()
    fields: tuple = field(default_factory=tuple)  # inputs the referent's form shows
    # Whether the reason or note typed with it is shown to the newcomer (else a private note).
    body_public: bool = False


# --- Guards: (case, details) -> the problems, none when the transition may happen ----------
def _request_complete(case, details):
    # One read of the wished places, for this guard, the routing and the desk's mail.
    prefetch_related_objects([case], "wished_communes", "wished_epcis")
    problems = []
    if not case.first_name or not case.last_name:
        problems.append(Problem("name", _("Indiquez vos nom et prénom.")))
    if not case.phone and case.contact_preference == "phone":
        problems.append(Problem("phone", _("Indiquez un numéro de téléphone pour être rappelé·e.")))
    if not case.profession_id:
        problems.append(Problem("profession", _("Choisissez votre profession.")))
    if not case.situation:
        problems.append(Problem("situation", _("Précisez votre situation actuelle.")))
    if not case.wished_communes.exists() and not case.wished_epcis.exists():
        problems.append(
            Problem(
                "territory",
                _("Choisissez au moins une commune ou une intercommunalité souhaitée."),
            )
        )
    elif _routed_desk(case, details) is None:
        problems.append(
            Problem(
                "no_desk",
                _(
                    "Aucun guichet ne couvre les communes choisies : "
                    "choisissez-en une du territoire."
                ),
            )
        )
    return problems


def _placement_complete(case, details):
    """A placement request (students, interns) also needs its level and dates."""
    if case.kind != CaseKind.PLACEMENT:
        return []
    problems = []
    if not case.placement_level:
        problems.append(
            Problem(
                "placement_level",
                _("Précisez votre niveau (externe, interne, docteur junior)."),
            )
        )
    if not case.placement_start or not case.placement_end:
        problems.append(Problem("placement_dates", _("Indiquez les dates de votre stage.")))
    return problems


def _consent_given(case, details):
    """Consent comes with the submission (``consent=True``), asked on the request's last step."""
    if case.consent_at or details.get("consent"):
        return []
    return [
        Problem("consent", _("Acceptez la politique de confidentialité pour envoyer la demande."))
    ]


def _routed_desk(case, details):
    """``_desk_for``, asked once per transition: the guard finds it, the effect reuses it."""
    if "routed_desk" not in details:
        details["routed_desk"] = _desk_for(case)
    return details["routed_desk"]


def _desk_for(case):
    for commune in case.wished_communes.all():  # by name (``Commune.Meta.ordering``)
        desk = Desk.objects.for_commune(commune)
        if desk is not None:
            return desk
    for epci in case.wished_epcis.all():
        commune = epci.communes.first()
        if commune is not None and (desk := Desk.objects.for_commune(commune)) is not None:
            return desk
    return None


def _referent_chosen(case, details):
    referent = details.get("referent")
    if referent is None or role_of(referent) != Role.REFERENT:
        return [Problem("referent", _("Choisissez un référent."))]
    if not Desk.objects.of_user(referent).filter(pk=case.desk_id).exists():
        return [Problem("referent_desk", _("Ce référent n'appartient pas au guichet du dossier."))]
    if case.status == CaseStatus.ASSIGNED and referent.pk == case.referent_id:
        return [Problem("same_referent", _("Ce dossier est déjà suivi par ce référent."))]
    return []


def _reason_given(case, details):
    if (details.get("reason") or "").strip():
        return []
    return [Problem("reason", _("Indiquez le motif."))]


def _not_anonymised(case, details):
    if case.anonymised_at is None:
        return []
    return [
        Problem(
            "anonymised",
            _(
                "Ce dossier a été anonymisé (durée de conservation écoulée) : "
                "il ne peut pas être rouvert."
            ),
        )
    ]


def _contact_described(case, details):
    if (details.get("note") or "").strip():
        return []
    return [Problem("note", _("Décrivez le premier contact (date, moyen, ce qui a été convenu)."))]


def _resume_date_ahead(case, details):
    resume_on = details.get("resume_on")
    if not isinstance(resume_on, date):
        return [Problem("resume_on", _("Indiquez la date de reprise."))]
    if resume_on <= timezone.localdate():
        return [Problem("resume_on", _("La date de reprise doit être dans le futur."))]
    return []


def _installation_described(case, details):
    problems = []
    if not isinstance(details.get("installed_on"), date):
        problems.append(Problem("installed_on", _("Indiquez la date d'installation.")))
    if details.get("commune") is None:
        problems.append(Problem("commune", _("Indiquez la commune d'installation.")))
    if details.get("structure") is None and not details.get("mode"):
        problems.append(Problem("structure", _("Indiquez la structure ou le mode d'exercice.")))
    return problems


# --- Effects: (case, by, details) on the locked case (and related rows) ----------------------
def _record_consent(case, by, details):
    if details.get("consent"):
        case.consent_at = timezone.now()


def _route_and_number(case, by, details):
    case.desk = _routed_desk(case, details)
    case.submitted_at = timezone.now()
    if not case.reference:
        case.reference = f"INS-{case.created_at:%Y}-{case.pk:05d}"


def _create_checklist(case, by, details):
    services.create_steps(case)


def _set_referent(case, by, details):
    details["previous_referent"] = case.referent  # for the mail to them on a reassignment
    case.referent = details["referent"]
    case.assigned_at = timezone.now()


def _request_welcome_pack(case, by, details):
    """The welcome pack (``welcome`` app, above the case) is rendered by its task once the
    assignment is committed; asked by name, so the case app does not import it."""
    run_after_commit("welcome.tasks.generate_welcome_pack", case.pk)


def _request_matching(case, by, details):
    """The offers that fit the case (``opportunities``, above the case) are looked for by its
    task once the submission is committed; asked by name, as the welcome pack is."""
    run_after_commit("opportunities.tasks.match_case", case.pk)


def _note_first_contact(case, by, details):
    case.first_contact_at = timezone.now()


def _set_resume_date(case, by, details):
    case.resume_on = details["resume_on"]


def _clear_resume_date(case, by, details):
    case.resume_on = None


def _record_installation(case, by, details):
    services.record_installation(case, details)


def _set_closed(case, by, details):
    case.closed_at = timezone.now()


def _back_to_the_desk(case, by, details):
    case.closed_at = None
    case.submitted_at = timezone.now()
    case.referent = None
    case.assigned_at = None


# --- Conditions of mails: (case, event) -> bool ---------------------------------------------
def _by_the_newcomer(case, event):
    return event.actor_id == case.applicant_id


def _not_by_the_newcomer(case, event):
    return event.actor_id != case.applicant_id


STATUS_CHANGED = Mail("installations_status_changed", to=NEWCOMER)
INTRODUCTIONS = (
    Mail("installations_assigned_newcomer", to=NEWCOMER, context=notifications.referent_card),
    Mail("installations_assigned_referent", to=REFERENT),
)

TRANSITIONS = [
    Transition(
        "submit",
        frozenset({CaseStatus.DRAFT}),
        CaseStatus.SUBMITTED,
        frozenset({NEWCOMER_ROLE}),
        _("Envoyer ma demande"),
        guards=(_request_complete, _placement_complete, _consent_given),
        effects=(_record_consent, _route_and_number, _create_checklist, _request_matching),
        mails=(
            Mail("installations_submitted", to=NEWCOMER),
            Mail("installations_new_request", to=DESK),
        ),
    ),
    Transition(
        "assign",
        frozenset({CaseStatus.SUBMITTED}),
        CaseStatus.ASSIGNED,
        frozenset({STAFF_ROLE}),
        _("Attribuer à un référent"),
        guards=(_referent_chosen,),
        effects=(_set_referent, _request_welcome_pack),
        mails=INTRODUCTIONS,
        fields=("referent",),
    ),
    Transition(
        "reassign",
        frozenset({CaseStatus.ASSIGNED}),
        CaseStatus.ASSIGNED,
        frozenset({STAFF_ROLE}),
        _("Changer de référent"),
        guards=(_referent_chosen,),
        effects=(_set_referent, _request_welcome_pack),
        mails=(*INTRODUCTIONS, Mail("installations_reassigned_previous", to=PREVIOUS_REFERENT)),
        fields=("referent",),
    ),
    Transition(
        "decline",
        frozenset({CaseStatus.SUBMITTED}),
        CaseStatus.DECLINED,
        frozenset({STAFF_ROLE}),
        _("Décliner"),
        guards=(_reason_given,),
        mails=(Mail("installations_declined", to=NEWCOMER),),
        fields=("reason",),
        body_public=True,
    ),
    Transition(
        "start",
        frozenset({CaseStatus.ASSIGNED}),
        CaseStatus.IN_PROGRESS,
        frozenset({REFERENT_ROLE}),
        _("Premier contact effectué"),
        guards=(_contact_described,),
        effects=(_note_first_contact,),
        mails=(STATUS_CHANGED,),
        fields=("note",),
    ),
    Transition(
        "hold",
        frozenset({CaseStatus.IN_PROGRESS}),
        CaseStatus.ON_HOLD,
        frozenset({REFERENT_ROLE}),
        _("Mettre en pause"),
        guards=(_resume_date_ahead,),
        effects=(_set_resume_date,),
        mails=(STATUS_CHANGED,),
        fields=("resume_on", "reason"),
        body_public=True,
    ),
    Transition(
        "resume",
        frozenset({CaseStatus.ON_HOLD}),
        CaseStatus.IN_PROGRESS,
        frozenset({REFERENT_ROLE, NEWCOMER_ROLE}),
        _("Reprendre l'accompagnement"),
        effects=(_clear_resume_date,),
        mails=(
            Mail("installations_resumed_by_newcomer", to=REFERENT, when=_by_the_newcomer),
            Mail("installations_status_changed", to=NEWCOMER, when=_not_by_the_newcomer),
        ),
    ),
    Transition(
        "install",
        frozenset({CaseStatus.IN_PROGRESS}),
        CaseStatus.INSTALLED,
        frozenset({REFERENT_ROLE}),
        _("Enregistrer l'installation"),
        guards=(_installation_described,),
        effects=(_record_installation,),
        mails=(STATUS_CHANGED,),
        fields=("installed_on", "commune", "structure", "mode"),
    ),
    Transition(
        "close",
        frozenset({CaseStatus.INSTALLED}),
        CaseStatus.CLOSED,
        frozenset({REFERENT_ROLE, STAFF_ROLE}),
        _("Clore le suivi"),
        effects=(_set_closed,),
        mails=(STATUS_CHANGED,),
    ),
    Transition(
        "withdraw",
        OPEN_STATES,
        CaseStatus.WITHDRAWN,
        frozenset({NEWCOMER_ROLE}),
        _("Retirer ma demande"),
        mails=(Mail("installations_withdrawn", to=REFERENT),),
        fields=("reason",),
        body_public=True,
    ),
    Transition(
        "reopen",
        ENDED_STATES,
        CaseStatus.SUBMITTED,
        frozenset({STAFF_ROLE}),
        _("Rouvrir"),
        guards=(_not_anonymised, _reason_given),
        effects=(_back_to_the_desk,),
        mails=(STATUS_CHANGED,),
        fields=("reason",),
    ),
]
BY_NAME = {t.name: t for t in TRANSITIONS}


def _role_may_fire(user, rule):
    role = role_of(user)
    return role == SUPERUSER or role in rule.actors


def _may_manage(case, user):
    return Case.objects.manageable_by(user).filter(pk=case.pk).exists()


def allowed_transitions(case, user):
    """Transitions ``user`` may fire on ``case`` now (for the buttons)."""
    rules = [t for t in TRANSITIONS if case.status in t.sources and _role_may_fire(user, t)]
    if not rules:
        return []
    # A case read for ``user`` by ``get_case_for`` carries the answer: no second query.
    manageable = getattr(case, "viewer_may_manage", None)
    return rules if (_may_manage(case, user) if manageable is None else manageable) else []


def problems(case, name, **details):
    """What stops transition ``name`` on ``case`` with ``details``, in French (empty when
    nothing does): the page lists it before the button."""
    return [p.message for p in _guard_problems(BY_NAME[name], case, details)]


def problem_codes(case, name, **details):
    """The codes of what stops transition ``name`` (``problems`` says it in French)."""
    return [p.code for p in _guard_problems(BY_NAME[name], case, details)]


def _guard_problems(rule, case, details):
    return [problem for guard in rule.guards for problem in guard(case, details)]


def find(case, to_status, name=None):
    candidates = [
        t
        for t in TRANSITIONS
        if case.status in t.sources and t.target == to_status and (name is None or t.name == name)
    ]
    if not candidates:
        raise TransitionNotAllowed(
            _("Ce dossier ne peut pas passer de « %(from)s » à « %(to)s ».")
            % {"from": CaseStatus(case.status).label, "to": CaseStatus(to_status).label}
        )
    return candidates[0]


def transition(case, to_status, *, by, expected_version=None, name=None, **details):
    """Move ``case`` to ``to_status`` on behalf of ``by``. Returns the saved case.

    Raises ``TransitionNotAllowed`` (not in the table, or not this actor), ``GuardFailed``
    (with the French reasons and their codes) or ``StaleCase`` (someone changed it since
    ``expected_version``).
    """
    with transaction.atomic():
        locked = _lock(case, by)
        if expected_version is not None and locked.version != expected_version:
            raise StaleCase()
        rule = find(locked, to_status, name)
        if not _role_may_fire(by, rule) or not locked.manageable:
            raise TransitionNotAllowed(_("Vous ne pouvez pas faire cette action sur ce dossier."))
        if refused := _guard_problems(rule, locked, details):
            raise GuardFailed(refused)
        from_status = locked.status
        for effect in rule.effects:
            effect(locked, by, details)
        locked.status = to_status
        services.touch(locked, bump_version=True, save=False)  # goes out with the save
        locked.save()
        text = (details.get("reason") or details.get("note") or "").strip()
        event = timeline.build(
            locked,
            EventKind.STATUS,
            actor=by,
            from_status=from_status,
            to_status=to_status,
            body=text if rule.body_public else "",
            is_public=True,
            details={"transition": rule.name},
        )
        lines = [event]
        if text and not rule.body_public:
            lines.append(timeline.build(locked, EventKind.NOTE, actor=by, body=text))
        lines += notifications.after_transition(locked, rule.mails, event, details)
        timeline.record_many(lines)
    _copy_saved(locked, case)
    return locked


def _lock(case, by):
    """The case's row, locked, with what the guards, effects and mails read (its people, desk
    and profession) and whether ``by`` may manage it, in one query."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("applicant", "desk", "referent", "profession")
        .annotate(manageable=Exists(Case.objects.manageable_by(by).filter(pk=OuterRef("pk"))))
        .get(pk=case.pk)
    )


def _copy_saved(locked, case):
    """Bring the caller's object up to date from the row just saved (what ``refresh_from_db``
    would read again): its fields, and its relations as the locked row has them."""
    for model_field in Case._meta.concrete_fields:
        setattr(case, model_field.attname, getattr(locked, model_field.attname))
    case._state.fields_cache = dict(locked._state.fields_cache)
    case._prefetched_objects_cache = dict(getattr(locked, "_prefetched_objects_cache", {}))
