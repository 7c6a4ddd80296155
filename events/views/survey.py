"""The satisfaction survey: the guest's page (no account, the invitation's token is the key)
and the coordinator's results per event (anonymous: no names)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from events import survey as surveys
from events.enums import InvitationStatus
from events.evening_forms import SurveyForm
from events.models import Invitation, SurveyAnswer
from events.views.answer import TOKEN_MAX_LENGTH
from events.views.office import _can_manage, get_event_for, office_view
from portal import ratelimit
from portal.decorators import personal_link
from portal.formatting import ngettext_fr as ngettext


def _invitation_for(token):
    if len(token) > TOKEN_MAX_LENGTH:
        return None
    return Invitation.objects.select_related("event", "event__desk").filter(token=token).first()


@personal_link
@never_cache
@require_http_methods(["GET", "POST"])
def survey(request, token):
    """Three questions after the event, for a guest who came; one answer, changeable until
    the survey closes."""
    invitation = _invitation_for(token)
    state = surveys.state(invitation) if invitation else "unavailable"
    if state == "unavailable":
        # An unknown link, a cancelled event, a guest who did not come: nothing of anyone.
        return render(request, "events/survey_invalid.html", status=404)
    event = invitation.event
    previous = SurveyAnswer.objects.filter(invitation=invitation).first()
    context = {"event": event, "invitation": invitation, "previous": previous}
    if state == "not_yet":
        return render(request, "events/survey_not_yet.html", context)
    if state == "closed":
        return render(request, "events/survey_closed.html", context, status=410)
    initial = (
        {
            "satisfaction": previous.satisfaction,
            "usefulness": previous.usefulness,
            "comment": previous.comment,
        }
        if previous
        else None
    )
    form = SurveyForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if not ratelimit.hit("survey", invitation.pk, 10, 600):
            return ratelimit.limited(request)
        if form.is_valid():
            surveys.save_answer(invitation=invitation, **form.cleaned_data)
            messages.success(
                request,
                _("Votre avis est modifié. Merci !")
                if previous
                else _("Merci, votre avis est enregistré."),
            )
            return redirect("events:survey", token=invitation.token)
        status = 400
    context |= {"form": form, "closes_at": surveys.closes_at(event)}
    return render(request, "events/survey.html", context, status=status)


@office_view
def survey_results(request, pk):
    """Per event: answers out of those present, the average and distribution of each
    score, the comments without names."""
    event = get_event_for(request.user, pk, manage=False)
    now = timezone.now()
    present = event.invitations.filter(status=InvitationStatus.ATTENDED).count()
    can_manage = _can_manage(request.user, event)
    context = {
        "event": event,
        "results": surveys.results(event),
        "comments": surveys.comments(event),
        "present": present,
        "can_manage": can_manage,
        "can_send": can_manage and surveys.can_send(event, now),
        "closes_at": surveys.closes_at(event),
        "is_closed": event.survey_sent_at is not None and now >= surveys.closes_at(event),
    }
    return render(request, "events/office/survey_results.html", context)


@office_view
@require_POST
def survey_send(request, pk):
    event = get_event_for(request.user, pk)
    mailed = surveys.send_survey(event.pk)
    if mailed is None:
        messages.error(
            request,
            _(
                "L'enquête ne peut partir que pour un évènement terminé, qui n'a pas été "
                "annulé et dont l'enquête n'est pas encore envoyée."
            ),
        )
    else:
        messages.success(
            request,
            ngettext(
                "Enquête envoyée à %(count)d personne présente.",
                "Enquête envoyée à %(count)d personnes présentes.",
                mailed,
            )
            % {"count": mailed},
        )
    return redirect("events:survey_results", pk=event.pk)
