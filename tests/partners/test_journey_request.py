"""Issue 19's « done when », the request half, in Chromium, on the demo data: the referent of Emma
Blanc (ophthalmologist, Figeac) asks the CPAM du Lot's contact about her convention; the
contact opens the link of the mail in the outbox, answers and marks the step done; Emma sees it
in « Mon dossier ». Then the
referent revokes the link, which answers 410. No JavaScript is needed at any step."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from installations.models import Case
from partners.models import PartnerAccess, PartnerRequest
from portal.models import OutgoingMail, User
from tests.demo.conftest import load_demo_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUESTION = "Peut-elle adhérer à la convention dès son arrivée, en secteur 1 ?"
ANSWER = "Oui : rendez-vous pris le 12 janvier à Figeac, la convention sera signée ce jour-là."


def _sign_in(page, user, live_server):
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.fixture
def demo():
    load_demo_world()
    return Case.objects.get(applicant__email="e.blanc@demo.example")


def test_the_cpam_answers_emmas_convention_through_its_link(page, live_server, demo):
    case = demo
    step = case.steps.get(template__code="cpam-medecin-specialiste")
    assert step.done_at is None

    # 1. The referent asks, from the case page, without JavaScript.
    page.context.set_extra_http_headers({})
    _sign_in(page, case.referent, live_server)
    page.goto(f"/espace-referent/dossiers/{case.pk}/")
    page.get_by_role("link", name="Demander à un partenaire").click()
    page.get_by_label("À propos de quelle démarche ou de quel besoin ?").select_option(
        f"step:{step.pk}"
    )
    page.get_by_role("button", name="Proposer le partenaire et son contact").click()
    # The partner that handles the step, and its primary contact, present today.
    assert page.locator("#id_partner option:checked").inner_text() == (
        "CPAM du Lot (CPAM (Assurance maladie))"
    )
    assert page.locator("#id_contact option:checked").inner_text().startswith("Sylvie Delmas")
    page.locator("#id_question").fill(QUESTION)
    page.locator("#id_context").fill("Installation en MSP à Figeac.")
    page.get_by_label("Visible du demandeur dans « Mon dossier »").check()
    page.get_by_role("button", name="Envoyer la demande").click()
    page.wait_for_load_state()
    assert "Demande envoyée à Sylvie Delmas (CPAM du Lot)" in page.inner_text("main")
    partner_request = PartnerRequest.objects.get(case=case, question=QUESTION)
    assert partner_request.step == step and partner_request.public

    # 2. The contact opens the link from the outbox mail (no account, no session).
    mail = OutgoingMail.objects.get(topic="partners_request", to=partner_request.contact.email)
    link = re.search(r"https?://\S+/partenaire/demande/\S+/", mail.body_text).group(0)
    page.context.clear_cookies()
    page.goto(urlsplit(link).path)
    main = page.inner_text("main")
    assert "Emma Blanc" in main and QUESTION in main and "Figeac" in main
    assert case.reference not in main and case.applicant.email not in main
    page.locator("#id_body").fill(ANSWER)
    page.get_by_role("button", name="Envoyer ma réponse").click()
    page.wait_for_load_state()
    assert "Merci, votre réponse est transmise au référent." in page.inner_text("main")
    page.get_by_role("button", name="Démarche faite").click()
    page.wait_for_load_state()
    assert "Démarche notée comme faite." in page.inner_text("main")
    step.refresh_from_db()
    assert step.done_at is not None and step.done_by is None
    assert OutgoingMail.objects.filter(topic="partners_answered", to=case.referent.email).exists()

    # 3. Emma sees the answer and the step done in « Mon dossier ».
    _sign_in(page, User.objects.get(email="e.blanc@demo.example"), live_server)
    page.goto(f"/mon-dossier/{case.pk}/")
    panel = page.locator(
        "section", has=page.get_by_role("heading", name="Vos démarches avec les partenaires")
    )
    assert ANSWER in panel.inner_text() and "démarche faite" in panel.inner_text()
    done = page.locator("ul.checklist li.is-done", has_text="Rendez-vous CPAM")
    assert done.count() == 1

    # 4. The referent revokes the link: it answers 410 and the refusal is logged.
    _sign_in(page, case.referent, live_server)
    page.goto(f"/espace-referent/dossiers/{case.pk}/")
    item = page.locator(f"#demande-{partner_request.pk}")
    item.locator("summary").click()
    item.get_by_role("button", name="Révoquer le lien").click()
    page.wait_for_load_state()
    page.context.clear_cookies()
    response = page.goto(urlsplit(link).path)
    assert response.status == 410
    assert "Ce lien n'est plus valable" in page.inner_text("main")
    actions = list(
        PartnerAccess.objects.filter(request=partner_request)
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions[0] == "view" and "reply" in actions and "step_done" in actions
    assert actions[-1] == "refused"
    # The only console error is the revoked link's 410, which the step above asked for.
    assert [e for e in page.console_errors if "410 (Gone)" not in e] == []
