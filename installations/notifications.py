"""Mails about a case. Each goes through the outbox (``portal.mail``) in the caller's
transaction and leaves a private « e-mail envoyé » line on the timeline."""

from django.conf import settings
from django.urls import reverse

from installations import timeline
from installations.enums import EventKind
from installations.status_text import STATUS_TEXT
from portal.mail import send_templated


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


def after_transition(case, name, event, details):
    status_text = STATUS_TEXT[case.status]
    if name == "submit":
        to_newcomer(case, "installations_submitted", status_text=status_text)
        admin_url = _url("admin:installations_case_change", object_id=case.pk)
        _send(case, case.desk.email, "installations_new_request", url=admin_url)
    elif name in {"assign", "reassign"}:
        referent = case.referent
        profile = getattr(referent, "referent_profile", None)
        to_newcomer(case, "installations_assigned_newcomer", referent=referent, profile=profile)
        to_referent(case, referent, "installations_assigned_referent")
        previous = details.get("previous_referent")
        if name == "reassign" and previous is not None:
            to_referent(case, previous, "installations_reassigned_previous")
    elif name == "decline":
        to_newcomer(case, "installations_declined", reason=event.body)
    elif name == "withdraw":
        if case.referent_id:
            to_referent(case, case.referent, "installations_withdrawn", reason=event.body)
    elif name == "resume" and event.actor_id == case.applicant_id and case.referent_id:
        to_referent(case, case.referent, "installations_resumed_by_newcomer")
    else:
        to_newcomer(case, "installations_status_changed", status_text=status_text, event=event)


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
