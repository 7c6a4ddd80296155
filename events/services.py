"""Writes on events and invitations: answers and the waiting list, sending, changes,
cancellation, messages, check-in and reminders. Every mail goes through the outbox with a
``dedup_key``, so a retried task or a second sweep never sends anything twice."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from events.enums import SEATED_STATES, Audience, EventStatus, InvitationStatus
from events.models import Event, EventLog, EventLogKind, GuestMessage, Invitation
from portal.formatting import ngettext_fr as ngettext
from portal.mail import send_templated
from portal.models import OutgoingMail

# Fields whose change everyone invited who has not declined must hear about.
TIME_FIELDS = ("starts_at", "ends_at")
PLACE_FIELDS = ("venue_name", "address", "commune")
PRACTICAL_FIELDS = TIME_FIELDS + PLACE_FIELDS
# Everyone still concerned by the event: all but those who declined.
CONCERNED_STATES = (*SEATED_STATES, InvitationStatus.INVITED, InvitationStatus.WAITING)

# Why an event cannot be opened or its invitations sent.
ARCHIVE_NOTICE = _("Évènement passé : il sert d'archive, aucune invitation ne peut partir.")


def is_archive(event: Event, now=None) -> bool:
    """An event whose start has passed records an evening: it is never opened nor sent."""
    return event.starts_at <= (now or timezone.now())


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


def answer(
    *,
    invitation_id: int,
    attending: bool,
    guests: int = 0,
    companion_names: str | None = None,
    now=None,
) -> AnswerResult:
    """Record a guest's yes or no, first come first served.

    A new yes gets a seat when the party fits the free seats and nobody waiting would fit
    them (else it joins the end of the waiting list); a yes again while waiting keeps one's
    place; a seated guest may not bring more companions than the free seats allow. Seats
    freed by a no or fewer companions go to the waiting list (``fill_seats``)."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = Invitation.objects.select_related("event").get(pk=invitation_id)
        event = _lock_event(invitation.event_id)
        invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation_id)
        invitation.event = event
        if code := refusal_for(invitation, now):
            raise AnswerRefused(code)
        promoted = fill_seats(event, now=now)  # a queue left behind by an edit elsewhere
        invitation.refresh_from_db(fields=["status", "guests", "queued_at"])
        if attending:
            _answer_yes(event, invitation, guests, now)
            if companion_names is not None:
                invitation.companion_names = companion_names
        else:
            invitation.status = InvitationStatus.DECLINED
            invitation.guests = 0
            invitation.companion_names = ""
            invitation.queued_at = None
            invitation.answered_at = now
        invitation.save(
            update_fields=[
                "status",
                "guests",
                "companion_names",
                "queued_at",
                "answered_at",
                "updated_at",
            ]
        )
        promoted += fill_seats(event, now=now)
        if any(seated.pk == invitation.pk for seated in promoted):
            # A guest already waiting who now fits (fewer companions) was seated just above.
            invitation.refresh_from_db(fields=["status", "queued_at"])
    return AnswerResult(status=invitation.status, promoted=promoted)


def _answer_yes(event: Event, invitation: Invitation, guests: int, now) -> None:
    seats = 1 + guests
    if event.capacity is None:
        free = None
    else:
        others = event.invitations.exclude(pk=invitation.pk).seats_taken()
        free = event.capacity - others
    if invitation.status in SEATED_STATES:
        if free is not None and seats > free:
            raise AnswerRefused("no_room_for_guests")
        invitation.guests = guests
        invitation.answered_at = now
        return
    if invitation.status == InvitationStatus.WAITING:
        # A yes again keeps one's place; the new party size counts from now on.
        invitation.guests = guests
        return
    invitation.guests = guests
    invitation.answered_at = now
    someone_fits = free is not None and (
        event.invitations.waiting_queue().fitting(free).exclude(pk=invitation.pk).exists()
    )
    if free is None or (seats <= free and not someone_fits):
        invitation.status = InvitationStatus.ACCEPTED
        invitation.queued_at = None
    else:
        invitation.status = InvitationStatus.WAITING
        invitation.queued_at = now


def fill_seats(event: Event, *, now=None, by=None) -> list[Invitation]:
    """Give the free seats to the waiting list: the earliest people whose party fits, in
    order. Those passed over because their party is too large are told they keep their
    place (once per freeing). Each promotion is logged and the person told (by mail, or
    put on the « à appeler » list without an address). Call inside a transaction holding
    the event's lock."""
    now = now or timezone.now()
    if event.status != EventStatus.PUBLISHED:
        return []
    free = None if event.capacity is None else event.capacity - event.invitations.seats_taken()
    if free is not None and free <= 0:
        return []
    queue = event.invitations.waiting_queue()
    if free is not None and not queue.fitting(free).exists():
        return []
    promoted, passed_over = [], []
    stamp = int(now.timestamp() * 1000)
    for invitation in queue:
        invitation.event = event
        if free is not None and free <= 0:
            break
        if free is not None and invitation.seats > free:
            passed_over.append((invitation, free, len(promoted)))
            continue
        invitation.status = InvitationStatus.ACCEPTED
        invitation.queued_at = None
        invitation.save(update_fields=["status", "queued_at", "updated_at"])
        if free is not None:
            free -= invitation.seats
        _log(event, invitation, EventLogKind.PROMOTED, by=by, at=now)
        _tell(
            invitation,
            "events_promoted",
            f"events:promoted:{invitation.pk}:{stamp}",
            reason=gettext("place attribuée depuis la liste d'attente"),
            now=now,
        )
        promoted.append(invitation)
    # Tell those passed over (someone behind them got a seat) that they keep their place.
    for invitation, gap, seated_before in passed_over:
        if seated_before < len(promoted):
            mail_guest(
                invitation,
                "events_keeps_place",
                f"events:keeps_place:{invitation.pk}:{stamp}",
                free=gap,
                position=invitation.queue_position(),
            )
    return promoted


def surplus_for(event: Event, capacity: int | None) -> list[Invitation]:
    """Who would go back to the waiting list if the event had ``capacity`` seats: the
    latest seated guests (by answer date) until the rest fits, except those whom the seats
    then left free would seat again at once (they stay). Guests already checked in keep
    their seat."""
    if capacity is None:
        return []
    seated = list(
        event.invitations.filter(status=InvitationStatus.ACCEPTED).order_by("-answered_at", "-pk")
    )
    taken = event.invitations.seats_taken()
    removed = []
    for invitation in seated:
        if taken <= capacity:
            break
        removed.append(invitation)
        taken -= invitation.seats
    # They go back to the head of the queue in their answer order; the seats left free
    # would go to them first.
    removed.reverse()
    free = capacity - taken
    surplus = []
    for invitation in removed:
        if invitation.seats <= free:
            free -= invitation.seats
        else:
            surplus.append(invitation)
    return surplus


UNKNOWN = object()  # a previous capacity not given: nothing to log


def apply_capacity(event: Event, *, previous=UNKNOWN, by=None, now=None) -> dict:
    """After a change of capacity: the surplus goes back to the head of the waiting list
    (told by mail, logged), then free seats go to the waiting list. Returns the people
    moved either way. Call inside a transaction holding the event's lock."""
    now = now or timezone.now()
    surplus = surplus_for(event, event.capacity)
    if surplus:
        head = event.invitations.waiting_queue().values_list("queued_at", flat=True).first()
        head = min(head or now, now)
        for rank, invitation in enumerate(surplus):
            invitation.event = event
            invitation.status = InvitationStatus.WAITING
            invitation.queued_at = head - timedelta(seconds=len(surplus) - rank)
            invitation.save(update_fields=["status", "queued_at", "updated_at"])
        stamp = int(now.timestamp() * 1000)
        for invitation in surplus:
            position = invitation.queue_position()
            _log(
                event,
                invitation,
                EventLogKind.SURPLUS,
                by=by,
                at=now,
                detail=gettext("%(count)s places ; en %(position)s position")
                % {"count": event.capacity, "position": ordinal_fr(position)},
            )
            _tell(
                invitation,
                "events_surplus",
                f"events:surplus:{invitation.pk}:{stamp}",
                reason=gettext("places réduites : remis·e en liste d'attente"),
                now=now,
                position=position,
            )
    if previous is not UNKNOWN and previous != event.capacity:
        _log(
            event,
            None,
            EventLogKind.CAPACITY,
            by=by,
            at=now,
            detail=f"{_capacity_text(previous)} → {_capacity_text(event.capacity)}",
        )
    promoted = fill_seats(event, now=now, by=None)
    return {"surplus": surplus, "promoted": promoted}


def _capacity_text(capacity):
    if capacity is None:
        return gettext("sans limite")
    return ngettext("%(count)d place", "%(count)d places", capacity) % {"count": capacity}


def move_up(invitation: Invitation, *, by, now=None) -> Invitation:
    """The coordinator moves someone up by hand: a seat if their party fits the free
    seats, else the head of the waiting list. Recorded in the event's log with the place
    before and after."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(invitation.event_id)
        invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
        invitation.event = event
        if invitation.status != InvitationStatus.WAITING:
            raise ValueError("not waiting")
        before = invitation.queue_position()
        free = event.seats_remaining()
        if free is None or invitation.seats <= free:
            invitation.status = InvitationStatus.ACCEPTED
            invitation.queued_at = None
            invitation.save(update_fields=["status", "queued_at", "updated_at"])
            after = gettext("place attribuée")
            _tell(
                invitation,
                "events_promoted",
                f"events:promoted:{invitation.pk}:{int(now.timestamp() * 1000)}",
                reason=gettext("place attribuée depuis la liste d'attente"),
                now=now,
            )
        else:
            head = event.invitations.waiting_queue().values_list("queued_at", flat=True).first()
            if before != 1:
                invitation.queued_at = min(head or now, now) - timedelta(seconds=1)
                invitation.save(update_fields=["queued_at", "updated_at"])
            after = ordinal_fr(1)
        _log(
            event,
            invitation,
            EventLogKind.MOVED_UP,
            by=by,
            at=now,
            detail=gettext("%(before)s → %(after)s")
            % {"before": ordinal_fr(before), "after": after},
        )
        fill_seats(event, now=now)
    return invitation


def ordinal_fr(number) -> str:
    """« 1re », « 2e », « 3e »… (a place in the queue: « la 1re place »)."""
    if number is None:
        return ""
    return f"{number}re" if number == 1 else f"{number}e"


def _log(event, invitation, kind, *, by=None, at=None, detail=""):
    return EventLog.objects.create(
        event=event,
        invitation=invitation,
        guest_name=invitation.full_name if invitation else "",
        kind=kind,
        detail=detail[:500],
        by=by if getattr(by, "is_authenticated", False) else None,
        at=at or timezone.now(),
    )


def _tell(invitation, template, dedup_key, *, reason="", now=None, **context):
    """Mail a guest; without an address, put them on the « à appeler » list instead."""
    if invitation.email:
        return mail_guest(invitation, template, dedup_key, **context)
    if reason:
        _needs_call(Invitation.objects.filter(pk=invitation.pk), reason, now)
    return None


def _needs_call(invitations, reason, now=None):
    return invitations.update(
        call_reason=str(reason)[:250], call_needed_at=now or timezone.now(), called_at=None
    )


def publish(event: Event, *, now=None) -> bool:
    """Open a draft for answers. An event whose start has passed stays an archive."""
    if is_archive(event, now):
        return False
    if event.status == EventStatus.DRAFT:
        event.status = EventStatus.PUBLISHED
        event.save(update_fields=["status", "updated_at"])
    return event.status == EventStatus.PUBLISHED


def send_invitations(event_id: int, *, now=None) -> int:
    """Mail every invitation with an address not yet e-mailed (guests without one wait for
    their letter). Idempotent: each row is claimed by a conditional update, and the mail
    carries a dedup key. Nothing leaves for an event that is not open or has begun (an
    archive). Returns how many mails were queued."""
    now = now or timezone.now()
    event = Event.objects.select_related("desk", "commune").get(pk=event_id)
    if event.status != EventStatus.PUBLISHED or is_archive(event, now):
        return 0
    mailed = 0
    pending = event.invitations.filter(sent_at__isnull=True).exclude(email="").order_by("pk")
    for invitation in pending.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = (
                Invitation.objects.filter(pk=invitation.pk, sent_at__isnull=True)
                .exclude(email="")
                .update(sent_at=now)
            )
            if claimed != 1:
                continue
            invitation.event = event
            if mail_guest(invitation, "events_invitation", f"events:invitation:{invitation.pk}"):
                mailed += 1
    return mailed


def change_reason(changed) -> str:
    """« changement d'horaire », « changement de lieu », or both."""
    time = any(field in TIME_FIELDS for field in changed)
    place = any(field in PLACE_FIELDS for field in changed)
    if time and place:
        return gettext("changement d'horaire et de lieu")
    return gettext("changement d'horaire") if time else gettext("changement de lieu")


def _concerned(event: Event):
    """Everyone invited who has not declined."""
    return event.invitations.filter(status__in=CONCERNED_STATES)


def notify_change(event: Event, changed: list[str], *, previous_capacity=UNKNOWN, by=None) -> int:
    """After an edit: a new capacity moves the waiting list (surplus back to its head, free
    seats to those waiting); a practical change is mailed to everyone e-mailed who has not
    declined, and puts those without an address on the « à appeler » list. Returns how many
    were mailed."""
    count = 0
    now = timezone.now()
    with transaction.atomic():
        event = _lock_event(event.pk)
        if "capacity" in changed:
            apply_capacity(event, previous=previous_capacity, by=by, now=now)
        practical = [field for field in changed if field in PRACTICAL_FIELDS]
        if event.status != EventStatus.PUBLISHED or not practical:
            return 0
        stamp = int(event.updated_at.timestamp())
        concerned = _concerned(event)
        mailed = concerned.filter(sent_at__isnull=False).exclude(email="").order_by("pk")
        for invitation in mailed.iterator(chunk_size=500):
            invitation.event = event
            if mail_guest(invitation, "events_changed", f"events:changed:{invitation.pk}:{stamp}"):
                count += 1
        _needs_call(concerned.filter(email=""), change_reason(practical), now)
    return count


def cancel(event: Event, *, reason: str) -> int:
    """Cancel the event and tell everyone invited who has not declined: by mail those who
    were e-mailed, by phone (the « à appeler » list) those without an address."""
    count = 0
    now = timezone.now()
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
        concerned = _concerned(event)
        mailed = concerned.filter(sent_at__isnull=False).exclude(email="").order_by("pk")
        for invitation in mailed.iterator(chunk_size=500):
            invitation.event = event
            if mail_guest(invitation, "events_cancelled", f"events:cancelled:{invitation.pk}"):
                count += 1
        _needs_call(
            concerned.filter(email=""),
            gettext("annulation : %(reason)s") % {"reason": " ".join(reason.split())},
            now,
        )
    return count


AUDIENCE_FILTERS = {
    Audience.ACCEPTED: Q(status=InvitationStatus.ACCEPTED),
    Audience.WAITING: Q(status=InvitationStatus.WAITING),
    Audience.NO_ANSWER: Q(status=InvitationStatus.INVITED),
    Audience.ATTENDED: Q(status=InvitationStatus.ATTENDED),
    Audience.ABSENT: Q(status=InvitationStatus.ACCEPTED),
}


def audience_counts(event: Event, *, now=None) -> dict:
    """For each audience, ``(with_email, without_email)``: who would receive a message and
    who would not (no address), in one query. The absent are nobody before the start."""
    now = now or timezone.now()
    started = event.starts_at <= now
    no_email = Q(email="")
    aggregates = {}
    for audience, condition in AUDIENCE_FILTERS.items():
        if audience == Audience.ABSENT and not started:
            continue
        aggregates[f"{audience}_mail"] = Count("pk", filter=condition & ~no_email)
        aggregates[f"{audience}_none"] = Count("pk", filter=condition & no_email)
    row = event.invitations.aggregate(**aggregates)
    return {
        audience: (row.get(f"{audience}_mail", 0), row.get(f"{audience}_none", 0))
        for audience in Audience
    }


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
    """Mark a guest arrived, whatever they had answered (a guest who declined, waited or
    never answered may still come): the arrival counts as present and takes its seats
    without bumping anyone. The answer before arriving is kept for « annuler l'arrivée »;
    a second tap (another phone) changes nothing. Waiting guests keep their ``queued_at``
    so that an undo gives them back their place in the queue."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
        if invitation.status != InvitationStatus.ATTENDED:
            invitation.status_before_check_in = invitation.status
            invitation.status = InvitationStatus.ATTENDED
            invitation.checked_in_at = now or timezone.now()
            invitation.save(
                update_fields=["status", "status_before_check_in", "checked_in_at", "updated_at"]
            )
    return invitation


def undo_check_in(invitation: Invitation) -> Invitation:
    """Give back exactly the answer the guest had before arriving (« inscrit·e » for
    arrivals recorded before it was kept). The seats freed are not offered to the waiting
    list: the evening is under way."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
        if invitation.status == InvitationStatus.ATTENDED:
            invitation.status = invitation.status_before_check_in or InvitationStatus.ACCEPTED
            invitation.status_before_check_in = ""
            invitation.checked_in_at = None
            invitation.save(
                update_fields=["status", "status_before_check_in", "checked_in_at", "updated_at"]
            )
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
