"""The commune field in a real browser: picking among namesakes with and without JavaScript."""

import pytest

from tests.browser import serious_violations, sign_in
from tests.installations.factories import CaseFactory
from tests.territories.factories import CommuneFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def capdenac(lot, figeac):
    """Figeac's neighbour, with the same postal code."""
    return CommuneFactory(
        insee_code="46055", name="Capdenac", department=lot, postal_codes="46100", population=1049
    )


def _pick_a_commune_among_candidates(page, draft, *, check_accessibility=False):
    page.goto(f"/mon-dossier/{draft.pk}/demande/projet/")
    page.get_by_label("Communes souhaitées").fill("46100")
    page.get_by_label("libéral", exact=True).check()
    page.get_by_role("button", name="Continuer").click()
    page.get_by_text("Plusieurs communes correspondent à « 46100 »").first.wait_for()
    if check_accessibility:  # axe runs in the page: only where JavaScript runs
        assert serious_violations(page) == []
    page.get_by_label("Capdenac (46100)").check()
    page.get_by_role("button", name="Continuer").click()
    page.wait_for_url(f"**/mon-dossier/{draft.pk}/demande/besoins/")
    draft.refresh_from_db()
    assert [commune.name for commune in draft.wished_communes.all()] == ["Capdenac"]


def test_request_form_offers_the_communes_of_a_shared_postal_code(
    browser, live_server, page, newcomer, desk, capdenac
):
    # Without JavaScript: the candidates come back under the field, as radio buttons.
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, java_script_enabled=False
    )
    no_script = context.new_page()
    sign_in(no_script, newcomer.email)
    _pick_a_commune_among_candidates(no_script, CaseFactory(applicant=newcomer, draft=True))
    context.close()

    # With JavaScript: the same, and the suggestions show postal codes while typing.
    draft = CaseFactory(applicant=newcomer, draft=True)
    sign_in(page, newcomer.email)
    page.goto(f"/mon-dossier/{draft.pk}/demande/projet/")
    page.get_by_label("Communes souhaitées").press_sequentially("4610")
    option = page.locator("#communes-suggestions option").first
    option.wait_for(state="attached", timeout=10_000)
    values = page.locator("#communes-suggestions option").evaluate_all(
        "options => options.map(option => option.value)"
    )
    assert values == ["Figeac (46100)", "Capdenac (46100)"]
    _pick_a_commune_among_candidates(page, draft, check_accessibility=True)
    assert page.console_errors == []
