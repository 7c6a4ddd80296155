import pytest
from django.urls import reverse

from tests.events.factories import InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name", ["events_event", "events_invitation", "events_guestmessage", "events_printjob"]
)
def test_admin_lists_open_for_staff_and_only_show_their_desk(
    client, staff, event, other_event, name
):
    InvitationFactory(event=event, last_name="Dulot")
    InvitationFactory(event=other_event, last_name="Dugers")
    client.force_login(staff)
    response = client.get(reverse(f"admin:{name}_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dugers" not in html and "Soirée du Gers" not in html
    if name == "events_invitation":
        assert "Dulot" in html


def test_staff_cannot_open_another_desks_invitation_in_admin(client, staff, other_event):
    invitation = InvitationFactory(event=other_event)
    client.force_login(staff)
    response = client.get(reverse("admin:events_invitation_change", args=[invitation.pk]))
    assert response.status_code in (302, 404)
