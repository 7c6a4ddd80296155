"""Building the guest list of an event (coordinator space)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from events import guestlist
from events.guest_forms import GuestFilterForm, TypedGuestsForm
from events.views.office import get_event_for, office_view

PREVIEW_LIMIT = 200


@office_view
def guests_build(request, pk):
    """Filters (GET) preview who would be invited; « Ajouter » (POST) adds them. Names typed
    in are added by a second form. Nobody is invited twice."""
    event = get_event_for(request.user, pk)
    filters = GuestFilterForm(request.GET or None, event=event)
    typed_form = TypedGuestsForm()
    criteria = filters.criteria() if request.GET else guestlist.Criteria()
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "filters":
            filters = GuestFilterForm(request.POST, event=event)
            criteria = filters.criteria()
            result = guestlist.add_guests(
                event, professionals=guestlist.candidates(event, criteria)
            )
            _report_added(request, result)
            return redirect("events:office_event", pk=event.pk)
        if action == "typed":
            typed_form = TypedGuestsForm(request.POST)
            if typed_form.is_valid():
                parsed = guestlist.parse_typed(typed_form.cleaned_data["names"])
                if parsed.errors:
                    for error in parsed.errors:
                        typed_form.add_error("names", error)
                else:
                    result = guestlist.add_guests(event, typed=parsed.guests)
                    _report_added(request, result)
                    return redirect("events:office_event", pk=event.pk)
    preview = guestlist.candidates(event, criteria)
    preview_page = list(preview[:PREVIEW_LIMIT]) if not criteria.empty else []
    context = {
        "event": event,
        "filters": filters,
        "typed_form": typed_form,
        "criteria": criteria,
        "preview": preview_page,
        "preview_count": preview.count() if not criteria.empty else 0,
        "new_count": preview.filter(already_invited=False).count() if not criteria.empty else 0,
        "preview_limit": PREVIEW_LIMIT,
    }
    return render(request, "events/office/guests_build.html", context)


def _report_added(request, result):
    text = ngettext(
        "%(count)d personne ajoutée à la liste.",
        "%(count)d personnes ajoutées à la liste.",
        result.added,
    ) % {"count": result.added}
    if result.skipped:
        text += " " + ngettext(
            "%(count)d déjà invitée, non ajoutée.",
            "%(count)d déjà invitées, non ajoutées.",
            result.skipped,
        ) % {"count": result.skipped}
    messages.success(request, text)
