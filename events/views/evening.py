"""The evening itself: the phone-sized check-in page."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import services
from events.enums import InvitationStatus
from events.views.office import get_event_for, office_view
from portal.pagination import paginate

CHECKIN_PAGE_SIZE = 30


@office_view
def check_in(request, pk):
    """A phone-sized page: search by name, one tap to mark someone arrived."""
    event = get_event_for(request.user, pk)
    query = request.GET.get("q", "").strip()[:100]
    invitations = (
        event.invitations.exclude(status=InvitationStatus.DECLINED).search(query).by_name()
    )
    page, page_range = paginate(request, invitations, CHECKIN_PAGE_SIZE)
    context = {
        "event": event,
        "counts": event.invitations.counts(),
        "page_obj": page,
        "page_range": page_range,
        "invitations": page.object_list,
        "query": query,
        "querystring": urlencode({"q": query}) if query else "",
        "statuses": InvitationStatus,
    }
    return render(request, "events/office/check_in.html", context)


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
    url = reverse("events:check_in", kwargs={"pk": event.pk})
    query = request.POST.get("q", "").strip()[:100]
    if query:
        url += "?" + urlencode({"q": query})
    return redirect(f"{url}#personne-{invitation.pk}")
