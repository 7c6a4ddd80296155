"""Outgoing mail: the one way the portal sends an e-mail.

``send_templated`` / ``queue_mail`` write an outbox row in the caller's transaction and ask
for delivery once it commits. ``deliver`` claims a row with a conditional update, so two
workers never send the same row, and a broker that is down loses nothing: the row stays
pending and the periodic ``deliver_pending_mail`` task (or ``manage.py send_pending_mail``)
sends it later.
"""

import logging
import mimetypes
from datetime import timedelta
from email.utils import parseaddr, quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from portal.jobs import run_later
from portal.models import MailStatus, OutgoingMail

logger = logging.getLogger(__name__)

RETRY_DELAYS = [timedelta(minutes=m) for m in (1, 5, 15, 60, 240)]


# Where a mail's context finds the desk it speaks for: the first of these objects that has one.
DESK_CARRIERS = ("case", "event", "invitation", "vacancy", "placement", "record", "period")


def desk_of(context: dict):
    """The desk a mail concerns (``desk`` in the context, else the desk of its case, event…),
    or None: the mail is then signed and sent as the portal."""
    if (desk := context.get("desk")) is not None:
        return desk
    for key in DESK_CARRIERS:
        desk = getattr(context.get(key), "desk", None)
        if desk is not None:
            return desk
    return None


def sender_for(desk) -> str:
    """« <desk name> <DEFAULT_FROM address> »: the desk's name, the portal's address (the one
    the mail server may send from)."""
    if desk is None or not desk.name:
        return ""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    return f'"{quote(desk.name)}" <{address}>'


def queue_mail(
    *,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    topic: str = "",
    dedup_key: str = "",
    attachment: str = "",
    from_email: str = "",
) -> OutgoingMail:
    """Write one outbox row; with a ``dedup_key`` already used, return the existing row.
    ``attachment`` is the name of a file in the default storage, joined when sending;
    ``from_email`` (« Nom <adresse> ») replaces ``DEFAULT_FROM_EMAIL``."""
    fields = {
        "to": to,
        "subject": subject[:255],
        "body_text": text,
        "body_html": html,
        "attachment": attachment,
        "from_email": from_email[:255],
    }
    if dedup_key:
        try:
            with transaction.atomic():
                mail = OutgoingMail.objects.create(**fields, topic=topic, dedup_key=dedup_key)
        except IntegrityError:
            return OutgoingMail.objects.get(dedup_key=dedup_key)
    else:
        mail = OutgoingMail.objects.create(**fields, topic=topic)
    transaction.on_commit(lambda: schedule_delivery(mail.pk))
    return mail


def render_templated(template: str, context: dict) -> tuple[str, str, str]:
    """Subject, text and HTML of ``emails/<template>_subject.txt``, ``_body.txt`` and
    ``_body.html``."""
    desk = desk_of(context)
    context = {"site_url": settings.SITE_URL, "mail_desk": desk, **context}
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    text = render_to_string(f"emails/{template}_body.txt", context)
    html = render_to_string(f"emails/{template}_body.html", context)
    return subject, text, html


def send_templated(
    *, to: str, template: str, context: dict, dedup_key: str = "", attachment: str = ""
) -> OutgoingMail:
    """Render the template trio, then queue one outbox row."""
    subject, text, html = render_templated(template, context)
    return queue_mail(
        to=to,
        subject=subject,
        text=text,
        html=html,
        topic=template,
        dedup_key=dedup_key,
        attachment=attachment,
        from_email=sender_for(desk_of(context)),
    )


def send_templated_batch(messages) -> list[OutgoingMail]:
    """``send_templated`` for the several mails of one action (a case's transition): one
    INSERT for all, each delivered after commit. Each message is a dict with ``to``,
    ``template`` and ``context``; the rows come back in the same order."""
    rows = []
    for message in messages:
        subject, text, html = render_templated(message["template"], message["context"])
        rows.append(
            OutgoingMail(
                to=message["to"],
                subject=subject[:255],
                body_text=text,
                body_html=html,
                topic=message["template"],
                from_email=sender_for(desk_of(message["context"]))[:255],
            )
        )
    if not rows:
        return []
    mails = OutgoingMail.objects.bulk_create(rows)
    for mail in mails:  # one delivery asked per row, as ``queue_mail`` does
        transaction.on_commit(lambda pk=mail.pk: schedule_delivery(pk))
    return mails


def send_templated_many(messages) -> dict:
    """``send_templated`` for batch jobs: one INSERT and one SELECT whatever the number of
    messages. Each message is a dict with ``to``, ``template``, ``context`` and a mandatory
    ``dedup_key``; a key already in the outbox keeps its row (never a second mail).
    Returns ``{dedup_key: OutgoingMail}``."""
    rows = []
    for message in messages:
        subject, text, html = render_templated(message["template"], message["context"])
        rows.append(
            OutgoingMail(
                to=message["to"],
                subject=subject[:255],
                body_text=text,
                body_html=html,
                topic=message["template"],
                dedup_key=message["dedup_key"],
                from_email=sender_for(desk_of(message["context"]))[:255],
            )
        )
    if not rows:
        return {}
    OutgoingMail.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    mails = OutgoingMail.objects.in_bulk([row.dedup_key for row in rows], field_name="dedup_key")
    pending = [mail.pk for mail in mails.values() if mail.status == MailStatus.PENDING]
    transaction.on_commit(lambda: [schedule_delivery(pk) for pk in pending])
    return mails


def schedule_delivery(mail_id: int) -> None:
    """Ask a worker to send the row now; if the broker is unreachable the sweep will."""
    try:
        run_later(
            "portal.tasks.deliver_mail",
            mail_id,
            retry=True,
            retry_policy={"max_retries": 1, "interval_start": 0.2},
        )
    except Exception:  # any broker error: the row is safe in the outbox
        logger.warning("Broker injoignable : le message %s partira au prochain passage.", mail_id)


def _claim(mail_id: int, now) -> bool:
    """Conditional update: only one caller turns a due row into ``sending``."""
    claimed = OutgoingMail.objects.due(now).filter(pk=mail_id)
    return claimed.update(status=MailStatus.SENDING, claimed_at=now) == 1


def deliver(mail_id: int) -> bool:
    """Send one outbox row if it is due. Returns True when this call sent it."""
    now = timezone.now()
    if not _claim(mail_id, now):
        return False
    mail = OutgoingMail.objects.get(pk=mail_id)
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body_text,
        from_email=mail.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[mail.to],
    )
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    try:
        if mail.attachment:
            with default_storage.open(mail.attachment, "rb") as handle:
                message.attach(
                    mail.attachment.rsplit("/", 1)[-1],
                    handle.read(),
                    mimetypes.guess_type(mail.attachment)[0],
                )
        message.send()
    except Exception as exc:  # SMTP and network errors of every kind: retry later
        attempts = mail.attempts + 1
        failed = attempts >= settings.PORTAL_MAIL_MAX_ATTEMPTS
        delay = RETRY_DELAYS[min(attempts - 1, len(RETRY_DELAYS) - 1)]
        OutgoingMail.objects.filter(pk=mail_id).update(
            status=MailStatus.FAILED if failed else MailStatus.PENDING,
            attempts=attempts,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            next_attempt_at=timezone.now() + delay,
            claimed_at=None,
        )
        logger.warning("Échec d'envoi du message %s (tentative %s).", mail_id, attempts)
        return False
    OutgoingMail.objects.filter(pk=mail_id).update(
        status=MailStatus.SENT, attempts=mail.attempts + 1, sent_at=timezone.now(), last_error=""
    )
    return True


def deliver_due(limit: int = 500) -> int:
    """Send every due row (oldest first, at most ``limit``). Returns how many went out."""
    ids = list(
        OutgoingMail.objects.due().order_by("next_attempt_at").values_list("pk", flat=True)[:limit]
    )
    return sum(deliver(mail_id) for mail_id in ids)
