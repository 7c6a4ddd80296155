"""Public pages: the calendar of published events (past ones archived), an event's page,
and calendar files (one per event, and a feed of every published event)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import cache_control

from events import ical
from events.models import Event
from portal.pagination import paginate


def _public_list(request, queryset, template):
    page, page_range = paginate(request, queryset.select_related("commune", "desk"))
    return render(
        request,
        template,
        {"page_obj": page, "page_range": page_range, "events": page.object_list},
    )


def calendar(request):
    upcoming = Event.objects.public().upcoming().order_by("starts_at", "pk")
    return _public_list(request, upcoming, "events/calendar.html")


def archive(request):
    past = Event.objects.public().past().order_by("-starts_at", "-pk")
    return _public_list(request, past, "events/archive.html")


def event_detail(request, pk):
    event = get_object_or_404(
        Event.objects.public_for(request.user).select_related("commune", "desk"), pk=pk
    )
    now = timezone.now()
    context = {
        "event": event,
        "structures": event.partner_structures.published(),
        "epcis": event.partner_epcis.all(),
        "is_past": event.is_past(now),
        # Once begun, nothing is left to answer (the answer links close too).
        "has_started": event.starts_at <= now,
        "now": now,
    }
    return render(request, "events/event_detail.html", context)


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def event_ics(request, pk):
    event = get_object_or_404(
        Event.objects.public_for(request.user).select_related("commune", "desk"), pk=pk
    )
    return _calendar_response(ical.calendar_for([event]), f"evenement-{event.pk}.ics")


@cache_control(max_age=900, public=True)
def feed(request):
    events = (
        Event.objects.public()
        .filter(ends_at__gte=timezone.now() - timezone.timedelta(days=365))
        .select_related("commune", "desk")
        .order_by("starts_at")[:500]
    )
    response = HttpResponse(ical.calendar_for(events), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="evenements.ics"'
    return response
