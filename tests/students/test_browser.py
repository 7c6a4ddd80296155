"""A student goes from the training sites list to a placement case with a housing request,
in headless Chromium."""

import re

import pytest

from installations.models import Case
from students.models import HousingRequest
from tests.browser import sign_in
from tests.structures.factories import PlacementFactory, StructureFactory
from tests.students.factories import HousingPeriodFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_the_placements_list_to_a_housing_request(page, settings, newcomer, desk, cahors, gp):
    settings.MAP_TILE_URL = ""  # no tile server in tests: markers still come from JSON
    site = PlacementFactory(
        name="Urgences — Centre hospitalier de Cahors",
        structure=StructureFactory(name="Centre hospitalier de Cahors", commune=cahors),
        offers_housing=True,
    )
    period = HousingPeriodFactory(
        offer__name="Maison des internes de Cahors", offer__commune=cahors
    )
    page.set_default_timeout(10_000)
    sign_in(page, newcomer.email)

    # 1. The list, filtered on housing, then the site's page.
    page.goto("/stages/")
    page.get_by_label("Logement proposé").check()
    page.get_by_role("button", name="Filtrer").click()
    page.locator("#carte[data-markers='1']").wait_for()  # the map shows the one site
    page.get_by_role("link", name=site.name).click()
    page.get_by_role("button", name="Ce terrain de stage m'intéresse").click()
    page.get_by_text("Le terrain de stage est ajouté à votre demande de stage").wait_for()

    # 2. The request: a placement, with its own step.
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("stage (étudiant·e, interne)").check()
    page.get_by_label("Profession ou spécialité").select_option(label="Médecin généraliste")
    page.get_by_label("interne", exact=True).check()
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("heading", name="Votre stage").wait_for()
    page.get_by_label("interne (3e cycle)").check()
    page.get_by_label("Faculté").fill("Université de Toulouse")
    page.get_by_label("Début du stage").fill("2026-11-02")
    page.get_by_label("Fin du stage").fill("2027-04-30")
    page.get_by_label("Besoin d'un logement pendant le stage").check()
    assert page.get_by_label(re.compile("Urgences — Centre hospitalier")).is_checked()
    page.get_by_role("button", name="Continuer").click()
    assert "Cahors (46000)" in page.get_by_label("Communes souhaitées").input_value()
    page.get_by_role("button", name="Continuer").click()
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label(re.compile("J'accepte que mes informations")).check()
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.get_by_text("Votre demande a bien été reçue").wait_for()
    case = Case.objects.get(applicant=newcomer)
    assert case.kind == "placement" and case.status == "submitted" and case.desk == desk

    # 3. From « Mon dossier », a housing request for the placement's dates.
    page.get_by_role("heading", name="Votre stage").wait_for()
    page.get_by_label("Logement souhaité (facultatif)").select_option(label=str(period.offer))
    page.get_by_role("button", name="Envoyer ma demande de logement").click()
    page.get_by_text("Demande de logement envoyée au guichet.").wait_for()
    request = HousingRequest.objects.get(case=case)
    assert request.wished_offer == period.offer and str(request.starts_on) == "2026-11-02"
    assert page.get_by_text("en attente").first.is_visible()
    assert page.console_errors == []


def serious_violations(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def test_public_pages_are_accessible_at_320_px(page, settings, desk, cahors, gp):
    settings.MAP_TILE_URL = ""
    site = PlacementFactory(structure=StructureFactory(commune=cahors), offers_housing=True)
    page.set_viewport_size({"width": 320, "height": 800})
    for path in (
        "/stages/",
        site.get_absolute_url(),
        "/ambassadeurs/devenir/",
        f"/bilan/{desk.slug}/",
    ):
        page.goto(path)
        assert serious_violations(page) == [], path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 330, (path, width)
    assert page.console_errors == []
