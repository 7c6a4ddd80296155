"""Public calendar, archive, event page, calendar files and « Mes invitations »."""

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.enums import EventStatus
from events.models import Invitation
from tests.events.factories import EventFactory, InvitationFactory
from tests.events.utils import text

pytestmark = pytest.mark.django_db


def test_calendar_shows_published_upcoming_events_and_archives_past_ones(client, desk, figeac):
    upcoming = EventFactory(desk=desk, commune=figeac, title="Formation du jeudi")
    draft = EventFactory(desk=desk, commune=figeac, title="Brouillon secret", draft=True)
    hidden = EventFactory(desk=desk, commune=figeac, title="Réunion privée", is_published=False)
    past = EventFactory(
        desk=desk,
        commune=figeac,
        title="Soirée de l'an dernier",
        past=True,
        status=EventStatus.DONE,
    )
    page = text(client.get(reverse("events:calendar")))
    assert upcoming.title in page
    assert draft.title not in page and hidden.title not in page and past.title not in page
    archive = text(client.get(reverse("events:archive")))
    assert past.title in archive and upcoming.title not in archive


def test_calendar_empty_state(client, desk):
    assert "Aucun évènement annoncé" in text(client.get(reverse("events:calendar")))


def test_event_page_has_venue_organisers_and_how_to_take_part(client, event):
    page = text(client.get(event.get_absolute_url()))
    assert event.venue_name in page and event.commune.name in page and event.desk.name in page
    assert "Comment participer" in page and "evenement.ics" in page


def test_drafts_are_404_for_the_public_and_visible_to_their_desk(
    client, desk, figeac, coordinator, other_staff
):
    draft = EventFactory(desk=desk, commune=figeac, draft=True)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(other_staff)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(coordinator)
    assert "Brouillon" in text(client.get(draft.get_absolute_url()))


def test_ics_file_and_public_feed(client, event, desk, figeac):
    cancelled = EventFactory(
        desk=desk, commune=figeac, status=EventStatus.CANCELLED, title="Annulée"
    )
    EventFactory(desk=desk, commune=figeac, draft=True, title="Brouillon")
    response = client.get(reverse("events:event_ics", kwargs={"pk": event.pk}))
    assert response["Content-Type"].startswith("text/calendar")
    entry = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(entry["summary"]) == event.title
    assert entry.decoded("dtstart") == event.starts_at.replace(microsecond=0)
    assert entry["dtstart"].params["TZID"] == "Europe/Paris"
    assert b"BEGIN:VTIMEZONE" in response.content
    assert event.venue_name in str(entry["location"])
    feed = Calendar.from_ical(client.get(reverse("events:feed")).content)
    entries = {str(item["summary"]): item for item in feed.walk("VEVENT")}
    assert set(entries) == {event.title, cancelled.title}
    assert str(entries["Annulée"]["status"]) == "CANCELLED"


def test_my_invitations_for_a_signed_in_newcomer(newcomer, other_newcomer, event, desk, figeac):
    mine = InvitationFactory(event=event, user=newcomer, email="")
    by_address = InvitationFactory(
        event=EventFactory(desk=desk, commune=figeac, title="Par adresse"),
        email=newcomer.email.upper(),
    )
    InvitationFactory(event=EventFactory(desk=desk, commune=figeac, draft=True), user=newcomer)
    InvitationFactory(event=event, user=other_newcomer)
    InvitationFactory(event=EventFactory(desk=desk, commune=figeac), user=newcomer, sent_at=None)
    invitations = Invitation.objects.for_user(newcomer)
    assert set(invitations) == {mine, by_address}
    html = render_to_string("events/_my_invitations.html", {"invitations": invitations})
    assert mine.get_answer_url() in html and "Par adresse" in html
    empty = render_to_string("events/_my_invitations.html", {"invitations": []})
    assert "pas encore reçu d" in empty


def test_nav_links_to_the_calendar(client, desk):
    assert reverse("events:calendar") in client.get("/").content.decode()


def test_calendar_pagination_is_bounded(client, desk, figeac, django_assert_max_num_queries):
    for index in range(25):
        EventFactory(
            desk=desk, commune=figeac, starts_at=timezone.now() + timedelta(days=index + 1)
        )
    with django_assert_max_num_queries(10):  # with the desk cache cold
        response = client.get(reverse("events:calendar"))
    pager = text(response)
    assert '<a href="?page=1" aria-current="page">1</a>' in pager and 'href="?page=2"' in pager
    assert client.get(reverse("events:calendar"), {"page": 99}).status_code == 200


def test_a_past_event_is_only_in_the_archive_with_nothing_to_answer(client, desk, figeac):
    past = EventFactory(desk=desk, commune=figeac, past=True, status=EventStatus.DONE)
    page = text(client.get(past.get_absolute_url()))
    assert "Cet évènement a eu lieu : il n'est plus possible d'y répondre." in page
    assert "Comment participer" not in page and "evenement.ics" not in page
    assert reverse("events:archive") in page
    assert past.title not in text(client.get(reverse("events:calendar")))
    assert past.title in text(client.get(reverse("events:archive")))


def test_an_event_under_way_takes_no_more_answers(client, desk, figeac):
    started = EventFactory(
        desk=desk,
        commune=figeac,
        starts_at=timezone.now() - timedelta(hours=1),
    )
    page = text(client.get(started.get_absolute_url()))
    assert "Cet évènement a commencé : il n'est plus possible d'y répondre." in page
    assert "Comment participer" not in page
