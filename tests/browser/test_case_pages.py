import pytest

from installations import services
from tests.browser.test_home import serious_violations
from tests.installations.factories import CaseFactory
from tests.portal.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, user):
    page.goto("/comptes/login/")
    page.get_by_label("Courriel").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Connexion").click()


@pytest.fixture
def case(newcomer, referent, desk, gp, figeac):
    case = CaseFactory(
        applicant=newcomer,
        desk=desk,
        profession=gp,
        communes=[figeac],
        in_progress=True,
        referent=referent,
        needs=["housing"],
    )
    services.post_message(case, by=referent, body="Bonjour")
    services.add_note(case, by=referent, body="Note")
    return case


def test_newcomer_pages_are_accessible(page, newcomer, case):
    sign_in(page, newcomer)
    for path in [case.get_absolute_url(), "/mon-dossier/nouvelle-demande/"]:
        page.goto(path)
        assert serious_violations(page) == [], path
    draft = CaseFactory(applicant=newcomer, draft=True)
    for step in ["vous", "profession", "projet", "besoins", "envoi"]:
        page.goto(f"/mon-dossier/{draft.pk}/demande/{step}/")
        assert serious_violations(page) == [], step
    assert page.console_errors == []


def test_draft_saves_itself_while_typing(page, newcomer, desk, figeac):
    draft = CaseFactory(applicant=newcomer, draft=True, first_name="")
    sign_in(page, newcomer)
    page.goto(f"/mon-dossier/{draft.pk}/demande/vous/")
    page.locator("#id_first_name").fill("Camille")
    page.get_by_text("Brouillon enregistré à").wait_for(timeout=10_000)
    draft.refresh_from_db()
    assert draft.first_name == "Camille"
    page.goto(f"/mon-dossier/{draft.pk}/demande/projet/")
    page.locator("#id_communes_text").press_sequentially("Fig")
    option = page.locator("#communes-suggestions option").first
    option.wait_for(state="attached", timeout=10_000)
    assert option.get_attribute("value") == "Figeac (46102)"
    assert page.console_errors == []


def test_referent_pages_are_accessible_and_work_at_320px(page, referent, case):
    page.set_viewport_size({"width": 320, "height": 700})
    sign_in(page, referent)
    for path in ["/espace-referent/", f"/espace-referent/dossiers/{case.pk}/"]:
        page.goto(path)
        assert serious_violations(page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= 330, path
    assert page.console_errors == []
