"""Building the guest list of an event (coordinator space): criteria with a preview to tick,
names typed in, a partner's CSV, and taking a guest off the list."""

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from events import guestlist
from events.guest_forms import (
    GuestCsvConfirmForm,
    GuestCsvForm,
    GuestFilterForm,
    TypedGuestsForm,
    sign_rows,
)
from events.views.office import get_event_for, office_view
from portal.csv import CsvReadError, read_csv
from portal.formatting import count_fr, plural

PREVIEW_LIMIT = 200
CSV_PREVIEW_LIMIT = 200
CSV_ERRORS_SHOWN = 50


@office_view
def guests_build(request, pk):
    """Criteria (GET) show who matches, each with a tick, pre-ticked when not yet invited;
    « Ajouter les personnes cochées » (POST) adds the ticked ones that match. Names typed
    in, and the rows of a CSV (previewed, then confirmed), are added by their own forms.
    Nobody is invited twice."""
    event = get_event_for(request.user, pk)
    filters = GuestFilterForm(request.GET or None, event=event)
    criteria = filters.criteria() if request.GET else guestlist.Criteria()
    typed_form = TypedGuestsForm()
    csv_form = GuestCsvForm(prefix="csv")
    csv_preview = None
    csv_errors = []
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "add":
            return _add_ticked(request, event, criteria)
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
        if action == "csv":
            csv_form = GuestCsvForm(request.POST, request.FILES, prefix="csv")
            csv_preview = _read_upload(csv_form, event)
        if action == "csv_confirm":
            confirm = GuestCsvConfirmForm(request.POST, prefix="csv", event=event)
            if confirm.is_valid():
                guests = guestlist.guests_from_data(confirm.cleaned_data["rows"])
                result = guestlist.add_guests(event, typed=guests)
                _report_added(request, result)
                return redirect("events:office_event", pk=event.pk)
            csv_errors = confirm.errors.get("rows", [])
    context = {
        "event": event,
        "filters": filters,
        "typed_form": typed_form,
        "csv_form": csv_form,
        "csv_preview": csv_preview,
        "csv_errors": csv_errors,
        "criteria": criteria,
        "preview_limit": PREVIEW_LIMIT,
        **_preview(event, criteria),
    }
    return render(request, "events/office/guests_build.html", context)


def _preview(event, criteria) -> dict:
    """The people found (the first ``PREVIEW_LIMIT``) and the counts, in two queries (and
    one for their structures)."""
    if criteria.empty:
        return {"preview": [], "found_count": 0, "already_count": 0, "truncated": False}
    found = guestlist.candidates(event, criteria)
    counts = found.aggregate(total=Count("pk"), already=Count("pk", filter=Q(already_invited=True)))
    return {
        "preview": list(found[:PREVIEW_LIMIT]),
        "found_count": counts["total"],
        "already_count": counts["already"],
        "truncated": counts["total"] > PREVIEW_LIMIT,
    }


def _ticked_ids(request) -> list[int]:
    """The ticked ids that are ids at all (anything else is ignored)."""
    ids = []
    for value in request.POST.getlist("selected")[: PREVIEW_LIMIT * 2]:
        value = value.strip()
        if value.isascii() and value.isdigit() and len(value) < 19:
            ids.append(int(value))
    return ids


def _add_ticked(request, event, criteria):
    back = reverse("events:guests", kwargs={"pk": event.pk})
    if request.GET:
        back += "?" + request.GET.urlencode()
    ids = _ticked_ids(request)
    if criteria.empty or not ids:
        messages.error(request, _("Cochez au moins une personne à ajouter."))
        return redirect(back)
    # Only people the criteria find: a tampered or stale id adds nobody.
    ticked = guestlist.candidates(event, criteria).filter(pk__in=ids)
    result = guestlist.add_guests(event, professionals=ticked)
    _report_added(request, result)
    return redirect("events:office_event", pk=event.pk)


def _read_upload(form, event):
    """Read the uploaded file: the guests of its good lines (signed, for the confirmation)
    and a message per bad line; ``None`` (with the form's error) when unreadable."""
    if not form.is_valid():
        return None
    try:
        header, rows = read_csv(form.cleaned_data["file"].read(), max_rows=guestlist.CSV_MAX_ROWS)
    except CsvReadError as error:
        form.add_error("file", str(error))
        return None
    parsed = guestlist.read_guest_csv(header, rows)
    if not parsed.columns or "last_name" not in parsed.columns.values():
        for error in parsed.errors:
            form.add_error("file", error)
        return None
    data = guestlist.guests_to_data(parsed.guests)
    return {
        "guests": parsed.guests[:CSV_PREVIEW_LIMIT],
        "count": len(parsed.guests),
        "lines": parsed.lines,
        "truncated": len(parsed.guests) > CSV_PREVIEW_LIMIT,
        "errors": parsed.errors[:CSV_ERRORS_SHOWN],
        "error_count": len(parsed.errors),
        "columns": parsed.columns,
        "confirm": GuestCsvConfirmForm(
            initial={"rows": sign_rows(event, data)}, prefix="csv", event=event
        ),
    }


@office_view
def guest_remove(request, pk, invitation_pk):
    """Confirm (GET), then take the guest off the list (POST)."""
    event = get_event_for(request.user, pk)
    invitation = get_object_or_404(event.invitations, pk=invitation_pk)
    invitation.event = event
    if request.method == "POST":
        result = guestlist.remove_guest(invitation, by=request.user)
        text = _("%(name)s a été retiré·e de la liste des invités.") % {
            "name": invitation.full_name
        }
        if result.mailed:
            text += " " + _("Un e-mail l'en a prévenu·e.")
        if result.promoted:
            count = len(result.promoted)
            text += " " + (
                _("%(people)s de la liste d'attente %(verb)s une place.")
                % {
                    "people": count_fr(count, _("personne"), _("personnes")),
                    "verb": plural(count, _("a obtenu"), _("ont obtenu")),
                }
            )
        messages.success(request, text)
        return redirect("events:office_event", pk=event.pk)
    will_mail = guestlist.removal_mail_due(invitation)
    return render(
        request,
        "events/office/guest_remove.html",
        {"event": event, "invitation": invitation, "will_mail": will_mail},
    )


def _report_added(request, result):
    text = _("%(added)s à la liste.") % {
        "added": count_fr(result.added, _("personne ajoutée"), _("personnes ajoutées"))
    }
    if result.skipped:
        text += " " + _("%(skipped)s, non %(added)s.") % {
            "skipped": count_fr(result.skipped, _("déjà invitée"), _("déjà invitées")),
            "added": plural(result.skipped, _("ajoutée"), _("ajoutées")),
        }
    messages.success(request, text)
