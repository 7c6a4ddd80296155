"""The evening itself: the phone-sized check-in page, and people who come uninvited."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from events import evening, services
from events.enums import InvitationStatus
from events.evening_forms import WalkInForm
from events.views.office import get_event_for, office_view
from portal.pagination import paginate

CHECKIN_PAGE_SIZE = 30


def _query(data):
    return data.get("q", "").strip()[:100]


def _back_to_list(event, query, anchor=""):
    url = reverse("events:check_in", kwargs={"pk": event.pk})
    if query:
        url += "?" + urlencode({"q": query})
    return redirect(f"{url}#{anchor}" if anchor else url)


@office_view
@require_http_methods(["GET", "POST"])
def check_in(request, pk):
    """A phone-sized page: search by name, one tap to mark someone arrived, whatever they
    had answered; a short form for someone who comes without an invitation."""
    event = get_event_for(request.user, pk)
    query = _query(request.GET)
    form = WalkInForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            return _walk_in(request, event, form.cleaned_data)
        status = 400
    invitations = event.invitations.search(query).by_name()
    page, page_range = paginate(request, invitations, CHECKIN_PAGE_SIZE)
    context = {
        "event": event,
        "counts": evening.check_in_counts(event),
        "page_obj": page,
        "page_range": page_range,
        "invitations": page.object_list,
        "query": query,
        "querystring": urlencode({"q": query}) if query else "",
        "statuses": InvitationStatus,
        "walk_in_form": form,
    }
    return render(request, "events/office/check_in.html", context, status=status)


def _walk_in(request, event, data):
    result = evening.add_walk_in(event=event, by=request.user, **data)
    name = result.invitation.full_name
    if result.created:
        messages.success(request, _("%(name)s est ajouté·e et arrivé·e.") % {"name": name})
    elif result.already_here:
        messages.info(
            request,
            _("Cette adresse est celle de %(name)s, déjà invité·e et déjà arrivé·e.")
            % {"name": name},
        )
    else:
        messages.success(
            request,
            _(
                "Cette adresse est celle de %(name)s, déjà invité·e : son arrivée est "
                "enregistrée (personne n'a été ajouté)."
            )
            % {"name": name},
        )
    return _back_to_list(event, "", f"personne-{result.invitation.pk}")


@office_view
@require_POST
def check_in_toggle(request, pk, invitation_pk):
    event = get_event_for(request.user, pk)
    invitation = get_object_or_404(event.invitations, pk=invitation_pk)
    if request.POST.get("undo"):
        services.undo_check_in(invitation)
        messages.info(request, _("Arrivée annulée : %(name)s.") % {"name": invitation.full_name})
    else:
        services.check_in(invitation)
        messages.success(request, _("%(name)s est arrivé·e.") % {"name": invitation.full_name})
    return _back_to_list(event, _query(request.POST), f"personne-{invitation.pk}")
