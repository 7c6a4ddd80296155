"""Each role, from the home page, finds its work by visible links only: « Se connecter », then
the page its role lands on, then one step into its work. Axe finds nothing serious on each
landing page."""

import re

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from tests.browser import serious_violations
from tests.events.factories import EventFactory
from tests.installations.factories import CaseFactory
from tests.portal.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_from_home(page, email):
    page.goto("/")
    page.get_by_role("link", name="Se connecter").click()
    page.get_by_label("Courriel").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()


def heading(page):
    return page.get_by_role("heading", level=1)


def landed_cleanly(page):
    assert serious_violations(page) == []
    assert page.console_errors == []


def test_a_visitor_finds_the_observatory_and_how_to_apply(page, desk):
    page.goto("/")
    landed_cleanly(page)
    page.get_by_role("link", name="Observatoire", exact=True).click()
    expect(heading(page)).to_have_text("Observatoire de la démographie médicale")
    page.get_by_role("link", name="Accueil", exact=True).click()
    page.get_by_role("link", name="Déposer ma demande").click()
    expect(heading(page)).to_have_text("Création de compte")
    expect(page.get_by_role("link", name="Se connecter").first).to_be_visible()


def test_a_newcomer_without_a_case_lands_on_the_request(page, newcomer, desk):
    sign_in_from_home(page, newcomer.email)
    expect(heading(page)).to_have_text("Déposer ma demande d'installation")
    landed_cleanly(page)
    page.get_by_role("button", name="Commencer").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Vous")
    # Once a draft exists, « Mon dossier » leads to it and continues where it stopped.
    page.get_by_role("link", name="Mon dossier", exact=True).click()
    expect(heading(page)).to_have_text("Mon dossier")
    page.get_by_role("link", name="Continuer ma demande").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Votre profession")


def test_a_newcomer_with_a_case_lands_on_it(page, newcomer, submitted_case):
    sign_in_from_home(page, newcomer.email)
    expect(heading(page)).to_have_text(f"Mon dossier {submitted_case.reference}")
    landed_cleanly(page)
    page.get_by_role("link", name="Accueil", exact=True).click()
    page.get_by_role("link", name="Déposer ou suivre ma demande").click()
    expect(heading(page)).to_have_text(f"Mon dossier {submitted_case.reference}")


def test_a_newcomer_on_a_phone_continues_a_draft_at_its_last_step(page, newcomer, gp, figeac, desk):
    CaseFactory(draft=True, applicant=newcomer, profession=gp, communes=[figeac], needs=["housing"])
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in_from_home(page, newcomer.email)
    expect(heading(page)).to_have_text("Mon dossier")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    landed_cleanly(page)
    page.get_by_role("link", name="Continuer ma demande").click()
    expect(page.get_by_role("heading", level=2)).to_have_text("Vérifier et envoyer")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_referent_lands_on_their_cases(page, referent, assigned_case):
    sign_in_from_home(page, referent.email)
    expect(heading(page)).to_have_text("Mes dossiers")
    landed_cleanly(page)
    page.get_by_role("link", name=assigned_case.reference).click()
    expect(heading(page)).to_have_text(
        f"{assigned_case.reference} · {assigned_case.applicant_name}"
    )
    page.get_by_role("link", name="Mes dossiers", exact=True).first.click()
    expect(heading(page)).to_have_text("Mes dossiers")


def test_staff_land_on_their_desk(page, staff, submitted_case):
    sign_in_from_home(page, staff.email)
    try:
        dashboard = reverse("installations:dashboard")
    except NoReverseMatch:  # not built yet: the admin is the desk's space until then
        expect(page).to_have_url(re.compile(re.escape(reverse("admin:index")) + "$"))
        return
    expect(page).to_have_url(re.compile(re.escape(dashboard) + "$"))
    expect(heading(page)).to_have_text("Tableau de bord du guichet")
    landed_cleanly(page)
    page.get_by_role("link", name="Bilan", exact=True).click()
    expect(heading(page)).to_contain_text("Bilan")


def test_a_coordinator_lands_on_their_events(page, coordinator, desk, figeac):
    event = EventFactory(desk=desk, commune=figeac, title="Soirée d'accueil du Grand-Figeac")
    sign_in_from_home(page, coordinator.email)
    expect(heading(page)).to_have_text("Mes évènements")
    landed_cleanly(page)
    page.get_by_role("link", name=event.title).click()
    expect(heading(page)).to_have_text(event.title)
    page.get_by_role("link", name="Mes évènements", exact=True).first.click()
    expect(heading(page)).to_have_text("Mes évènements")
