"""The answer page a guest opens from the link in their invitation: no account needed, the
token is the key, and it opens that one invitation only."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from events import services
from events.enums import InvitationStatus
from events.forms import AnswerForm
from events.models import Invitation
from portal import ratelimit
from portal.decorators import personal_link

TOKEN_MAX_LENGTH = 64


def _invalid(request):
    return render(request, "events/answer_invalid.html", status=404)


@personal_link
@never_cache
@require_http_methods(["GET", "POST"])
def answer(request, token):
    invitation = None
    if len(token) <= TOKEN_MAX_LENGTH:
        invitation = (
            Invitation.objects.select_related("event", "event__commune", "event__desk")
            .filter(token=token)
            .first()
        )
    if invitation is None:
        return _invalid(request)
    event = invitation.event
    now = timezone.now()
    refusal = services.refusal_for(invitation, now)
    if refusal == "past":
        # An old link: say so, show nothing of the guest.
        return render(request, "events/answer_expired.html", {"event": event}, status=410)

    form = AnswerForm(
        request.POST or None,
        initial={
            "attending": {"declined": "no"}.get(invitation.status, "yes")
            if invitation.answered_at
            else None,
            "guests": invitation.guests,
            "companion_names": invitation.companion_names,
        },
    )
    status = 200
    if request.method == "POST" and not ratelimit.hit("rsvp", invitation.pk, 10, 600):
        return ratelimit.limited(request)
    if request.method == "POST":
        if refusal:
            messages.error(request, services.REFUSALS[refusal])
            status = 409
        elif form.is_valid():
            attending = form.cleaned_data["attending"]
            try:
                result = services.answer(
                    invitation_id=invitation.pk,
                    attending=attending,
                    guests=form.cleaned_data["guests"] if attending else 0,
                    companion_names=form.cleaned_data["companion_names"] if attending else None,
                )
            except services.AnswerRefused as refused:
                messages.error(request, refused.message)
                status = 409
            else:
                messages.success(request, _confirmation(result.status))
                return redirect(invitation.get_answer_url())
        else:
            status = 400
    position = invitation.queue_position()
    context = {
        "queue_position": position,
        "queue_rank": services.ordinal_fr(position),
        "seats_remaining": event.seats_remaining(),
        "invitation": invitation,
        "event": event,
        "form": form,
        "refusal": services.REFUSALS[refusal] if refusal else "",
        "statuses": InvitationStatus,
    }
    return render(request, "events/answer.html", context, status=status)


def _confirmation(status):
    return {
        InvitationStatus.ACCEPTED: _("Merci, votre inscription est enregistrée."),
        InvitationStatus.WAITING: _(
            "Vous êtes sur la liste d'attente : d'autres personnes attendaient avant vous ou "
            "les places libres ne suffisent pas pour votre groupe. Nous vous écrirons dès "
            "qu'une place se libère."
        ),
        InvitationStatus.DECLINED: _("C'est noté : vous ne viendrez pas. Merci d'avoir répondu."),
    }.get(status, _("Votre réponse est enregistrée."))
