"""Who reaches which event: one scope (``Event.objects.manageable_by``), 404 otherwise."""

import pytest
from django.urls import reverse

from events.models import Event
from tests.events.factories import InvitationFactory

pytestmark = pytest.mark.django_db

MANAGE_URLS = [
    ("events:office_edit", {}),
    ("events:office_cancel", {}),
    ("events:guests", {}),
    ("events:write", {}),
    ("events:check_in", {}),
    ("events:documents", {}),
]
READ_URLS = [("events:office_event", {}), ("events:csv", {})]


def _url(name, event):
    return reverse(name, kwargs={"pk": event.pk})


@pytest.mark.parametrize(
    "persona, own, others",
    [
        ("coordinator", 200, 404),
        ("staff", 200, 404),
        ("superuser", 200, 200),
        ("other_staff", 404, 200),
        ("referent", 404, 404),
        ("newcomer", 404, 404),
    ],
)
def test_manage_pages_by_role(client, request, event, other_event, persona, own, others):
    client.force_login(request.getfixturevalue(persona))
    for name, _ in MANAGE_URLS:
        assert client.get(_url(name, event)).status_code == own, name
        assert client.get(_url(name, other_event)).status_code == others, name


@pytest.mark.parametrize(
    "persona, own, others",
    [
        ("coordinator", 200, 404),
        ("referent", 200, 404),
        ("superuser", 200, 200),
        ("other_staff", 404, 200),
        ("newcomer", 404, 404),
    ],
)
def test_guest_list_is_readable_by_the_desk_referents(
    client, request, event, other_event, persona, own, others
):
    client.force_login(request.getfixturevalue(persona))
    for name, _ in READ_URLS:
        assert client.get(_url(name, event)).status_code == own, name
        assert client.get(_url(name, other_event)).status_code == others, name


def test_referents_see_but_do_not_manage(client, referent, event):
    client.force_login(referent)
    html = client.get(_url("events:office_event", event)).content.decode()
    assert "Ajouter des invités" not in html
    assert client.post(reverse("events:office_publish", kwargs={"pk": event.pk})).status_code == 404


def test_anonymous_is_sent_to_sign_in(client, event):
    response = client.get(reverse("events:office"))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_posts_on_another_desks_event_change_nothing(client, coordinator, other_event):
    invitation = InvitationFactory(event=other_event)
    client.force_login(coordinator)
    url = reverse(
        "events:check_in_toggle", kwargs={"pk": other_event.pk, "invitation_pk": invitation.pk}
    )
    assert client.post(url).status_code == 404
    assert (
        client.post(_url("events:office_cancel", other_event), {"reason": "x"}).status_code == 404
    )
    other_event.refresh_from_db()
    assert other_event.status == "published"


def test_an_invitation_of_another_event_is_not_reachable_through_mine(
    client, coordinator, event, other_event
):
    invitation = InvitationFactory(event=other_event)
    client.force_login(coordinator)
    url = reverse("events:check_in_toggle", kwargs={"pk": event.pk, "invitation_pk": invitation.pk})
    assert client.post(url).status_code == 404


def test_scopes(coordinator, referent, other_staff, newcomer, superuser, event, other_event):
    assert list(Event.objects.manageable_by(coordinator)) == [event]
    assert list(Event.objects.manageable_by(referent)) == []
    assert list(Event.objects.visible_to(referent)) == [event]
    assert list(Event.objects.manageable_by(other_staff)) == [other_event]
    assert list(Event.objects.manageable_by(newcomer)) == []
    assert set(Event.objects.manageable_by(superuser)) == {event, other_event}


def test_admin_lists_only_the_desks_events(client, coordinator, event, other_event):
    client.force_login(coordinator)
    html = client.get(reverse("admin:events_event_changelist")).content.decode()
    assert event.title.replace("'", "&#x27;") in html and other_event.title not in html
    other = reverse("admin:events_event_change", args=[other_event.pk])
    assert client.get(other).status_code in (302, 404)
