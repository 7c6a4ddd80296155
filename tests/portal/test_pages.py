import pytest
from django.test import Client, override_settings
from django.urls import path, reverse

from portal.urls import urlpatterns as portal_urlpatterns

pytestmark = pytest.mark.django_db


def test_home_says_what_the_service_does_in_french(client, desk):
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert "Déposer ma demande" in html
    assert 'href="#contenu"' in html  # skip link
    assert desk.name in html and desk.phone in html


def test_home_without_any_desk_still_works(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Installation santé" in response.content.decode()


@pytest.mark.parametrize("name", ["legal", "privacy", "accessibility"])
def test_footer_pages(client, desk, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert desk.email in response.content.decode()


def test_privacy_notice_says_who_what_why_how_long_and_rights(client, desk):
    html = client.get(reverse("privacy")).content.decode()
    for words in ["responsable du traitement", "Combien de temps", "Vos droits", "CNIL"]:
        assert words in html


def test_unknown_page_is_a_french_404(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def _boom(request):
    raise RuntimeError("mot de passe=hunter2 dans une exception")


urlpatterns = [*portal_urlpatterns, path("boom/", _boom)]
handler500 = "portal.views.server_error"


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_server_error_is_a_french_page_with_a_request_id_and_no_trace(caplog):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Une erreur est survenue" in html
    assert response["X-Request-ID"] in html
    assert "Traceback" not in html and "RuntimeError" not in html


def test_every_html_response_has_a_strict_csp(client):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_csp_on_allauth_and_admin_pages(client):
    for url in [reverse("account_login"), reverse("account_signup")]:
        response = client.get(url)
        assert response.status_code == 200
        assert "script-src 'self'" in response["Content-Security-Policy"]
