"""Failed sign-ins are counted per account and address together; behind the TLS proxy the
address is the client's, read from X-Forwarded-For with the configured proxy count."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from portal import ratelimit
from tests.portal.factories import PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")
LOCKED = "Trop de tentatives de connexion échouées"


def sign_in(client, email, password, **meta):
    return client.post(LOGIN, {"login": email, "password": password}, **meta)


def test_a_strangers_failures_elsewhere_do_not_lock_the_owner_out(client, newcomer):
    for _ in range(6):
        response = sign_in(client, newcomer.email, "faux-mot-de-passe", REMOTE_ADDR="203.0.113.9")
    assert LOCKED in response.content.decode()  # the stranger is stopped…

    response = sign_in(client, newcomer.email, PASSWORD, REMOTE_ADDR="198.51.100.7")
    assert response.status_code == 302  # …the owner, from home, signs in
    assert client.session["_auth_user_id"] == str(newcomer.pk)


def test_behind_the_proxy_each_client_keeps_its_own_attempts(client, newcomer, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    for _ in range(6):
        response = sign_in(
            client, newcomer.email, "faux", HTTP_X_FORWARDED_FOR="203.0.113.9", **proxy
        )
    assert LOCKED in response.content.decode()

    response = sign_in(
        client, newcomer.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(newcomer.pk)


def test_our_own_limits_read_the_same_proxy_count(settings):
    request = RequestFactory().post(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="192.0.2.1, 203.0.113.9"
    )
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert ratelimit.client_ip(request) == "10.0.0.2"
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert ratelimit.client_ip(request) == "203.0.113.9"


def test_the_proxy_count_comes_from_the_environment():
    from tests.portal.test_settings import manage

    shown = manage(
        "shell",
        "-c",
        "from django.conf import settings;"
        "print(settings.PORTAL_TRUSTED_PROXIES, settings.ALLAUTH_TRUSTED_PROXY_COUNT)",
        PORTAL_TRUSTED_PROXIES="1",
    )
    assert shown.stdout.splitlines()[-1].split() == ["1", "1"], shown.stderr

    refused = manage("check", PORTAL_TRUSTED_PROXIES="-1")
    assert refused.returncode != 0
    assert "PORTAL_TRUSTED_PROXIES doit être un entier positif ou nul" in refused.stderr
