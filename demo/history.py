"""Demo history, written as the portal writes it.

Demo cases are loaded as data, with dates in the past, as an import would be: the live workflow
stamps ``timezone.now()`` and sends mail. Every past status change still goes through
``transition()`` below, which refuses what ``installations.workflow.TRANSITIONS`` refuses and
writes the same timeline row as the workflow (old and new status, actor, transition name), so
a demo case's timeline always replays to its status (``tests/demo/test_demo_data.py``).
"""

import unicodedata

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db.models import F
from django.utils.translation import gettext as _

from demo.territories import DEMO_PASSWORD
from installations.enums import EventKind
from installations.models import CaseEvent, Step
from installations.workflow import BY_NAME
from portal.models import MailStatus
from portal.roles import Role, role_of


class DemoHistoryError(Exception):
    """A demo story that the workflow would not allow."""


def applicant(login, first, last):
    """The newcomer account ``<login>@demo.example`` (verified address, demo password)."""
    email = f"{login}@demo.example"
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, first_name=first, last_name=last, role=Role.NEWCOMER)
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def ascii_name(text):
    """``Élise`` → ``elise``, for the demo addresses."""
    return unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()


def event(case, kind, at, actor=None, body="", public=False, **fields):
    return CaseEvent.objects.create(
        case=case, kind=kind, created_at=at, actor=actor, body=body, is_public=public, **fields
    )


def transition(case, name, at, actor, text=""):
    """Move the (unsaved) ``case`` along the transition ``name`` at the past moment ``at``.

    ``text`` is the reason or note typed with it: on the status line when the transition shows
    it to the newcomer, else a private note right after (as ``workflow.transition`` does).
    """
    rule = BY_NAME[name]
    if case.status not in rule.sources:
        raise DemoHistoryError(
            f"Démonstration : « {name} » impossible depuis « {case.status} » ({case.last_name})."
        )
    if role_of(actor) not in rule.actors:
        raise DemoHistoryError(f"Démonstration : « {name} » n'est pas permis à {actor}.")
    from_status = case.status
    case.status = rule.target
    case.version += 1
    line = event(
        case,
        EventKind.STATUS,
        at,
        actor,
        text if rule.body_public else "",
        True,
        from_status=from_status,
        to_status=rule.target,
        details={"transition": name},
    )
    if text and not rule.body_public:
        event(case, EventKind.NOTE, at, actor, text)
    return line


def steps_done(case, steps, at, by):
    """Tick ``steps`` as done at ``at``, each with its public timeline line."""
    for step in steps:
        Step.objects.filter(pk=step.pk).update(done_at=at, done_by=by)
        event(
            case,
            EventKind.STEP,
            at,
            by,
            _("Démarche faite : %(title)s") % {"title": step.title},
            True,
        )


def last_activity(case):
    """The date of the case's latest timeline line, as the services keep it."""
    return case.events.order_by("-created_at").values_list("created_at", flat=True).first()


def move_case_writes(cases, mark, delta):
    """What the services wrote on ``cases`` since ``mark`` (timeline lines, steps done),
    moved by ``delta``: a service stamps ``timezone.now()``, the demo's story is in the past."""
    CaseEvent.objects.filter(case__in=cases, created_at__gte=mark).update(
        created_at=F("created_at") + delta
    )
    Step.objects.filter(case__in=cases, done_at__gte=mark).update(done_at=F("done_at") + delta)


def mails_sent(mails, at):
    """Mails the services queued for demo people: sent at ``at``, so `make demo` prints none."""
    mails.update(created_at=at, next_attempt_at=at, status=MailStatus.SENT, sent_at=at)
