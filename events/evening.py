"""The evening itself: people who come without an invitation, and the counts of the
check-in page."""

from dataclasses import dataclass

from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from events import services
from events.enums import EXPECTED_STATES, SEATED_STATES, InvitationStatus
from events.models import Event, EventLogKind, Invitation


@dataclass
class WalkIn:
    invitation: Invitation
    created: bool  # False: the address was already invited, that person was checked in
    already_here: bool = False  # they had been checked in before


def add_walk_in(
    *,
    event: Event,
    first_name: str,
    last_name: str,
    profession_label: str = "",
    structure_label: str = "",
    email: str = "",
    by=None,
    now=None,
) -> WalkIn:
    """Someone who comes without an invitation: a new invitation marked ``walk_in``,
    present from now, logged. An address already invited is that person, checked in
    instead (nobody is added twice)."""
    now = now or timezone.now()
    email = (email or "").strip().lower()
    with transaction.atomic():
        Event.objects.select_for_update(of=("self",)).get(pk=event.pk)
        if email and (known := _invited_as(event, email)):
            return _arrives(known, now)
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    event=event,
                    first_name=first_name.strip(),
                    last_name=last_name.strip(),
                    email=email,
                    profession_label=profession_label.strip(),
                    structure_label=structure_label.strip(),
                    walk_in=True,
                    status=InvitationStatus.ATTENDED,
                    # An undo leaves them on the list as « sans réponse », re-tickable.
                    status_before_check_in=InvitationStatus.INVITED,
                    checked_in_at=now,
                    created_at=now,
                )
        except IntegrityError:
            # The address was added in the meantime (the guest-list page does not lock).
            return _arrives(_invited_as(event, email), now)
        services._log(event, invitation, EventLogKind.WALK_IN, by=by, at=now)
    return WalkIn(invitation=invitation, created=True)


def _invited_as(event, email):
    return event.invitations.filter(email__iexact=email).first()


def _arrives(invitation, now):
    already_here = invitation.status == InvitationStatus.ATTENDED
    invitation = services.check_in(invitation, now=now)
    return WalkIn(invitation=invitation, created=False, already_here=already_here)


def check_in_counts(event: Event) -> dict:
    """People and seats, never mixed, in one query: who is here (and the companions they
    brought), who is registered (people, seats) and who else is on the list."""
    status = InvitationStatus
    here = Q(status=status.ATTENDED)
    return event.invitations.aggregate(
        present=Count("pk", filter=here),
        present_companions=Coalesce(Sum("guests", filter=here), 0),
        registered=Count("pk", filter=Q(status__in=EXPECTED_STATES)),
        seats=Coalesce(Sum(models.F("guests") + 1, filter=Q(status__in=SEATED_STATES)), 0),
        walk_ins=Count("pk", filter=Q(walk_in=True) & here),
        total=Count("pk"),
    )
