import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import NoReverseMatch, reverse

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


# --- Each role lands where its work is (portal.wayfinding) ----------------------------------
def desk_space():
    """The desk dashboard while it is being built elsewhere; the admin until it resolves."""
    try:
        return reverse("installations:dashboard")
    except NoReverseMatch:
        return reverse("admin:index")


@pytest.mark.parametrize(
    "persona, landing",
    [
        ("newcomer", lambda: reverse("installations:my_case")),
        ("referent", lambda: reverse("installations:workspace")),
        ("staff", desk_space),
        ("superuser", desk_space),
        ("coordinator", lambda: reverse("events:office")),
    ],
)
def test_each_role_lands_on_its_work_after_signing_in(client, request, persona, landing):
    user = request.getfixturevalue(persona)
    response = client.post(LOGIN, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == landing()
    assert client.get(response["Location"]).status_code in {200, 302}


def test_a_newcomer_without_a_case_lands_on_the_request_form(client, newcomer):
    response = client.post(LOGIN, {"login": newcomer.email, "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("installations:request_start")
    assert "Déposer ma demande d'installation" in response.content.decode()


def test_a_local_next_still_wins_and_another_site_never_does(client, referent):
    directory = reverse("structures:directory")
    response = client.post(
        f"{LOGIN}?next={directory}", {"login": referent.email, "password": PASSWORD}
    )
    assert response["Location"] == directory
    client.logout()
    for elsewhere in ("https://ailleurs.example/", "//ailleurs.example/"):
        response = client.post(
            LOGIN, {"login": referent.email, "password": PASSWORD, "next": elsewhere}
        )
        assert response["Location"] == reverse("installations:workspace")
        client.logout()


def test_the_first_sign_in_after_confirming_the_email_leads_to_the_request(client):
    signup(client)
    mail = OutgoingMail.objects.get(to="nouvelle@exemple.test")
    link = re.search(r"https?://\S+/comptes/confirm-email/\S+/", mail.body_text).group(0)
    response = client.post("/" + link.split("://", 1)[1].split("/", 1)[1], follow=True)
    assert client.session["_auth_user_id"] == str(User.objects.get().pk)
    assert response.redirect_chain[-1][0] == reverse("installations:request_start")


# --- The home page's main action, and each role's space in the navigation ------------------
def main_action(html):
    return re.search(r'<a class="button button-primary" href="([^"]+)">([^<]+)</a>', html).groups()


@pytest.mark.parametrize(
    "persona, href, label, nav_entry",
    [
        ("newcomer", "/mon-dossier/", "Déposer ou suivre ma demande", "Mon dossier"),
        ("referent", "/espace-referent/", "Aller à « Mes dossiers »", "Mes dossiers"),
        (
            "coordinator",
            "/coordination/evenements/",
            "Aller à « Mes évènements »",
            "Mes évènements",
        ),
    ],
)
def test_the_home_page_leads_each_role_to_its_work(
    client, request, persona, href, label, nav_entry
):
    client.force_login(request.getfixturevalue(persona))
    html = client.get("/").content.decode()
    assert main_action(html) == (href, label)
    assert f'<a href="{href}">{nav_entry}</a>' in html


def test_the_home_page_leads_staff_to_their_desk(client, staff):
    client.force_login(staff)
    html = client.get("/").content.decode()
    assert main_action(html)[0] == desk_space()
    assert f'<a href="{reverse("reporting:report")}">Bilan</a>' in html
    try:
        dashboard = reverse("installations:dashboard")
    except NoReverseMatch:
        return
    assert f'<a href="{dashboard}">Tableau de bord</a>' in html


def test_a_visitor_is_asked_to_sign_up_and_finds_the_observatory(client, desk):
    html = client.get("/").content.decode()
    assert main_action(html) == (reverse("account_signup"), "Déposer ma demande")
    observatory = reverse("reporting:observatory")
    assert f'<a href="{observatory}">Observatoire</a>' in html  # main navigation
    assert f'<a href="{observatory}">L\'observatoire de la démographie médicale</a>' in html


# --- « Mon compte » ------------------------------------------------------------------------
@pytest.mark.ignore_template_errors  # allauth's own field template reads optional attributes
@pytest.mark.parametrize(
    "url_name", ["account_email", "account_change_password", "mfa_index", "privacy:my_data"]
)
def test_the_account_pages_share_their_navigation_and_a_way_home(client, newcomer, url_name):
    client.force_login(newcomer)
    html = client.get(reverse(url_name)).content.decode()
    assert f'<a href="{reverse("account_email")}">Mon compte' in html  # header account menu
    assert '<p class="breadcrumb"><a href="/">Accueil</a>' in html
    for name, label in [
        ("account_email", "Adresse e-mail"),
        ("account_change_password", "Mot de passe"),
        ("mfa_index", "Double authentification"),
        ("privacy:my_data", "Mes données"),
    ]:
        current = ' aria-current="page"' if name == url_name else ""
        assert f'<a href="{reverse(name)}"{current}>{label}</a>' in html, label
