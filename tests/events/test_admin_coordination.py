"""The events admin points to the coordination space, and opens an event through the same
service as the coordination page."""

import pytest
from django.urls import reverse

from events.enums import EventStatus
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_the_change_page_and_the_list_lead_to_the_coordination_space(client, coordinator, event):
    client.force_login(coordinator)
    link = f'<a href="{reverse("events:office_event", args=[event.pk])}">'
    change = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert link + "Ouvrir dans l&#x27;espace coordination</a>" in change
    assert link in client.get(reverse("admin:events_event_changelist")).content.decode()


def test_the_add_page_leads_to_creating_it_in_the_coordination_space(client, coordinator, desk):
    client.force_login(coordinator)
    html = client.get(reverse("admin:events_event_add")).content.decode()
    assert f'<a href="{reverse("events:office_create")}">y créer l&#x27;évènement</a>' in html


def test_opening_drafts_from_the_admin_reaches_only_ones_own_events(
    client, coordinator, event, other_event
):
    event.status = other_event.status = EventStatus.DRAFT
    event.save()
    other_event.save()
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:events_event_changelist"),
        {"action": "publish", "_selected_action": [event.pk, other_event.pk]},
        follow=True,
    )
    assert "1 évènement ouvert" in response.content.decode()
    event.refresh_from_db()
    other_event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert other_event.status == EventStatus.DRAFT


def test_a_past_draft_is_not_opened_from_the_admin(client, coordinator, desk, figeac):
    past = EventFactory(desk=desk, commune=figeac, draft=True, past=True)
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:events_event_changelist"),
        {"action": "publish", "_selected_action": [past.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "1 évènement déjà passé reste une archive" in html
    past.refresh_from_db()
    assert past.status == EventStatus.DRAFT
