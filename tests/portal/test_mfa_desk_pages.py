"""With the second factor required (production), a desk member signed in with a password alone
reaches none of the pages that show a desk's non-public data, wherever they live."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from events.enums import EventStatus
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mfa_required(settings):
    settings.PORTAL_REQUIRE_MFA = True


@pytest.fixture
def desk_private_pages(desk):
    draft = EventFactory(
        desk=desk, status=EventStatus.DRAFT, is_published=False, title="Soirée en préparation"
    )
    return {
        "exact observatory CSV": reverse("reporting:observatory_csv", args=[desk.slug]),
        "draft event page": reverse("events:event", args=[draft.pk]),
    }


@pytest.mark.parametrize("page", ["exact observatory CSV", "draft event page"])
@pytest.mark.parametrize("person", ["staff", "coordinator"])
def test_desk_members_enrol_before_the_desks_private_pages(
    client, request, mfa_required, desk_private_pages, page, person
):
    client.force_login(request.getfixturevalue(person))
    response = client.get(desk_private_pages[page])
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("page", ["exact observatory CSV", "draft event page"])
def test_with_a_second_factor_they_reach_them(
    client, staff, mfa_required, desk_private_pages, page
):
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(staff)
    response = client.get(desk_private_pages[page])
    assert response.status_code == 200
    if page == "draft event page":
        assert "Soirée en préparation" in response.content.decode()


def test_the_enrolment_page_itself_stays_reachable(client, staff, mfa_required):
    client.force_login(staff)
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.status_code == 200  # allauth may ask for the password again first
    assert all(url.startswith("/comptes/") for url, _status in response.redirect_chain)


def test_anonymous_visitors_still_get_the_public_observatory(client, desk, mfa_required):
    response = client.get(reverse("reporting:observatory_csv", args=[desk.slug]))
    assert response.status_code == 200
