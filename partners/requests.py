"""Asking a partner inside the case: the request, its personal link, the thread, the step the
partner marks, revocation and re-sending, and the daily reminders.

The link is ``partners:request_link`` with a token signed by the site (``django.core.signing``)
that carries the request's pk and its ``token_secret``: a forged token does not verify (404);
a verified one whose secret is no longer the request's (a new link was sent), or whose request
is revoked or past ``expires_at``, is refused (410). What the holder of a link sees is
``partner_view(request)``: nothing else of the case.

Every write leaves a line on the case's timeline (public or private as the referent chose when
asking), and marks the case's activity through ``installations.services.touch``.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from installations import services as case_services
from installations import timeline
from installations.enums import OPEN_STATES, CaseStatus, EventKind
from installations.models import NEED_LABELS, Step
from installations.workdays import is_working_day
from partners.models import (
    LINK_DAYS,
    PartnerAccess,
    PartnerMessage,
    PartnerRequest,
    RequestStatus,
    new_secret,
)
from portal.mail import send_templated, send_templated_many
from territories.communes import labels_for

TOKEN_SALT = "partners.request_link"  # noqa: S105 (a salt, not a secret)
DEFAULT_DUE_WORKING_DAYS = 10
# The referent hears of a late partner this many days after the partner's reminder.
REFERENT_WARNING_DAYS = 3
# Cases a referent may still ask a partner about.
ASKABLE_STATES = (OPEN_STATES - {CaseStatus.DRAFT}) | {CaseStatus.INSTALLED}


class PartnerError(Exception):
    """What the partners' services refuse (a request, a booking, what a partner ticks), with
    the message in French for the page: ``partners.requests`` and ``partners.sessions``."""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


class Action:
    """What ``PartnerAccess.action`` records."""

    VIEW = "view"
    REPLY = "reply"
    STEP_DONE = "step_done"
    APPLICANT_TO_DO = "applicant_to_do"
    REFUSED = "refused"


# --- The link ---------------------------------------------------------------------------------
def make_token(partner_request) -> str:
    return signing.dumps(
        {"r": partner_request.pk, "s": partner_request.token_secret}, salt=TOKEN_SALT
    )


def link_url(partner_request) -> str:
    path = reverse("partners:request_link", kwargs={"token": make_token(partner_request)})
    return settings.SITE_URL + path


@dataclass(frozen=True)
class Opened:
    """A verified token: its request, and whether the link still answers."""

    request: PartnerRequest
    live: bool


def open_token(token: str) -> Opened | None:
    """The request a token names, or None for a forged or malformed one (404). ``live`` is
    False when the link is expired, revoked or replaced by a newer one (410)."""
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
        pk, secret = int(payload["r"]), str(payload["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    partner_request = (
        PartnerRequest.objects.select_related(
            "case", "case__profession", "case__desk", "partner", "contact", "step"
        )
        .filter(pk=pk)
        .first()
    )
    if partner_request is None:
        return None
    live = partner_request.token_secret == secret and partner_request.link_is_live
    return Opened(partner_request, live)


def log_access(partner_request, action: str, ip: str | None) -> None:
    PartnerAccess.objects.create(request=partner_request, action=action, ip=ip or None)


def partner_view(partner_request, messages) -> dict:
    """All the holder of a request's link may know of the case."""
    case = partner_request.case
    communes = list(case.wished_communes.all())
    labels = labels_for(communes)
    return {
        "newcomer_name": case.applicant_name,
        "profession": case.profession.label if case.profession_id else "",
        "communes": [labels.get(commune.insee_code, commune.name) for commune in communes],
        "target_date": case.target_date,
        "subject": subject_of(partner_request),
        "question": partner_request.question,
        "context": partner_request.context,
        "due_on": partner_request.due_on,
        "messages": messages,
        "partner": partner_request.partner.name,
        "desk": case.desk,
    }


def subject_of(partner_request) -> str:
    """The step's title or the need's label the request is about."""
    if partner_request.step_id:
        return partner_request.step.title
    return str(NEED_LABELS.get(partner_request.need, partner_request.need))


# --- Asking ------------------------------------------------------------------------------------
def add_working_days(day: date, count: int) -> date:
    current = day
    while count > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            count -= 1
    return current


def default_due_on(today=None) -> date:
    return add_working_days(today or timezone.localdate(), DEFAULT_DUE_WORKING_DAYS)


def _referent_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.email


def _mail_contact(partner_request, *, template, dedup_key, **extra):
    return send_templated(
        to=partner_request.contact.email,
        template=template,
        context={
            "case": partner_request.case,
            "contact_name": partner_request.contact.name,
            "partner_name": partner_request.partner.name,
            "subject": subject_of(partner_request),
            "question": partner_request.question,
            "due_on": partner_request.due_on,
            "url": link_url(partner_request),
            "days": LINK_DAYS,
            "referent_name": _referent_name(partner_request.case.referent),
            **extra,
        },
        dedup_key=dedup_key,
    )


def ask(
    case,
    *,
    by,
    partner,
    contact,
    question,
    due_on,
    step=None,
    need="",
    context="",
    public=False,
) -> PartnerRequest:
    """A request to ``contact`` of ``partner`` about ``step`` (one of the case's) or ``need``;
    the contact receives the link by mail; a line goes on the timeline."""
    if case.status not in ASKABLE_STATES:
        raise PartnerError(_("On ne sollicite un partenaire que sur un dossier suivi."))
    if (step is None) == (not need):
        raise PartnerError(_("Choisissez une démarche ou un besoin."))
    if step is not None and step.case_id != case.pk:
        raise PartnerError(_("Cette démarche n'est pas celle de ce dossier."))
    if partner.desk_id != case.desk_id or not partner.is_active:
        raise PartnerError(_("Ce partenaire n'est pas celui du guichet de ce dossier."))
    if contact.partner_id != partner.pk or not contact.is_active:
        raise PartnerError(_("Ce contact n'appartient pas à ce partenaire."))
    with transaction.atomic():
        partner_request = PartnerRequest.objects.create(
            case=case,
            partner=partner,
            contact=contact,
            step=step,
            need=need if step is None else "",
            question=question,
            context=context,
            due_on=due_on,
            public=public,
            created_by=by,
        )
        timeline.record(
            case,
            EventKind.UPDATE,
            actor=by,
            is_public=public,
            body=_("Question posée à %(partner)s (%(subject)s) : %(question)s")
            % {
                "partner": partner.name,
                "subject": subject_of(partner_request),
                "question": question,
            },
            details={"partner_request": partner_request.pk},
        )
        case_services.touch(case, bump_version=False)
        _mail_contact(
            partner_request,
            template="partners_request",
            dedup_key=f"partner-request-{partner_request.pk}-{partner_request.token_secret}",
            context_text=context,
            again=False,
        )
        transaction.on_commit(lambda: remember_requests(case, public=public))
    return partner_request


def refuse_if_anonymised(partner_request, message) -> None:
    """``PartnerError(message)`` when the request's case is anonymised: nothing is written or
    sent about it again (``privacy.anonymise`` emptied its texts and revoked its links)."""
    if partner_request.case.anonymised_at is not None:
        raise PartnerError(message)


# --- The thread ----------------------------------------------------------------------------------
def reply(partner_request, *, author, body, by=None, ip=None) -> PartnerMessage:
    """A message on the request's thread: from the partner (through the link; ``ip`` logged)
    or from the referent (``by``). The other side is told by mail. Never on an anonymised
    case."""
    refuse_if_anonymised(
        partner_request, _("Ce dossier est anonymisé : aucun message ne peut être envoyé.")
    )
    now = timezone.now()
    with transaction.atomic():
        if author == PartnerMessage.Author.PARTNER:
            name = partner_request.contact.name
        else:
            name = _referent_name(by)
        message = PartnerMessage.objects.create(
            request=partner_request, author=author, author_name=name, body=body, created_at=now
        )
        case = partner_request.case
        if author == PartnerMessage.Author.PARTNER:
            _mark_answered(partner_request, now)
            log_access(partner_request, Action.REPLY, ip)
            text = _("%(partner)s a répondu : %(body)s")
            if case.referent_id:
                send_templated(
                    to=case.referent.email,
                    template="partners_answered",
                    context={
                        "case": case,
                        "partner_name": partner_request.partner.name,
                        "contact_name": partner_request.contact.name,
                        "subject": subject_of(partner_request),
                        "body": body,
                        "url": settings.SITE_URL
                        + reverse("installations:referent_case", kwargs={"pk": case.pk}),
                    },
                )
        else:
            text = _("Message à %(partner)s : %(body)s")
            _mail_contact(
                partner_request,
                template="partners_message",
                dedup_key=f"partner-message-{message.pk}",
                body=body,
            )
        timeline.record(
            case,
            EventKind.UPDATE,
            actor=by,
            is_public=partner_request.public,
            body=text % {"partner": partner_request.partner.name, "body": body},
            details={"partner_request": partner_request.pk},
        )
        case_services.touch(case, bump_version=False)
    return message


def _mark_answered(partner_request, now):
    updated = PartnerRequest.objects.filter(
        pk=partner_request.pk, first_answer_at__isnull=True
    ).update(first_answer_at=now, status=RequestStatus.ANSWERED)
    if updated:
        partner_request.first_answer_at = now
        partner_request.status = RequestStatus.ANSWERED


def mark_step_done(partner_request, *, ip=None) -> bool:
    """« Démarche faite »: the checklist's step done (by no account: the partner), through the
    case's own service. False when there is no step or it was done already."""
    step = partner_request.step
    if step is None:
        raise PartnerError(_("Cette demande ne porte pas sur une démarche."))
    with transaction.atomic():
        done = case_services.set_step_done(partner_request.case, step, by=None, done=True)
        if done:
            Step.objects.filter(pk=step.pk).update(applicant_to_do=False)
            _mark_answered(partner_request, timezone.now())
        log_access(partner_request, Action.STEP_DONE, ip)
    return done


def mark_applicant_to_do(partner_request, *, ip=None) -> bool:
    """« À faire par le demandeur »: the step stays to do, and the newcomer is told it is
    theirs to do; written like ``installations.services.set_step_done`` writes a step."""
    step = partner_request.step
    if step is None:
        raise PartnerError(_("Cette demande ne porte pas sur une démarche."))
    case = partner_request.case
    with transaction.atomic():
        updated = Step.objects.filter(
            pk=step.pk, case=case, done_at__isnull=True, applicant_to_do=False
        ).update(applicant_to_do=True)
        if updated:
            timeline.record(
                case,
                EventKind.STEP,
                is_public=True,
                body=_("À faire par le demandeur : %(title)s (selon %(partner)s)")
                % {"title": step.title, "partner": partner_request.partner.name},
            )
            case_services.touch(case, bump_version=False)
            _mark_answered(partner_request, timezone.now())
        log_access(partner_request, Action.APPLICANT_TO_DO, ip)
    return bool(updated)


# --- Revocation and a new link -------------------------------------------------------------------
def revoke(partner_request, *, by) -> None:
    with transaction.atomic():
        now = timezone.now()
        updated = PartnerRequest.objects.filter(
            pk=partner_request.pk, revoked_at__isnull=True
        ).update(revoked_at=now)
        if not updated:
            return
        partner_request.revoked_at = now
        timeline.record(
            partner_request.case,
            EventKind.UPDATE,
            actor=by,
            body=_("Lien de %(partner)s révoqué.") % {"partner": partner_request.partner.name},
            details={"partner_request": partner_request.pk},
        )


def send_new_link(partner_request, *, by) -> None:
    """A new secret (every older link answers 410), a fresh validity, the mail again. Never
    for an anonymised case: its links were revoked for good (``privacy.anonymise``)."""
    refuse_if_anonymised(
        partner_request, _("Ce dossier est anonymisé : aucun nouveau lien ne peut être envoyé.")
    )
    now = timezone.now()
    with transaction.atomic():
        partner_request.token_secret = new_secret()
        partner_request.revoked_at = None
        partner_request.expires_at = now + timedelta(days=LINK_DAYS)
        partner_request.save(update_fields=["token_secret", "revoked_at", "expires_at"])
        timeline.record(
            partner_request.case,
            EventKind.UPDATE,
            actor=by,
            body=_("Nouveau lien envoyé à %(contact)s (%(partner)s).")
            % {"contact": partner_request.contact.name, "partner": partner_request.partner.name},
            details={"partner_request": partner_request.pk},
        )
        _mail_contact(
            partner_request,
            template="partners_request",
            dedup_key=f"partner-request-{partner_request.pk}-{partner_request.token_secret}",
            context_text=partner_request.context,
            again=True,
        )


# --- Reading for the pages -----------------------------------------------------------------------
# Most cases never ask a partner: the case pages learn it from the shared cache (Redis in
# production), not from a query. A key says « this case has (public) requests »; it is set when
# a request is made, and set to « none » only where it is missing, so a request made while a
# page was reading is never hidden (``cache.add`` loses to ``ask``'s ``cache.set``).
FLAG_TIMEOUT = 24 * 3600


def _flag_key(case, public):
    # The case's creation time too: a database loaded again reuses pks, never that pair.
    stamp = int(case.created_at.timestamp() * 1000)
    return f"partners:case-requests:{case.pk}:{stamp}:{'public' if public else 'all'}"


def remember_requests(case, *, public):
    """Tell the case pages that ``case`` has requests (public ones with ``public``): called
    after a request is written (``ask``, the demo)."""
    flags = {_flag_key(case, False): True}
    if public:
        flags[_flag_key(case, True)] = True
    cache.set_many(flags, FLAG_TIMEOUT)


def case_requests(case, *, public=False):
    """The case's requests (only the public ones with ``public``) with their threads, as the
    panels show them: no query when the case has none (known from the cache), two otherwise."""
    key = _flag_key(case, public)
    if cache.get(key) is False:
        return []
    queryset = requests_of_case(case)
    if public:
        queryset = queryset.filter(public=True)
    items = with_threads(queryset)
    if not items:
        cache.add(key, False, FLAG_TIMEOUT)
    return items


def requests_of_case(case):
    """The case's requests for its pages, newest first, with their partner and contact."""
    return PartnerRequest.objects.filter(case=case).select_related("partner", "contact", "step")


def with_threads(partner_requests) -> list:
    """``partner_requests`` as a list, each with ``thread`` (its messages, in order) and
    ``last_message``: one query for all the messages."""
    partner_requests = list(partner_requests)
    by_request = {item.pk: item for item in partner_requests}
    for item in partner_requests:
        item.thread = []
    for message in PartnerMessage.objects.filter(request__in=list(by_request)).order_by(
        "created_at", "pk"
    ):
        by_request[message.request_id].thread.append(message)
    for item in partner_requests:
        item.last_message = item.thread[-1] if item.thread else None
    return partner_requests


def is_late(partner_request, today=None) -> bool:
    today = today or timezone.localdate()
    return partner_request.first_answer_at is None and partner_request.due_on < today


# --- Reminders -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class RemindResult:
    partners: int
    referents: int


def _late_requests(today):
    return PartnerRequest.objects.filter(
        status=RequestStatus.OPEN,
        first_answer_at__isnull=True,
        due_on__lt=today,
        revoked_at__isnull=True,
        case__status__in=ASKABLE_STATES,
    )


def remind(today=None) -> RemindResult:
    """Once per request: the contact of a request past due and unanswered gets a reminder with
    its link; ``REFERENT_WARNING_DAYS`` later, if still unanswered, the referent is told.
    Set-based (a fixed number of queries) and safe to run again the same day or the next."""
    today = today or timezone.localdate()
    now = timezone.now()
    to_remind = list(
        _late_requests(today)
        .filter(partner_reminded_on__isnull=True, expires_at__gt=now)
        .select_related("case", "case__desk", "case__referent", "partner", "contact", "step")
    )
    warn_before = today - timedelta(days=REFERENT_WARNING_DAYS)
    to_warn = list(
        _late_requests(today)
        .filter(
            partner_reminded_on__lte=warn_before,
            referent_warned_on__isnull=True,
            case__referent__isnull=False,
        )
        .select_related("case", "case__desk", "case__referent", "partner", "contact", "step")
    )
    messages = []
    for item in to_remind:
        messages.append(
            {
                "to": item.contact.email,
                "template": "partners_reminder",
                "dedup_key": f"partner-reminder-{item.pk}",
                "context": {
                    "case": item.case,
                    "contact_name": item.contact.name,
                    "partner_name": item.partner.name,
                    "subject": subject_of(item),
                    "question": item.question,
                    "due_on": item.due_on,
                    "url": link_url(item),
                    "referent_name": _referent_name(item.case.referent),
                },
            }
        )
    for item in to_warn:
        messages.append(
            {
                "to": item.case.referent.email,
                "template": "partners_late",
                "dedup_key": f"partner-late-{item.pk}",
                "context": {
                    "case": item.case,
                    "contact_name": item.contact.name,
                    "partner_name": item.partner.name,
                    "subject": subject_of(item),
                    "due_on": item.due_on,
                    "url": settings.SITE_URL
                    + reverse("installations:referent_case", kwargs={"pk": item.case_id}),
                },
            }
        )
    if not messages:
        return RemindResult(0, 0)
    with transaction.atomic():
        send_templated_many(messages)
        events = [
            timeline.build(
                item.case,
                EventKind.REMINDER,
                body=_("Relance envoyée à %(contact)s (%(partner)s).")
                % {"contact": item.contact.name, "partner": item.partner.name},
                details={"partner_request": item.pk},
            )
            for item in to_remind
        ] + [
            timeline.build(
                item.case,
                EventKind.REMINDER,
                body=_("%(partner)s n'a pas répondu : référent prévenu.")
                % {"partner": item.partner.name},
                details={"partner_request": item.pk},
            )
            for item in to_warn
        ]
        timeline.record_many(events)
        if to_remind:
            PartnerRequest.objects.filter(
                Q(pk__in=[item.pk for item in to_remind]), partner_reminded_on__isnull=True
            ).update(partner_reminded_on=today)
        if to_warn:
            PartnerRequest.objects.filter(
                Q(pk__in=[item.pk for item in to_warn]), referent_warned_on__isnull=True
            ).update(referent_warned_on=today)
    return RemindResult(len(to_remind), len(to_warn))
