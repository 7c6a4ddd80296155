import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from events.models import CoHost
from tests.events.factories import EventFactory, InvitationFactory
from tests.territories.factories import CommuneFactory

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


# --- Communes searched, invitations filtered by event, co-hosts with checked logos ----------
def _change(client, event):
    return client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()


def _commune_select(html):
    return re.search(r'<select name="commune".*?</select>', html, re.S).group(0)


def test_staff_search_the_commune_instead_of_a_select_of_every_commune(client, staff, event, auch):
    CommuneFactory.create_batch(30)
    client.force_login(staff)
    select = _commune_select(_change(client, event))
    assert "admin-autocomplete" in select
    assert select.count("<option") <= 2  # the chosen commune only, the rest is searched
    found = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "events", "model_name": "event", "field_name": "commune", "term": "Fig"},
    ).json()
    assert [row["text"] for row in found["results"]] == ["Figeac (46)"]


def test_a_coordinator_chooses_among_their_desks_communes(client, coordinator, event, auch):
    CommuneFactory(name="Souillac", department=event.commune.department)
    client.force_login(coordinator)
    select = _commune_select(_change(client, event))
    assert "admin-autocomplete" not in select
    assert ">Figeac (46)<" in select and ">Souillac (46)<" in select and "Auch" not in select


def test_invitations_filter_by_the_desks_own_events(client, staff, event, other_event):
    InvitationFactory(event=event, last_name="Dulot")
    InvitationFactory(event=EventFactory(desk=event.desk, title="Accueil des internes"))
    InvitationFactory(event=other_event, last_name="Dugers")
    client.force_login(staff)
    url = reverse("admin:events_invitation_changelist")
    html = client.get(url).content.decode()
    assert f"?event__id__exact={event.pk}" in html and "Accueil des internes" in html
    assert "Soirée du Gers" not in html and f"event__id__exact={other_event.pk}" not in html
    filtered = client.get(url, {"event__id__exact": event.pk}).content.decode()
    assert "Dulot" in filtered and "Accueil des internes" in filtered  # the filter's choice
    assert filtered.count('class="field-last_name"') == 1


def _png(size=(200, 80)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "#2a7f62").save(buffer, format="PNG")
    return buffer.getvalue()


def _add_co_host(client, desk, logo):
    return client.post(
        reverse("admin:events_cohost_add"),
        {
            "desk": desk.pk,
            "name": "CPTS Nord du Lot",
            "logo": logo,
            "signatory_name": "Dr Hélène Vayssié",
            "signatory_title": "Présidente",
        },
        follow=True,
    )


def test_a_co_host_logo_is_checked_and_stored_as_png(client, coordinator, desk, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(coordinator)
    jpeg = io.BytesIO()
    Image.new("RGB", (200, 80), "#c8512a").save(jpeg, format="JPEG")
    _add_co_host(client, desk, SimpleUploadedFile("logo.jpg", jpeg.getvalue()))
    co_host = CoHost.objects.get()
    assert co_host.desk == desk and co_host.logo.name.endswith(".png")
    with co_host.logo.open("rb") as stored:
        assert Image.open(stored).format == "PNG"


def test_a_file_that_is_no_image_is_refused_in_french(client, coordinator, desk):
    client.force_login(coordinator)
    fake = SimpleUploadedFile("logo.png", b"<?php echo 'bonjour'; ?>", content_type="image/png")
    html = _add_co_host(client, desk, fake).content.decode()
    assert "Ce fichier n&#x27;est pas une image PNG, JPEG ou WebP lisible." in html
    big = SimpleUploadedFile("logo.png", _png((2100, 50)))
    html = _add_co_host(client, desk, big).content.decode()
    assert "L&#x27;image mesure 2100 × 50 pixels : 2000 × 2000 au plus." in html
    assert not CoHost.objects.exists()


def test_co_hosts_are_scoped_to_the_desk(client, coordinator, desk, other_desk):
    mine = CoHost.objects.create(desk=desk, name="CPTS Nord du Lot")
    theirs = CoHost.objects.create(desk=other_desk, name="CPTS du Gers")
    client.force_login(coordinator)
    html = client.get(reverse("admin:events_cohost_changelist")).content.decode()
    assert "CPTS Nord du Lot" in html and "CPTS du Gers" not in html
    assert client.get(reverse("admin:events_cohost_change", args=[mine.pk])).status_code == 200
    response = client.get(reverse("admin:events_cohost_change", args=[theirs.pk]))
    assert response.status_code in (302, 404)
    add = client.get(reverse("admin:events_cohost_add")).content.decode()
    assert "Guichet santé du Lot" in add and "Guichet santé du Gers" not in add
