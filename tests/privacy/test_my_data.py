"""« Mes données »: the export (JSON and printable page) holds all about me and nothing about
anyone else; deleting my account withdraws my open cases, then anonymises what the desk keeps."""

import json

import pytest
from django.urls import reverse

from ambassadors.models import Ambassador
from events.models import Invitation
from installations.enums import EventKind
from installations.models import Case, CaseEvent
from portal.mail import queue_mail
from portal.models import OutgoingMail, User
from privacy.anonymise import PLACEHOLDER_EMAIL
from tests.ambassadors.factories import AmbassadorFactory
from tests.events.factories import InvitationFactory
from tests.hotline.factories import HotlineRecordFactory
from tests.installations.factories import CaseFactory
from tests.portal.factories import PASSWORD
from tests.students.factories import HousingRequestFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def my_world(newcomer, other_newcomer, desk, gp, figeac, referent):
    case = CaseFactory(
        applicant=newcomer,
        desk=desk,
        profession=gp,
        referent=referent,
        assigned=True,
        first_name="Camille",
        last_name="Durand",
        project_text="Reprendre le cabinet de ma tante à Figeac.",
        communes=[figeac],
    )
    CaseEvent.objects.create(
        case=case, kind=EventKind.MESSAGE, body="Bonjour, je suis disponible jeudi.", is_public=True
    )
    CaseEvent.objects.create(case=case, kind=EventKind.NOTE, body="Note interne du référent.")
    HousingRequestFactory(case=case, notes="Avec mon chat.")
    InvitationFactory(user=newcomer, email=newcomer.email, last_name="Durand")
    AmbassadorFactory(user=newcomer, email=newcomer.email, commune=figeac, last_name="Durand")
    HotlineRecordFactory(desk=desk, caller_email=newcomer.email, subject="Question sur les aides")
    queue_mail(to=newcomer.email, subject="Votre demande est bien arrivée", text="Bonjour")
    # Someone else's, which must never show.
    CaseFactory(applicant=other_newcomer, desk=desk, profession=gp, last_name="Étranger-Autre")
    HotlineRecordFactory(desk=desk, caller_email=other_newcomer.email, caller_last_name="Voisin")
    queue_mail(to=other_newcomer.email, subject="Courrier du voisin", text="Bonjour")
    return case


def test_my_data_is_for_signed_in_people_only(client):
    response = client.get(reverse("privacy:my_data"))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    assert client.get(reverse("privacy:export_json")).status_code == 302


@pytest.mark.ignore_template_errors  # allauth's own field template reads optional attributes
def test_the_account_menu_links_to_my_data(client, newcomer):
    client.force_login(newcomer)
    page = client.get(reverse("account_email")).content.decode()
    assert reverse("privacy:my_data") in page and "Mes données" in page


def test_the_json_export_holds_everything_about_me_and_nothing_else(client, newcomer, my_world):
    client.force_login(newcomer)
    response = client.get(reverse("privacy:export_json"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-')
    data = json.loads(response.content)
    assert set(data) == {
        "produit_le",
        "compte",
        "dossiers",
        "invitations",
        "profils_ambassadeur",
        "permanence",
        "e_mails_envoyes",
    }
    assert data["compte"]["adresse_e_mail"] == newcomer.email
    [case] = data["dossiers"]
    assert case["reference"] == my_world.reference
    assert case["nom"] == "Durand"
    assert case["projet"] == "Reprendre le cabinet de ma tante à Figeac."
    assert case["communes_souhaitees"] == ["Figeac"]
    assert "Bonjour, je suis disponible jeudi." in [line["texte"] for line in case["historique"]]
    assert case["demandes_de_logement"][0]["precisions"] == "Avec mon chat."
    assert [i["nom"] for i in data["invitations"]] == ["Durand"]
    assert [a["nom"] for a in data["profils_ambassadeur"]] == ["Durand"]
    assert [c["objet"] for c in data["permanence"]] == ["Question sur les aides"]
    assert [m["objet"] for m in data["e_mails_envoyes"]] == ["Votre demande est bien arrivée"]
    text = response.content.decode()
    for foreign in ("Note interne du référent", "Étranger-Autre", "Voisin", "Courrier du voisin"):
        assert foreign not in text


def test_the_printable_page_shows_the_same(client, newcomer, my_world):
    client.force_login(newcomer)
    page = client.get(reverse("privacy:export_html")).content.decode()
    assert my_world.reference in page
    assert "Reprendre le cabinet de ma tante à Figeac." in page
    assert "Bonjour, je suis disponible jeudi." in page
    assert "Question sur les aides" in page
    assert "Note interne du référent" not in page
    assert "Étranger-Autre" not in page


def test_the_export_is_rate_limited(client, newcomer):
    client.force_login(newcomer)
    for _ in range(10):
        assert client.get(reverse("privacy:export_json")).status_code == 200
    assert client.get(reverse("privacy:export_html")).status_code == 429


def test_deletion_needs_the_confirmation_and_the_password(client, newcomer, my_world):
    client.force_login(newcomer)
    url = reverse("privacy:delete_account")
    page = client.get(url).content.decode()
    assert my_world.reference in page

    response = client.post(url, {"password": PASSWORD})
    assert "Cochez la case pour confirmer." in response.content.decode()
    response = client.post(url, {"understood": "on", "password": "pas le bon"})
    assert "Ce mot de passe n&#x27;est pas le bon." in response.content.decode()
    assert User.objects.get(pk=newcomer.pk).is_active
    assert Case.objects.get(pk=my_world.pk).status == "assigned"


def test_deleting_my_account(client, newcomer, my_world, referent):
    draft = CaseFactory(applicant=newcomer, draft=True)
    client.force_login(newcomer)
    response = client.post(
        reverse("privacy:delete_account"), {"understood": "on", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("privacy:account_deleted")
    assert "Votre compte a été supprimé" in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    # The open case was withdrawn through the workflow (a status line, the referent told).
    case = Case.objects.get(pk=my_world.pk)
    assert case.status == "withdrawn"
    assert CaseEvent.objects.filter(
        case=case, kind=EventKind.STATUS, details__transition="withdraw"
    ).exists()
    assert OutgoingMail.objects.filter(to=referent.email, topic="installations_withdrawn").exists()
    # Kept for the desk's figures, without the person.
    assert (case.last_name, case.project_text, case.anonymised_at is not None) == ("", "", True)
    assert case.applicant.email == PLACEHOLDER_EMAIL
    assert set(CaseEvent.objects.filter(case=case).values_list("body", flat=True)) == {""}
    assert not Case.objects.filter(pk=draft.pk).exists()
    # The account is unusable and holds nothing personal.
    user = User.objects.get(pk=newcomer.pk)
    assert not user.is_active and not user.has_usable_password()
    assert (user.email, user.first_name, user.last_name) == (
        f"compte-supprime-{user.pk}@anonyme.invalid",
        "",
        "",
    )
    assert not Invitation.objects.filter(email=newcomer.email).exists()
    assert not Ambassador.objects.filter(email=newcomer.email).exists()
    assert not OutgoingMail.objects.filter(to=newcomer.email).exists()
    assert not client.login(email=newcomer.email, password=PASSWORD)
    assert client.get(reverse("privacy:my_data")).status_code == 302


def test_desk_members_ask_their_desk(client, staff):
    client.force_login(staff)
    page = client.get(reverse("privacy:my_data")).content.decode()
    assert "adressez-vous à l'équipe de votre guichet" in page
    assert client.get(reverse("privacy:delete_account")).status_code == 404
