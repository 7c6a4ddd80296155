"""Asking a partner inside the case: the ask page, the partner's link (410 once expired or
revoked, 404 forged, never another case), the thread, the step the partner marks, the access
log and the mails."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from installations.enums import EventKind
from installations.models import CaseEvent, Step
from partners import requests as partner_requests
from partners.models import PartnerAccess, PartnerMessage, PartnerRequest, RequestStatus
from portal.models import OutgoingMail
from tests.installations.factories import CaseFactory
from tests.partners.factories import PartnerContactFactory, PartnerFactory, PartnerRequestFactory
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def step(in_progress_case):
    from tests.installations.factories import StepTemplateFactory

    template = StepTemplateFactory(code="cpam-medecin-generaliste", title="Rendez-vous CPAM")
    return Step.objects.create(case=in_progress_case, template=template, title=template.title)


@pytest.fixture
def cpam(desk):
    return PartnerFactory(
        desk=desk, name="CPAM du Lot", step_codes=["cpam-medecin-generaliste"], needs=[]
    )


@pytest.fixture
def cpam_contact(cpam):
    return PartnerContactFactory(partner=cpam, name="Sylvie Delmas", email="s.delmas@cpam.test")


@pytest.fixture
def referent_client(referent):
    client = Client()
    client.force_login(referent)
    return client


def _ask(case, referent, contact, step=None, **kwargs):
    return partner_requests.ask(
        case,
        by=referent,
        partner=contact.partner,
        contact=contact,
        step=step,
        need="" if step else "housing",
        question=kwargs.pop("question", "Peut-elle signer la convention en janvier ?"),
        due_on=timezone.localdate() + timedelta(days=10),
        **kwargs,
    )


def _link_path(partner_request):
    return reverse(
        "partners:request_link", kwargs={"token": partner_requests.make_token(partner_request)}
    )


# --- The ask page -------------------------------------------------------------------------------
def test_the_ask_page_proposes_the_partner_of_the_step_and_its_present_primary_contact(
    referent_client, in_progress_case, step, cpam, cpam_contact
):
    PartnerContactFactory(
        partner=cpam,
        name="Absent Principal",
        is_primary=True,
        absent_from=timezone.localdate() - timedelta(days=1),
        absent_until=timezone.localdate() + timedelta(days=5),
    )
    url = reverse("partners:ask", kwargs={"pk": in_progress_case.pk})
    response = referent_client.get(url, {"objet": f"step:{step.pk}"})
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(rf'<option value="{cpam.pk}" selected>CPAM du Lot', html)
    assert re.search(rf'<option value="{cpam_contact.pk}" selected>Sylvie Delmas', html)
    assert "absent·e jusqu&#x27;au" in html or "absent·e jusqu'au" in html


def test_asking_mails_the_contact_a_link_and_writes_the_timeline(
    referent_client, in_progress_case, step, cpam, cpam_contact
):
    url = reverse("partners:ask", kwargs={"pk": in_progress_case.pk})
    response = referent_client.post(
        url,
        {
            "subject": f"step:{step.pk}",
            "partner": cpam.pk,
            "contact": cpam_contact.pk,
            "question": "Peut-elle signer la convention en janvier ?",
            "context": "Installation en MSP à Figeac.",
            "due_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
            "public": "on",
        },
    )
    assert response.status_code == 302
    partner_request = PartnerRequest.objects.get()
    assert partner_request.step == step and partner_request.public
    mail = OutgoingMail.objects.get(topic="partners_request")
    assert mail.to == "s.delmas@cpam.test"
    assert _link_path(partner_request) in mail.body_text
    assert in_progress_case.reference not in mail.body_text
    event = CaseEvent.objects.get(details__partner_request=partner_request.pk)
    assert event.is_public and "CPAM du Lot" in event.body


def test_a_private_request_stays_off_the_newcomers_timeline(
    in_progress_case, referent, cpam_contact, newcomer
):
    _ask(in_progress_case, referent, cpam_contact, public=False)
    client = Client()
    client.force_login(newcomer)
    page = client.get(reverse("installations:case", kwargs={"pk": in_progress_case.pk}))
    assert "Peut-elle signer" not in page.content.decode()


def test_the_contact_must_belong_to_the_partner(
    referent_client, in_progress_case, step, cpam, desk
):
    other = PartnerContactFactory(partner=PartnerFactory(desk=desk, name="URSSAF"))
    response = referent_client.post(
        reverse("partners:ask", kwargs={"pk": in_progress_case.pk}),
        {
            "subject": f"step:{step.pk}",
            "partner": cpam.pk,
            "contact": other.pk,
            "question": "?",
            "due_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "Ce contact n&#x27;appartient pas à ce partenaire" in response.content.decode()
    assert not PartnerRequest.objects.exists()


def test_another_desks_partner_is_not_offered(referent_client, in_progress_case, other_desk):
    PartnerFactory(desk=other_desk, name="CPAM du Gers")
    response = referent_client.get(reverse("partners:ask", kwargs={"pk": in_progress_case.pk}))
    assert "CPAM du Gers" not in response.content.decode()


@pytest.mark.parametrize("who", ["other_referent", "staff", "newcomer", "other_staff"])
def test_only_the_cases_referent_reaches_the_ask_page(request, who, in_progress_case):
    client = Client()
    client.force_login(request.getfixturevalue(who))
    url = reverse("partners:ask", kwargs={"pk": in_progress_case.pk})
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name", ["partners:request_reply", "partners:request_revoke", "partners:request_resend"]
)
def test_another_cases_request_answers_404(referent_client, name, in_progress_case, referent):
    other_case = CaseFactory(in_progress=True, referent=UserFactory(referent=True))
    foreign = PartnerRequestFactory(case=other_case)
    url = reverse(name, kwargs={"pk": in_progress_case.pk, "request_pk": foreign.pk})
    assert referent_client.post(url, {f"demande-{foreign.pk}-body": "x"}).status_code == 404
    url = reverse(name, kwargs={"pk": other_case.pk, "request_pk": foreign.pk})
    assert referent_client.post(url).status_code == 404


# --- The partner's link -------------------------------------------------------------------------
def test_the_link_shows_only_what_the_partner_may_know(
    client, in_progress_case, referent, cpam_contact, figeac
):
    in_progress_case.target_date = timezone.localdate() + timedelta(days=90)
    in_progress_case.project_text = "PROJET-SECRET"
    in_progress_case.save()
    partner_request = _ask(in_progress_case, referent, cpam_contact, context="Contexte utile.")
    response = client.get(_link_path(partner_request))
    assert response.status_code == 200
    html = response.content.decode()
    assert in_progress_case.last_name in html
    assert "Figeac (46100)" in html
    assert "Médecin généraliste".lower() in html.lower()
    assert "Peut-elle signer la convention" in html and "Contexte utile." in html
    for secret in (
        "PROJET-SECRET",
        in_progress_case.reference,
        in_progress_case.applicant.email,
        in_progress_case.phone,
    ):
        assert secret not in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert (
        response["Referrer-Policy"] == "same-origin"
    )  # never to another site; same-origin keeps the POST's Origin for CSRF
    assert "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert PartnerAccess.objects.get(request=partner_request).action == "view"


def test_a_link_never_shows_another_request_or_case(
    client, in_progress_case, referent, cpam_contact, desk
):
    mine = _ask(in_progress_case, referent, cpam_contact, question="QUESTION-A")
    other_case = CaseFactory(desk=desk, in_progress=True, referent=referent, last_name="Autre-Cas")
    theirs = _ask(other_case, referent, cpam_contact, question="QUESTION-B")
    PartnerMessage.objects.create(request=theirs, author="partner", body="REPONSE-B")
    html = client.get(_link_path(mine)).content.decode()
    assert "QUESTION-A" in html
    for other in ("QUESTION-B", "REPONSE-B", "Autre-Cas"):
        assert other not in html
    # A token's payload names one request: re-signing another pk needs the site's key.
    forged = signing.dumps({"r": theirs.pk, "s": mine.token_secret}, key="pas-la-cle-du-site")
    url = reverse("partners:request_link", kwargs={"token": forged})
    assert client.get(url).status_code == 404


def test_a_forged_token_is_404(client, in_progress_case, referent, cpam_contact):
    partner_request = _ask(in_progress_case, referent, cpam_contact)
    token = partner_requests.make_token(partner_request)
    for bad in ("faux", token[:-2] + "xx", signing.dumps({"r": partner_request.pk, "s": "x"})):
        url = reverse("partners:request_link", kwargs={"token": bad})
        assert client.get(url).status_code == 404
    assert not PartnerAccess.objects.exists()


def test_an_expired_link_is_410_and_logged(client, in_progress_case, referent, cpam_contact):
    partner_request = _ask(in_progress_case, referent, cpam_contact)
    PartnerRequest.objects.filter(pk=partner_request.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    response = client.get(_link_path(partner_request))
    assert response.status_code == 410
    html = response.content.decode()
    assert "Ce lien n&#x27;est plus valable" in html or "Ce lien n'est plus valable" in html
    assert "contactez le guichet" in html
    assert "Peut-elle signer" not in html
    assert PartnerAccess.objects.get().action == "refused"
    # Nothing can be done through it either.
    response = client.post(_link_path(partner_request), {"action": "reply", "body": "Oui"})
    assert response.status_code == 410
    assert not PartnerMessage.objects.exists()


def test_revoking_then_sending_a_new_link(
    referent_client, client, in_progress_case, referent, cpam_contact
):
    partner_request = _ask(in_progress_case, referent, cpam_contact)
    old = _link_path(partner_request)
    kwargs = {"pk": in_progress_case.pk, "request_pk": partner_request.pk}
    assert (
        referent_client.post(reverse("partners:request_revoke", kwargs=kwargs)).status_code == 302
    )
    assert client.get(old).status_code == 410
    assert (
        referent_client.post(reverse("partners:request_resend", kwargs=kwargs)).status_code == 302
    )
    partner_request.refresh_from_db()
    new = _link_path(partner_request)
    assert new != old
    assert client.get(old).status_code == 410  # the old secret no longer opens
    assert client.get(new).status_code == 200
    assert OutgoingMail.objects.filter(topic="partners_request").count() == 2
    assert list(PartnerAccess.objects.order_by("at", "pk").values_list("action", flat=True)) == [
        "refused",
        "refused",
        "view",
    ]


def test_the_partner_answers_and_marks_the_step_done(
    client, in_progress_case, referent, cpam_contact, step
):
    partner_request = _ask(in_progress_case, referent, cpam_contact, step=step, public=True)
    path = _link_path(partner_request)
    response = client.post(path, {"action": "reply", "body": "Oui, rendez-vous le 12."})
    assert response.status_code == 302
    partner_request.refresh_from_db()
    assert partner_request.status == RequestStatus.ANSWERED
    assert partner_request.first_answer_at is not None
    assert OutgoingMail.objects.get(topic="partners_answered").to == referent.email
    assert client.post(path, {"action": "step_done"}).status_code == 302
    step.refresh_from_db()
    assert step.done_at is not None and step.done_by is None
    assert CaseEvent.objects.filter(
        case=in_progress_case, kind=EventKind.STEP, is_public=True, body__contains=step.title
    ).exists()
    actions = set(PartnerAccess.objects.values_list("action", flat=True))
    assert actions == {"reply", "step_done"}
    page = client.get(path).content.decode()
    assert "Oui, rendez-vous le 12." in page


def test_applicant_to_do(client, in_progress_case, referent, cpam_contact, step):
    partner_request = _ask(in_progress_case, referent, cpam_contact, step=step)
    assert (
        client.post(_link_path(partner_request), {"action": "applicant_to_do"}).status_code == 302
    )
    step.refresh_from_db()
    assert step.applicant_to_do and step.done_at is None
    assert CaseEvent.objects.filter(kind=EventKind.STEP, body__startswith="À faire par").exists()


def test_a_request_about_a_need_has_no_step_buttons(
    client, in_progress_case, referent, cpam_contact
):
    partner_request = _ask(in_progress_case, referent, cpam_contact)
    html = client.get(_link_path(partner_request)).content.decode()
    assert "Démarche faite" not in html
    response = client.post(_link_path(partner_request), {"action": "step_done"})
    assert response.status_code == 302
    assert not Step.objects.filter(done_at__isnull=False).exists()


def test_an_empty_reply_is_a_form_error(client, in_progress_case, referent, cpam_contact):
    partner_request = _ask(in_progress_case, referent, cpam_contact)
    response = client.post(_link_path(partner_request), {"action": "reply", "body": ""})
    assert response.status_code == 200
    assert "Écrivez votre réponse" in response.content.decode()


def test_the_link_posts_need_the_csrf_token(in_progress_case, referent, cpam_contact):
    partner_request = _ask(in_progress_case, referent, cpam_contact)
    client = Client(enforce_csrf_checks=True)
    path = _link_path(partner_request)
    assert client.post(path, {"action": "reply", "body": "Oui"}).status_code == 403
    page = client.get(path).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(path, {"action": "reply", "body": "Oui", "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_the_link_is_rate_limited(client, in_progress_case, referent, cpam_contact, monkeypatch):
    from partners.views import requests as views

    monkeypatch.setattr(views, "LINK_ACTIONS_PER_10_MINUTES", 2)
    partner_request = _ask(in_progress_case, referent, cpam_contact)
    path = _link_path(partner_request)
    codes = [client.post(path, {"action": "reply", "body": "Oui"}).status_code for _ in range(3)]
    assert codes == [302, 302, 429]


def test_the_referent_replies_on_the_thread(
    referent_client, in_progress_case, referent, cpam_contact
):
    partner_request = _ask(in_progress_case, referent, cpam_contact)
    url = reverse(
        "partners:request_reply",
        kwargs={"pk": in_progress_case.pk, "request_pk": partner_request.pk},
    )
    response = referent_client.post(url, {f"demande-{partner_request.pk}-body": "Et en février ?"})
    assert response.status_code == 302
    message = PartnerMessage.objects.get()
    assert message.author == "referent"
    mail = OutgoingMail.objects.get(topic="partners_message")
    assert mail.to == cpam_contact.email and "Et en février ?" in mail.body_text
    partner_request.refresh_from_db()
    assert partner_request.first_answer_at is None  # only the partner's answer counts


# --- Panels -------------------------------------------------------------------------------------
def test_the_referents_case_page_lists_the_requests(
    referent_client, in_progress_case, referent, cpam_contact
):
    partner_request = _ask(in_progress_case, referent, cpam_contact)
    PartnerRequest.objects.filter(pk=partner_request.pk).update(
        due_on=timezone.localdate() - timedelta(days=1)
    )
    page = referent_client.get(
        reverse("installations:referent_case", kwargs={"pk": in_progress_case.pk})
    ).content.decode()
    assert 'id="titre-partenaires"' in page
    assert "CPAM" in page and "en retard" in page
    assert "Révoquer le lien" in page
    assert reverse("partners:ask", kwargs={"pk": in_progress_case.pk}) in page


def test_mon_dossier_shows_only_public_requests_and_the_step_done(
    client, in_progress_case, referent, cpam_contact, step, newcomer
):
    public = _ask(in_progress_case, referent, cpam_contact, step=step, public=True)
    _ask(in_progress_case, referent, cpam_contact, question="QUESTION-PRIVEE")
    partner_requests.reply(public, author="partner", body="C'est fait, convention signée.")
    partner_requests.mark_step_done(public)
    client.force_login(newcomer)
    page = client.get(reverse("installations:case", kwargs={"pk": in_progress_case.pk}))
    html = page.content.decode()
    assert "Vos démarches avec les partenaires" in html
    assert "convention signée" in html
    assert "QUESTION-PRIVEE" not in html
    assert "démarche faite" in html
    assert re.search(r'class="is-done"', html)
