"""Writes on events and invitations: answers and the waiting list, sending, changes,
cancellation, messages, check-in and reminders. Every mail goes through the outbox with a
``dedup_key``, so a retried task or a second sweep never sends anything twice."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.enums import SEATED_STATES, Audience, EventStatus, InvitationStatus
from events.models import Event, GuestMessage, Invitation
from portal.mail import send_templated
from portal.models import OutgoingMail

# Fields whose change guests who said yes must hear about.
PRACTICAL_FIELDS = ("starts_at", "ends_at", "venue_name", "address", "commune")

# Why an answer is refused; the answer page explains each.
REFUSALS = {
    "cancelled": _("Cet évènement est annulé : il n'est plus possible d'y répondre."),
    "deadline": _("La date limite de réponse est passée : il n'est plus possible de répondre."),
    "past": _("Cet évènement est passé."),
    "not_open": _("Les réponses à cet évènement ne sont pas encore ouvertes."),
    "checked_in": _("Votre présence a déjà été enregistrée."),
    "no_room_for_guests": _(
        "Il ne reste pas assez de places pour vos accompagnants : votre inscription est "
        "conservée avec le nombre d'accompagnants précédent."
    ),
}


class AnswerRefused(Exception):
    def __init__(self, code):
        super().__init__(code)
        self.code = code
        self.message = REFUSALS[code]


def refusal_for(invitation: Invitation, now=None) -> str | None:
    """The reason an answer would be refused now, or None if the guest may answer."""
    event = invitation.event
    now = now or timezone.now()
    if event.status == EventStatus.CANCELLED:
        return "cancelled"
    if event.status == EventStatus.DONE or event.is_past(now):
        return "past"
    if event.status == EventStatus.DRAFT:
        return "not_open"
    if invitation.status == InvitationStatus.ATTENDED:
        return "checked_in"
    if event.deadline_passed(now):
        return "deadline"
    return None


def _lock_event(event_id: int) -> Event:
    return (
        Event.objects.select_for_update(of=("self",))
        .select_related("desk", "commune")
        .get(pk=event_id)
    )


def mail_guest(invitation: Invitation, template: str, dedup_key: str, **context):
    if not invitation.email:
        return None
    return send_templated(
        to=invitation.email,
        template=template,
        context={"invitation": invitation, "event": invitation.event, **context},
        dedup_key=dedup_key,
    )


@dataclass
class AnswerResult:
    status: str
    promoted: list


def answer(*, invitation_id: int, attending: bool, guests: int = 0, now=None) -> AnswerResult:
    """Record a guest's yes or no. A yes beyond capacity goes on the waiting list; a no from
    someone holding a seat moves the waiting list up (and tells those moved up)."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = Invitation.objects.select_related("event").get(pk=invitation_id)
        event = _lock_event(invitation.event_id)
        invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation_id)
        invitation.event = event
        if code := refusal_for(invitation, now):
            raise AnswerRefused(code)
        was_seated = invitation.status in SEATED_STATES
        promoted = []
        if attending:
            others = event.invitations.exclude(pk=invitation.pk).seats_taken()
            fits = event.capacity is None or others + 1 + guests <= event.capacity
            if fits:
                invitation.status = InvitationStatus.ACCEPTED
                invitation.guests = guests
                invitation.answered_at = now
            elif was_seated:
                raise AnswerRefused("no_room_for_guests")
            else:
                # Keep one's place in the queue when answering yes again.
                if invitation.status != InvitationStatus.WAITING:
                    invitation.answered_at = now
                invitation.status = InvitationStatus.WAITING
                invitation.guests = guests
        else:
            invitation.status = InvitationStatus.DECLINED
            invitation.guests = 0
            invitation.answered_at = now
        invitation.save(update_fields=["status", "guests", "answered_at", "updated_at"])
        if was_seated and invitation.status not in SEATED_STATES:
            promoted = promote_waiting(event, now=now)
    return AnswerResult(status=invitation.status, promoted=promoted)


def promote_waiting(event: Event, *, now=None) -> list[Invitation]:
    """Move the waiting list up, first come first served, while seats allow; each person
    moved up is told. Call inside a transaction holding the event's lock."""
    now = now or timezone.now()
    if event.status != EventStatus.PUBLISHED:
        return []
    free = None if event.capacity is None else event.capacity - event.invitations.seats_taken()
    promoted = []
    queue = event.invitations.filter(status=InvitationStatus.WAITING).order_by("answered_at", "pk")
    for invitation in queue:
        invitation.event = event  # the mail reads the event's desk and commune: no query each
        if free is not None and invitation.seats > free:
            break
        invitation.status = InvitationStatus.ACCEPTED
        invitation.save(update_fields=["status", "updated_at"])
        if free is not None:
            free -= invitation.seats
        mail_guest(invitation, "events_promoted", f"events:promoted:{invitation.pk}:{now.timestamp()}")
        promoted.append(invitation)
    return promoted


def publish(event: Event) -> None:
    if event.status == EventStatus.DRAFT:
        event.status = EventStatus.PUBLISHED
        event.save(update_fields=["status", "updated_at"])


def send_invitations(event_id: int, *, now=None) -> int:
    """Issue every invitation not yet sent; mail those with an address. Idempotent: each row
    is claimed by a conditional update, and the mail carries a dedup key. Returns how many
    mails were queued."""
    now = now or timezone.now()
    event = Event.objects.select_related("desk", "commune").get(pk=event_id)
    if event.status != EventStatus.PUBLISHED:
        return 0
    mailed = 0
    pending = event.invitations.filter(sent_at__isnull=True).order_by("pk")
    for invitation in pending.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True).update(
                sent_at=now
            )
            if claimed != 1:
                continue
            invitation.event = event
            if mail_guest(invitation, "events_invitation", f"events:invitation:{invitation.pk}"):
                mailed += 1
    return mailed


def notify_change(event: Event, changed: list[str]) -> int:
    """After an edit: tell guests who said yes (and the waiting list) about practical
    changes, and let a larger capacity move the waiting list up."""
    count = 0
    with transaction.atomic():
        event = _lock_event(event.pk)
        if "capacity" in changed:
            promote_waiting(event)
        practical = [field for field in changed if field in PRACTICAL_FIELDS]
        if event.status != EventStatus.PUBLISHED or not practical:
            return 0
        stamp = int(event.updated_at.timestamp())
        concerned = event.invitations.filter(status__in=(*SEATED_STATES, InvitationStatus.WAITING))
        for invitation in concerned:
            invitation.event = event
            if mail_guest(invitation, "events_changed", f"events:changed:{invitation.pk}:{stamp}"):
                count += 1
    return count


def cancel(event: Event, *, reason: str) -> int:
    """Cancel the event and tell everyone who said yes or waits for a seat."""
    count = 0
    with transaction.atomic():
        event = _lock_event(event.pk)
        if event.status == EventStatus.CANCELLED:
            return 0
        was_open = event.status == EventStatus.PUBLISHED
        event.status = EventStatus.CANCELLED
        event.cancellation_reason = reason
        event.save(update_fields=["status", "cancellation_reason", "updated_at"])
        if not was_open:
            return 0
        concerned = event.invitations.filter(
            status__in=(*SEATED_STATES, InvitationStatus.WAITING), sent_at__isnull=False
        )
        for invitation in concerned:
            invitation.event = event
            if mail_guest(invitation, "events_cancelled", f"events:cancelled:{invitation.pk}"):
                count += 1
    return count


def write_to_guests(
    event: Event, *, audience: str, subject: str, body: str, sent_by
) -> GuestMessage:
    """Record a message to a segment of guests; the mails are queued by ``deliver_message``."""
    recipients = event.invitations.of_audience(audience).exclude(email="").count()
    return GuestMessage.objects.create(
        event=event,
        audience=audience,
        subject=subject,
        body=body,
        recipients=recipients,
        sent_by=sent_by,
    )


def deliver_message(message_id: int) -> int:
    message = GuestMessage.objects.select_related("event").get(pk=message_id)
    recipients = message.event.invitations.of_audience(
        Audience(message.audience), now=message.created_at
    ).exclude(email="")
    count = 0
    for invitation in recipients.iterator(chunk_size=500):
        invitation.event = message.event
        with transaction.atomic():
            mail_guest(
                invitation,
                "events_message",
                f"events:message:{message.pk}:{invitation.pk}",
                message=message,
            )
        count += 1
    return count


def check_in(invitation: Invitation, *, now=None) -> Invitation:
    invitation.status = InvitationStatus.ATTENDED
    invitation.checked_in_at = now or timezone.now()
    invitation.save(update_fields=["status", "checked_in_at", "updated_at"])
    return invitation


def undo_check_in(invitation: Invitation) -> Invitation:
    if invitation.status == InvitationStatus.ATTENDED:
        invitation.status = InvitationStatus.ACCEPTED
        invitation.checked_in_at = None
        invitation.save(update_fields=["status", "checked_in_at", "updated_at"])
    return invitation


# (days before, window): a guest is reminded once when the start enters the window.
REMINDERS = {7: timedelta(days=7), 1: timedelta(days=1)}


def send_reminders(*, now=None) -> int:
    """Remind guests who said yes, seven days and one day before. Set-based: one query for
    the candidates, one for the reminders already queued, then one outbox row per new
    reminder. Each reminder has a dedup key, so it is sent once whatever the schedule."""
    now = now or timezone.now()
    sent = 0
    for days, horizon in REMINDERS.items():
        lower = now + horizon - timedelta(days=1) if days > 1 else now
        candidates = list(
            Invitation.objects.filter(
                status=InvitationStatus.ACCEPTED,
                event__status=EventStatus.PUBLISHED,
                event__starts_at__gt=lower,
                event__starts_at__lte=now + horizon,
                sent_at__isnull=False,
            )
            .exclude(email="")
            .select_related("event", "event__commune", "event__desk")
        )
        keys = {
            invitation.pk: f"events:reminder{days}:{invitation.pk}" for invitation in candidates
        }
        done = set(
            OutgoingMail.objects.filter(dedup_key__in=keys.values()).values_list(
                "dedup_key", flat=True
            )
        )
        for invitation in candidates:
            if keys[invitation.pk] in done:
                continue
            with transaction.atomic():
                mail_guest(invitation, "events_reminder", keys[invitation.pk], days=days)
            sent += 1
    return sent


def close_past_events(*, now=None) -> int:
    return Event.objects.filter(
        status=EventStatus.PUBLISHED, ends_at__lt=now or timezone.now()
    ).update(status=EventStatus.DONE)
