import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def mfa_required(settings):
    settings.PORTAL_REQUIRE_MFA = True


def test_staff_without_second_factor_is_sent_to_enrol(client, staff, mfa_required):
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_with_totp_reaches_the_admin(client, staff, mfa_required):
    Authenticator.objects.create(user=staff, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_newcomers_are_not_asked_for_a_second_factor(client, newcomer, mfa_required):
    client.force_login(newcomer)
    assert client.get(reverse("home")).status_code == 200


def test_embedded_demo_leaves_mfa_off(client, staff, settings):
    settings.PORTAL_REQUIRE_MFA = False
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize("path", ["/espace-referent/", "/dossiers/1/livret.pdf"])
def test_referents_enrol_before_their_workspace_and_case_files(
    client, referent, mfa_required, path
):
    client.force_login(referent)
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
