"""The simulator in a real browser, JavaScript off, then on (print button), at 320 px."""

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe

from aids.seed import seed_schemes
from tests.territories.factories import CommuneZoningFactory, ZoningLayerFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def simulator_data(desk, figeac, professions):
    layer = ZoningLayerFactory(source="Arrêté ARS (test)", valid_from=date(2022, 5, 4))
    CommuneZoningFactory(layer=layer, commune=figeac, value="ZIP")
    seed_schemes()


def serious_violations(page):
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def test_simulator_works_without_javascript_in_four_steps(browser, live_server, simulator_data):
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/aides/simulateur/")
    page.get_by_label("Votre profession").select_option("medecin-generaliste")
    page.get_by_label("diplômé·e, pas encore installé·e").check()
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("Commune où vous souhaitez exercer").fill("Figeac")
    page.get_by_label("libéral", exact=True).check()
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("secteur 1").check()
    page.get_by_role("group", name="première installation").get_by_label("Oui").check()
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("group", name="déjà reçu une aide").get_by_label("Non").check()
    page.get_by_role("button", name="Voir mes aides").click()

    assert "profession=medecin-generaliste" in page.url and "commune=46102" in page.url
    eligible = page.locator("section.aid-group-eligible")
    assert "Aide à la première installation des médecins" in eligible.inner_text()
    assert "10 000 € (en ZIP)" in eligible.inner_text()
    assert "Figeac est classée ZIP (zone d'intervention prioritaire)" in page.content()
    closed = page.locator("section.aid-group-ferme").inner_text()
    assert "Praticien territorial de médecine générale" in closed and "remplacé par" in closed
    # The address alone gives the same answer: shareable and bookmarkable.
    shared = context.new_page()
    shared.goto(page.url)
    assert "10 000 €" in shared.locator("section.aid-group-eligible").inner_text()
    context.close()


def test_result_page_is_accessible_printable_and_fits_320px(page, simulator_data):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(
        "/aides/simulateur/?profession=interne&situation=interne&commune=46102"
        "&exercice=indecis&discipline=medecine&stage_eloigne=oui&aide=non"
    )
    assert page.get_by_role("button", name="Imprimer").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert serious_violations(page) == []
    page.emulate_media(media="print")
    assert not page.locator(".aid-steps-nav").is_visible()
    assert page.locator(".aid-result").first.is_visible()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["/aides/", "/aides/simulateur/", "/aides/ptmg/"])
def test_aid_pages_have_no_serious_axe_violation(page, simulator_data, path):
    page.goto(path)
    assert serious_violations(page) == []
    assert page.console_errors == []
