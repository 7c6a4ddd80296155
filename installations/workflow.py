"""The case workflow: the transition table and ``transition()``, the only writer of a status.

Each transition names who may fire it, its guard (what must hold, in French, for the form)
and its effect. ``transition`` checks the table and the actor, locks the row, refuses a stale
version, applies the effect, bumps the version, writes a ``CaseEvent`` and queues the mails
through the outbox (delivered after commit).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from installations import notifications, timeline, welcome_pack
from installations.enums import ENDED_STATES, OPEN_STATES, CaseStatus, EventKind
from installations.models import Case
from portal.roles import SUPERUSER, Role, role_of
from territories.models import Desk

NEWCOMER, REFERENT, STAFF = Role.NEWCOMER, Role.REFERENT, Role.STAFF


class WorkflowError(Exception):
    """Base of the errors a view turns into a French message."""

    def __init__(self, messages):
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        super().__init__("; ".join(str(message) for message in self.messages))


class TransitionNotAllowed(WorkflowError):
    pass


class GuardFailed(WorkflowError):
    pass


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
    actors: frozenset
    label: str
    # Whether the reason or note typed with it is shown to the newcomer (else a private note).
    body_public: bool = False
    guard: object = None
    effect: object = None
    fields: tuple = field(default_factory=tuple)


# --- Guards: return a list of French messages, empty when the transition may happen ----------
def missing_for_submission(case):
    missing = []
    if not case.first_name or not case.last_name:
        missing.append(_("Indiquez vos nom et prénom."))
    if not case.phone and case.contact_preference == "phone":
        missing.append(_("Indiquez un numéro de téléphone pour être rappelé·e."))
    if not case.profession_id:
        missing.append(_("Choisissez votre profession."))
    if not case.situation:
        missing.append(_("Précisez votre situation actuelle."))
    if not case.wished_communes.exists() and not case.wished_epcis.exists():
        missing.append(_("Choisissez au moins une commune ou une intercommunalité souhaitée."))
    elif _desk_for(case) is None:
        missing.append(
            _("Aucun guichet ne couvre les communes choisies : choisissez-en une du territoire.")
        )
    if not case.consent_at:
        missing.append(_("Acceptez la politique de confidentialité pour envoyer la demande."))
    return missing


def _desk_for(case):
    for commune in case.wished_communes.select_related("epci").order_by("name"):
        desk = Desk.objects.for_commune(commune)
        if desk is not None:
            return desk
    for epci in case.wished_epcis.all():
        commune = epci.communes.first()
        if commune is not None and (desk := Desk.objects.for_commune(commune)) is not None:
            return desk
    return None


def _needs_referent(case, details):
    referent = details.get("referent")
    if referent is None or role_of(referent) != Role.REFERENT:
        return [_("Choisissez un référent.")]
    if not Desk.objects.of_user(referent).filter(pk=case.desk_id).exists():
        return [_("Ce référent n'appartient pas au guichet du dossier.")]
    if case.status == CaseStatus.ASSIGNED and referent.pk == case.referent_id:
        return [_("Ce dossier est déjà suivi par ce référent.")]
    return []


def _needs_reason(case, details):
    return [] if (details.get("reason") or "").strip() else [_("Indiquez le motif.")]


def _needs_contact_note(case, details):
    if (details.get("note") or "").strip():
        return []
    return [_("Décrivez le premier contact (date, moyen, ce qui a été convenu).")]


def _needs_resume_date(case, details):
    resume_on = details.get("resume_on")
    if not isinstance(resume_on, date):
        return [_("Indiquez la date de reprise.")]
    if resume_on <= timezone.localdate():
        return [_("La date de reprise doit être dans le futur.")]
    return []


def _needs_installation(case, details):
    messages = []
    if not isinstance(details.get("installed_on"), date):
        messages.append(_("Indiquez la date d'installation."))
    if details.get("commune") is None:
        messages.append(_("Indiquez la commune d'installation."))
    if details.get("structure") is None and not details.get("mode"):
        messages.append(_("Indiquez la structure ou le mode d'exercice."))
    return messages


# --- Effects: change the locked case (and related rows); the status is set by transition() ---
def _submit(case, by, details):
    case.desk = _desk_for(case)
    case.submitted_at = timezone.now()
    if not case.reference:
        case.reference = f"INS-{case.created_at:%Y}-{case.pk:05d}"
    from installations.services import create_steps

    create_steps(case)


def _assign(case, by, details):
    details["previous_referent"] = case.referent
    case.referent = details["referent"]
    case.assigned_at = timezone.now()
    welcome_pack.request(case)  # rendered by a task once the assignment is committed


def _start(case, by, details):
    case.first_contact_at = timezone.now()


def _hold(case, by, details):
    case.resume_on = details["resume_on"]


def _resume(case, by, details):
    case.resume_on = None


def _install(case, by, details):
    from installations.services import record_installation

    record_installation(case, details)


def _close(case, by, details):
    case.closed_at = timezone.now()


def _reopen(case, by, details):
    case.closed_at = None
    case.submitted_at = timezone.now()
    case.referent = None
    case.assigned_at = None


TRANSITIONS = [
    Transition(
        "submit",
        frozenset({CaseStatus.DRAFT}),
        CaseStatus.SUBMITTED,
        frozenset({NEWCOMER}),
        _("Envoyer ma demande"),
        guard=lambda case, d: missing_for_submission(case),
        effect=_submit,
    ),
    Transition(
        "assign",
        frozenset({CaseStatus.SUBMITTED}),
        CaseStatus.ASSIGNED,
        frozenset({STAFF}),
        _("Attribuer à un référent"),
        guard=_needs_referent,
        effect=_assign,
        fields=("referent",),
    ),
    Transition(
        "reassign",
        frozenset({CaseStatus.ASSIGNED}),
        CaseStatus.ASSIGNED,
        frozenset({STAFF}),
        _("Changer de référent"),
        guard=_needs_referent,
        effect=_assign,
        fields=("referent",),
    ),
    Transition(
        "decline",
        frozenset({CaseStatus.SUBMITTED}),
        CaseStatus.DECLINED,
        frozenset({STAFF}),
        _("Décliner"),
        guard=_needs_reason,
        fields=("reason",),
        body_public=True,
    ),
    Transition(
        "start",
        frozenset({CaseStatus.ASSIGNED}),
        CaseStatus.IN_PROGRESS,
        frozenset({REFERENT}),
        _("Premier contact effectué"),
        guard=_needs_contact_note,
        effect=_start,
        fields=("note",),
    ),
    Transition(
        "hold",
        frozenset({CaseStatus.IN_PROGRESS}),
        CaseStatus.ON_HOLD,
        frozenset({REFERENT}),
        _("Mettre en pause"),
        guard=_needs_resume_date,
        effect=_hold,
        fields=("resume_on", "reason"),
        body_public=True,
    ),
    Transition(
        "resume",
        frozenset({CaseStatus.ON_HOLD}),
        CaseStatus.IN_PROGRESS,
        frozenset({REFERENT, NEWCOMER}),
        _("Reprendre l'accompagnement"),
        effect=_resume,
    ),
    Transition(
        "install",
        frozenset({CaseStatus.IN_PROGRESS}),
        CaseStatus.INSTALLED,
        frozenset({REFERENT}),
        _("Enregistrer l'installation"),
        guard=_needs_installation,
        effect=_install,
        fields=("installed_on", "commune", "structure", "mode"),
    ),
    Transition(
        "close",
        frozenset({CaseStatus.INSTALLED}),
        CaseStatus.CLOSED,
        frozenset({REFERENT, STAFF}),
        _("Clore le suivi"),
        effect=_close,
    ),
    Transition(
        "withdraw",
        OPEN_STATES,
        CaseStatus.WITHDRAWN,
        frozenset({NEWCOMER}),
        _("Retirer ma demande"),
        fields=("reason",),
        body_public=True,
    ),
    Transition(
        "reopen",
        ENDED_STATES,
        CaseStatus.SUBMITTED,
        frozenset({STAFF}),
        _("Rouvrir"),
        guard=_needs_reason,
        effect=_reopen,
        fields=("reason",),
    ),
]
BY_NAME = {t.name: t for t in TRANSITIONS}


def _acts_as(case, user, transition):
    """The actor's role for this case, if they may fire ``transition``."""
    role = role_of(user)
    if role == SUPERUSER:
        return STAFF if STAFF in transition.actors else next(iter(transition.actors))
    if role not in transition.actors:
        return None
    if role == NEWCOMER and case.applicant_id != user.pk:
        return None
    if role == REFERENT and case.referent_id != user.pk:
        return None
    if role == STAFF and not Desk.objects.of_user(user).filter(pk=case.desk_id).exists():
        return None
    return role


def allowed_transitions(case, user):
    """Transitions ``user`` may fire on ``case`` now (for the buttons)."""
    return [
        t for t in TRANSITIONS if case.status in t.sources and _acts_as(case, user, t) is not None
    ]


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
    (with the French reasons) or ``StaleCase`` (someone changed it since ``expected_version``).
    """
    with transaction.atomic():
        locked = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        if expected_version is not None and locked.version != expected_version:
            raise StaleCase()
        rule = find(locked, to_status, name)
        if _acts_as(locked, by, rule) is None:
            raise TransitionNotAllowed(_("Vous ne pouvez pas faire cette action sur ce dossier."))
        if rule.guard is not None and (problems := rule.guard(locked, details)):
            raise GuardFailed(problems)
        from_status = locked.status
        if rule.effect is not None:
            rule.effect(locked, by, details)
        locked.status = to_status
        locked.version += 1
        locked.last_activity_at = timezone.now()
        locked.save()
        text = (details.get("reason") or details.get("note") or "").strip()
        event = timeline.record(
            locked,
            EventKind.STATUS,
            actor=by,
            from_status=from_status,
            to_status=to_status,
            body=text if rule.body_public else "",
            is_public=True,
            details={"transition": rule.name},
        )
        if text and not rule.body_public:
            timeline.record(locked, EventKind.NOTE, actor=by, body=text)
        notifications.after_transition(locked, rule.name, event, details)
    case.refresh_from_db()
    return locked
