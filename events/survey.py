"""The satisfaction survey after an event: three questions, no account (the invitation's
token is the key), one answer per guest who came, changeable while the survey is open.

Sent once per event (``Event.survey_sent_at``, claimed by a conditional update, and a
dedup key per guest), the day after it ended, to the guests checked in."""

from datetime import timedelta

from django.db import transaction
from django.db.models import Avg, Count, Q
from django.utils import timezone

from events.enums import EventStatus, InvitationStatus
from events.models import Event, Invitation, SurveyAnswer
from events.services import mail_guest

SCORES = range(1, 6)
# Sent the day after the end; answers taken for this long after the mail (or the end).
SEND_AFTER = timedelta(days=1)
OPEN_FOR = timedelta(days=30)
SURVEYED_STATES = (EventStatus.PUBLISHED, EventStatus.DONE)


def closes_at(event: Event):
    return (event.survey_sent_at or event.ends_at) + OPEN_FOR


def state(invitation: Invitation, now=None) -> str:
    """``open``, ``not_yet`` (the event is not over), ``closed`` (too late), or
    ``unavailable`` (cancelled, or the guest did not come: the link opens nothing)."""
    event = invitation.event
    now = now or timezone.now()
    if event.status not in SURVEYED_STATES or invitation.status != InvitationStatus.ATTENDED:
        return "unavailable"
    if event.ends_at > now and event.status != EventStatus.DONE:
        return "not_yet"
    if now >= closes_at(event):
        return "closed"
    return "open"


def save_answer(
    *, invitation: Invitation, satisfaction: int, usefulness: int, comment: str = "", now=None
) -> SurveyAnswer:
    """One answer per invitation: a second answer replaces the first."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update(of=("self",)).get(pk=invitation.pk)
        answer, _created = SurveyAnswer.objects.update_or_create(
            invitation=invitation,
            defaults={
                "event_id": invitation.event_id,
                "satisfaction": satisfaction,
                "usefulness": usefulness,
                "comment": comment.strip(),
                "answered_at": now,
            },
        )
    return answer


def can_send(event: Event, now=None) -> bool:
    """Whether the survey may go now: the event is over, was held, and has none yet."""
    now = now or timezone.now()
    over = event.status == EventStatus.DONE or event.ends_at <= now
    return (
        over
        and event.status in SURVEYED_STATES
        and event.survey_sent_at is None
        and now < closes_at(event)
    )


def due_events(now=None):
    """Events whose survey goes today: ended a day ago at least (but not so long ago that
    the survey would already be closed), held, not surveyed yet."""
    now = now or timezone.now()
    return Event.objects.filter(
        status__in=SURVEYED_STATES,
        survey_sent_at__isnull=True,
        ends_at__lte=now - SEND_AFTER,
        ends_at__gt=now - OPEN_FOR,
    ).order_by("pk")


def send_survey(event_id: int, *, now=None) -> int | None:
    """Mail the survey to the guests who came, once: the event is claimed by a conditional
    update in the same transaction as the outbox rows. Returns how many were mailed, or
    None when the survey was not (or no longer) to be sent."""
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_related("desk", "commune").get(pk=event_id)
        if not can_send(event, now):
            return None
        claimed = Event.objects.filter(pk=event.pk, survey_sent_at__isnull=True).update(
            survey_sent_at=now
        )
        if claimed != 1:
            return None
        event.survey_sent_at = now
        came = event.invitations.filter(status=InvitationStatus.ATTENDED).exclude(email="")
        mailed = 0
        for invitation in came.order_by("pk").iterator(chunk_size=500):
            invitation.event = event
            if mail_guest(
                invitation,
                "events_survey",
                f"events:survey:{invitation.pk}",
                closes_at=closes_at(event),
            ):
                mailed += 1
    return mailed


def send_due_surveys(*, now=None) -> int:
    """Beat, daily: the survey of every event due. Returns how many guests were mailed."""
    now = now or timezone.now()
    return sum(send_survey(pk, now=now) or 0 for pk in due_events(now).values_list("pk", flat=True))


def results(event: Event) -> dict:
    """Answers, averages and the distribution of each score, in one query."""
    answers = event.survey_answers.all()
    figures = answers.aggregate(
        count=Count("pk"),
        average_satisfaction=Avg("satisfaction"),
        average_usefulness=Avg("usefulness"),
        **{f"satisfaction_{n}": Count("pk", filter=Q(satisfaction=n)) for n in SCORES},
        **{f"usefulness_{n}": Count("pk", filter=Q(usefulness=n)) for n in SCORES},
    )
    return {
        "count": figures["count"],
        "satisfaction": figures["average_satisfaction"],
        "usefulness": figures["average_usefulness"],
        "distributions": [
            (key, _distribution(figures, key, figures["count"]))
            for key in ("satisfaction", "usefulness")
        ],
    }


def _distribution(figures, key, total):
    return [
        {
            "score": n,
            "count": figures[f"{key}_{n}"],
            "percent": round(100 * figures[f"{key}_{n}"] / total) if total else 0,
        }
        for n in SCORES
    ]


def comments(event: Event) -> list[str]:
    """The comments without names (anonymous), newest first."""
    return list(
        event.survey_answers.exclude(comment="")
        .order_by("-answered_at", "-pk")
        .values_list("comment", flat=True)
    )


def year_figures(events) -> dict:
    """For the desk's yearly report: answers and average satisfaction over ``events``."""
    return SurveyAnswer.objects.filter(event__in=events).aggregate(
        answers=Count("pk"), average_satisfaction=Avg("satisfaction")
    )
