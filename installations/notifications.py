"""Mails about a case. Each goes through the outbox (``portal.mail``) in the caller's
transaction and leaves a private « e-mail envoyé » line on the timeline."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from installations import timeline
from installations.enums import EventKind
from installations.status_text import STATUS_TEXT
from portal.mail import send_templated, send_templated_batch


def _url(name, **kwargs):
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def newcomer_url(case):
    return _url("installations:case", pk=case.pk)


def referent_url(case):
    return _url("installations:referent_case", pk=case.pk)


def _send(case, to, template, **context):
    if not to:
        return None
    mail = send_templated(to=to, template=template, context={"case": case, **context})
    timeline.record(
        case, EventKind.MAIL, body=f"{mail.subject} → {to}", details={"template": template}
    )
    return mail


def to_newcomer(case, template, **context):
    return _send(case, case.applicant.email, template, url=newcomer_url(case), **context)


def to_referent(case, referent, template, **context):
    return _send(
        case, referent.email, template, url=referent_url(case), referent=referent, **context
    )


# The parties a transition's mail goes to (``Mail.to``).
NEWCOMER = "newcomer"
REFERENT = "referent"
PREVIOUS_REFERENT = "previous_referent"  # the one a reassignment took the case from
DESK = "desk"


@dataclass(frozen=True)
class Mail:
    """A mail a transition sends, declared on its row of the workflow table: ``template`` to
    the party ``to``, if ``when(case, event)`` holds; ``context(case)`` adds what only that
    template reads. A party the case does not have (no referent yet) gets nothing."""

    template: str
    to: str
    when: Callable | None = None
    context: Callable | None = None


def referent_card(case):
    """Who the newcomer's referent is, for the mail that introduces them."""
    referent = case.referent
    return {"referent": referent, "profile": getattr(referent, "referent_profile", None)}


# Each sender says who gets a transition's mail and with what: ``(to, template, context)``,
# none when the case lacks that party; ``after_transition`` queues them all at once.
def _to_newcomer(case, template, details, context):
    return [(case.applicant.email, template, {"url": newcomer_url(case), **context})]


def _to_referent(case, template, details, context):
    if not case.referent_id:
        return []
    referent = case.referent
    return [
        (referent.email, template, {"url": referent_url(case), "referent": referent, **context})
    ]


def _to_previous_referent(case, template, details, context):
    if (previous := details.get("previous_referent")) is None:
        return []
    return [
        (previous.email, template, {"url": referent_url(case), "referent": previous, **context})
    ]


def _to_desk(case, template, details, context):
    if not case.desk_id:
        return []
    admin_url = _url("admin:installations_case_change", object_id=case.pk)
    return [(case.desk.email, template, {"url": admin_url, **context})]


SENDERS = {
    NEWCOMER: _to_newcomer,
    REFERENT: _to_referent,
    PREVIOUS_REFERENT: _to_previous_referent,
    DESK: _to_desk,
}


def after_transition(case, mails, event, details):
    """Queue the ``mails`` of the transition that wrote ``event`` (one INSERT for all) and
    return their « e-mail envoyé » lines, not saved yet: the caller writes them with its own
    (``timeline.record_many``). Every template may read the case, its new status text, the
    event and its public text as ``reason``."""
    base = {"status_text": STATUS_TEXT[case.status], "event": event, "reason": event.body}
    messages = []
    for mail in mails:
        if mail.when is not None and not mail.when(case, event):
            continue
        context = {**base, **(mail.context(case) if mail.context else {})}
        for to, template, extra in SENDERS[mail.to](case, mail.template, details, context):
            if to:
                messages.append(
                    {"to": to, "template": template, "context": {"case": case, **extra}}
                )
    sent = send_templated_batch(messages)
    return [
        timeline.build(
            case,
            EventKind.MAIL,
            body=f"{queued.subject} → {message['to']}",
            details={"template": message["template"]},
        )
        for message, queued in zip(messages, sent, strict=True)
    ]


def new_message(case, event):
    """Tell the other party that a message arrived (the text stays on the portal)."""
    if event.actor_id == case.applicant_id:
        if case.referent_id:
            to_referent(case, case.referent, "installations_new_message", event=event)
        elif case.desk_id:
            admin_url = _url("admin:installations_case_change", object_id=case.pk)
            _send(case, case.desk.email, "installations_new_message", event=event, url=admin_url)
    else:
        to_newcomer(case, "installations_new_message", event=event)
