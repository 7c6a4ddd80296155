"""iCalendar files: one per event, and the public feed."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as IcsEvent

from events.enums import EventStatus

PRODID = "-//Installation santé//Évènements//FR"


def _host():
    return settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "installation-sante"


def _location(event):
    parts = [event.venue_name, event.address, event.commune.name]
    return ", ".join(part for part in parts if part)


def _paris(moment):
    return timezone.localtime(moment).replace(microsecond=0)


def calendar_for(events) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Évènements — Installation santé")
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        entry = IcsEvent()
        entry.add("uid", f"evenement-{event.pk}@{_host()}")
        entry.add("dtstamp", timezone.now())
        entry.add("dtstart", _paris(event.starts_at))
        entry.add("dtend", _paris(event.ends_at))
        entry.add("summary", event.title)
        entry.add("location", _location(event))
        entry.add("description", event.description)
        entry.add("url", settings.SITE_URL + reverse("events:event", kwargs={"pk": event.pk}))
        entry.add("organizer", f"mailto:{event.desk.email}", parameters={"cn": event.desk.name})
        entry.add("last-modified", event.updated_at)
        entry.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    return calendar.to_ical()
