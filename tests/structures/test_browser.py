import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.structures.factories import StructureFactory, VacancyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serious_violations(page):
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


@pytest.fixture
def offer(desk, figeac, cahors, professions, settings):
    settings.MAP_TILE_URL = ""  # no tile server in tests: markers still come from JSON
    hospital = StructureFactory(
        name="Centre hospitalier de Figeac", kind="centre_hospitalier", commune=figeac
    )
    StructureFactory(name="MSP de Cahors", kind="msp", commune=cahors)
    VacancyFactory(structure=hospital, profession=professions["angiologie"])
    return hospital


def test_filter_the_directory_and_open_a_structure(page, offer):
    page.goto("/annuaire/")
    page.wait_for_selector("#carte[data-markers='2']")
    page.get_by_label("Type de structure").select_option("centre_hospitalier")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_selector("#carte[data-markers='1']")
    assert page.get_by_role("heading", name="1 structure").is_visible()
    assert page.get_by_role("link", name="MSP de Cahors").count() == 0
    page.get_by_role("link", name="Centre hospitalier de Figeac").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Centre hospitalier de Figeac"
    assert page.get_by_text("Angiologie").first.is_visible()
    page.wait_for_selector("#carte[data-ready='1']")
    assert serious_violations(page) == []
    assert page.console_errors == []


@pytest.mark.parametrize("path", ["/annuaire/", "/postes/", "/observatoire/"])
def test_pages_are_accessible_at_320_pixels(page, offer, path):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert serious_violations(page) == []
    assert page.console_errors == []


def test_directory_works_without_javascript(browser, live_server, offer):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/annuaire/?q=cahors")
    assert page.get_by_role("link", name="MSP de Cahors").is_visible()
    context.close()
