import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from portal.models import OutgoingMail, User
from portal.roles import ANONYMOUS, SUPERUSER, Role, role_of
from tests.portal.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("account_signup")
LOGIN = reverse("account_login")


def signup(client, email="nouvelle@exemple.test", password="une-phrase-de-passe-longue"):
    return client.post(SIGNUP, {"email": email, "password1": password, "password2": password})


def test_signup_sends_the_confirmation_through_the_outbox_and_needs_it(client, mailoutbox):
    response = signup(client)

    assert response.status_code == 302
    user = User.objects.get(email="nouvelle@exemple.test")
    assert user.role == Role.NEWCOMER
    mail = OutgoingMail.objects.get(to="nouvelle@exemple.test")
    assert "Confirm" in mail.subject or "Confirmez" in mail.subject
    link = re.search(r"https?://\S+/comptes/confirm-email/\S+/", mail.body_text).group(0)
    # Not confirmed yet: signing in leads to the « check your e-mail » page, not in.
    client.logout()
    response = client.post(
        LOGIN, {"login": "nouvelle@exemple.test", "password": "une-phrase-de-passe-longue"}
    )
    assert response.status_code == 302
    assert "confirm-email" in response["Location"] or "verification" in response["Location"]
    assert "_auth_user_id" not in client.session

    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.post("/" + path)
    assert response.status_code == 302
    assert EmailAddress.objects.get(email="nouvelle@exemple.test").verified


def test_signup_refuses_short_and_common_passwords_in_french(client):
    response = signup(client, password="court123")
    assert response.status_code == 200
    assert "au minimum 12 caractères" in response.content.decode()

    response = signup(client, password="qwerty123456")
    assert "trop courant" in response.content.decode()
    assert not User.objects.exists()


def test_login_with_email_and_password(client, newcomer):
    response = client.post(LOGIN, {"login": newcomer.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(newcomer.pk)


def test_failed_logins_are_rate_limited_per_account(client, newcomer):
    for _ in range(5):
        client.post(LOGIN, {"login": newcomer.email, "password": "faux-mot-de-passe"})
    # Even the right password is refused while the limit holds.
    response = client.post(LOGIN, {"login": newcomer.email, "password": PASSWORD})
    assert "Trop de tentatives de connexion échouées" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logins_are_rate_limited_per_address(client, newcomer):
    statuses = [
        client.post(LOGIN, {"login": f"x{i}@exemple.test", "password": "faux"}).status_code
        for i in range(35)
    ]
    assert statuses[-1] == 429


def test_signup_is_rate_limited(client, settings):
    statuses = [signup(client, email=f"personne{i}@exemple.test").status_code for i in range(25)]
    assert statuses[-1] == 429


def test_password_reset_does_not_reveal_who_has_an_account(client, newcomer):
    url = reverse("account_reset_password")
    known = client.post(url, {"email": newcomer.email})
    unknown = client.post(url, {"email": "personne.inconnue@exemple.test"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert OutgoingMail.objects.filter(to=newcomer.email).count() == 1


def test_signup_with_a_taken_email_does_not_say_so(client, newcomer):
    response = signup(client, email=newcomer.email)
    assert response.status_code == 302
    assert User.objects.filter(email=newcomer.email).count() == 1
    # The owner of the address is told instead, by mail.
    assert OutgoingMail.objects.filter(to=newcomer.email).exists()


def test_role_of_answers_for_every_kind_of_user(
    client, newcomer, referent, staff, coordinator, superuser
):
    from django.contrib.auth.models import AnonymousUser

    assert role_of(AnonymousUser()) == ANONYMOUS
    assert role_of(newcomer) == Role.NEWCOMER
    assert role_of(referent) == Role.REFERENT
    assert role_of(staff) == Role.STAFF
    assert role_of(coordinator) == Role.COORDINATOR
    assert role_of(superuser) == SUPERUSER


def test_admin_access_follows_the_role(newcomer, referent, staff, coordinator):
    assert not newcomer.is_staff
    assert not referent.is_staff
    assert staff.is_staff and staff.has_module_perms("installations")
    assert coordinator.is_staff and coordinator.has_module_perms("events")
    assert not coordinator.has_module_perms("installations")
    assert not referent.has_perm("installations.view_case")


def test_admin_sends_to_the_site_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "next=%2Fadmin%2F" in response["Location"]


def test_admin_login_page_does_not_exist_for_a_signed_in_non_staff(client, newcomer):
    client.force_login(newcomer)
    assert client.get("/admin/login/?next=/admin/").status_code == 404


def test_staff_reach_the_admin_after_signing_in(client, staff):
    client.post(LOGIN, {"login": staff.email, "password": PASSWORD})
    assert client.get("/admin/").status_code == 200


def test_unverified_user_cannot_sign_in(client):
    user = UserFactory(verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    client.post(LOGIN, {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
