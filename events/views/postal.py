"""Guests without e-mail: the « à appeler » list (who to phone about a change, and why) and
where each postal guest's letter stands (à envoyer, envoyée le)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import documents
from events.enums import InvitationStatus
from events.views.office import get_event_for, office_view


@office_view
def calls(request, pk):
    event = get_event_for(request.user, pk)
    to_call = list(documents.calls_to_make(event))
    postal = list(
        event.invitations.filter(email="").exclude(status=InvitationStatus.DECLINED).by_name()
    )
    return render(
        request,
        "events/office/calls.html",
        {
            "event": event,
            "to_call": [
                {"invitation": invitation, "address": documents.postal_lines(invitation)[1:]}
                for invitation in to_call
            ],
            "postal": postal,
            "letters_to_send": sum(1 for guest in postal if guest.letter_sent_at is None),
        },
    )


@office_view
@require_POST
def call_done(request, pk, invitation_pk):
    """« Appelé·e » : the guest was phoned about the change."""
    event = get_event_for(request.user, pk)
    invitation = get_object_or_404(event.invitations.select_related("event"), pk=invitation_pk)
    if documents.mark_called(invitation, by=request.user):
        messages.success(request, _("%(name)s : appel noté.") % {"name": invitation.full_name})
    else:
        messages.info(
            request, _("%(name)s n'était plus à appeler.") % {"name": invitation.full_name}
        )
    return redirect("events:calls", pk=event.pk)
