import pytest

from installations import services
from tests.browser import serious_violations, sign_in
from tests.installations.factories import CaseFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    sign_in(page, newcomer.email)
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
    sign_in(page, newcomer.email)
    page.goto(f"/mon-dossier/{draft.pk}/demande/vous/")
    page.locator("#id_first_name").fill("Camille")
    page.get_by_text("Brouillon enregistré à").wait_for(timeout=10_000)
    draft.refresh_from_db()
    assert draft.first_name == "Camille"
    page.goto(f"/mon-dossier/{draft.pk}/demande/projet/")
    page.locator("#id_communes_text").press_sequentially("Fig")
    option = page.locator("#communes-suggestions option").first
    option.wait_for(state="attached", timeout=10_000)
    assert option.get_attribute("value") == "Figeac (46100)"
    assert page.console_errors == []


def test_referent_pages_are_accessible_and_work_at_320px(page, referent, case):
    page.set_viewport_size({"width": 320, "height": 700})
    sign_in(page, referent.email)
    for path in ["/espace-referent/", f"/espace-referent/dossiers/{case.pk}/"]:
        page.goto(path)
        assert serious_violations(page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth") <= 330, path
    assert page.console_errors == []
