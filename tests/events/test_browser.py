"""In Chromium: a guest answers from the link; a coordinator checks a guest in on a phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client

from events.enums import InvitationStatus
from tests.events.factories import EventFactory, InvitationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serious_violations(page):
    results = Axe().run(page)
    return [
        f"{violation['id']}: {violation['help']}"
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def _sign_in(page, user, live_server):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_a_guest_answers_an_invitation_from_the_link(page, desk, figeac):
    event = EventFactory(desk=desk, commune=figeac, title="Soirée d'accueil de Figeac", capacity=10)
    invitation = InvitationFactory(event=event, first_name="Lucie", last_name="Fabre")
    page.goto(invitation.get_answer_url())
    assert page.get_by_role("heading", level=1).inner_text() == event.title
    assert serious_violations(page) == []
    page.get_by_label("Oui, je viendrai").check()
    page.get_by_label("Nombre d'accompagnants").fill("1")
    page.get_by_role("button", name="Envoyer ma réponse").click()
    page.get_by_text("Merci, votre inscription est enregistrée.").wait_for()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED and invitation.guests == 1
    assert "Inscrit·e (1 accompagnant)" in page.inner_text("main")
    assert page.console_errors == []


def test_a_coordinator_checks_a_guest_in_on_a_phone(page, live_server, coordinator, desk, figeac):
    event = EventFactory(desk=desk, commune=figeac)
    lucie = InvitationFactory(event=event, accepted=True, first_name="Lucie", last_name="Fabre")
    InvitationFactory(event=event, accepted=True, first_name="Paul", last_name="Rigal")
    _sign_in(page, coordinator, live_server)
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(f"/coordination/evenements/{event.pk}/accueil/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert serious_violations(page) == []
    page.get_by_label("Chercher un nom").fill("fab")
    page.get_by_role("button", name="Chercher").click()
    assert "RIGAL" not in page.inner_text(".check-in-list")
    page.get_by_role("button", name="Arrivé·e : Lucie Fabre").click()
    page.get_by_text("Lucie Fabre est arrivé·e.").wait_for()
    lucie.refresh_from_db()
    assert lucie.status == InvitationStatus.ATTENDED
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert page.console_errors == []


@pytest.mark.pdf
def test_the_print_page_follows_the_job_with_the_static_poller(
    page, live_server, coordinator, desk, figeac, eager_tasks
):
    event = EventFactory(desk=desk, commune=figeac)
    InvitationFactory.create_batch(3, event=event)
    _sign_in(page, coordinator, live_server)
    page.goto(f"/coordination/evenements/{event.pk}/documents/")
    assert serious_violations(page) == []
    page.get_by_role("button", name="Préparer les lettres").click()
    # Tasks run eagerly here (``eager_tasks``): the document is ready when the page opens.
    page.get_by_role("link", name="Télécharger le PDF").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le PDF").click()
    assert download.value.suggested_filename.endswith(".pdf")
    assert page.console_errors == []


@pytest.mark.pdf
def test_the_progress_page_updates_itself_until_the_download(
    page, live_server, coordinator, desk, figeac
):
    from events import documents
    from events.enums import DocumentKind

    event = EventFactory(desk=desk, commune=figeac)
    InvitationFactory.create_batch(2, event=event)
    job, _ = documents.request_document(event, DocumentKind.LETTERS, user=coordinator)
    _sign_in(page, coordinator, live_server)
    page.goto(f"/coordination/evenements/{event.pk}/documents/{job.pk}/")
    assert page.get_by_text("En file d'attente").is_visible()
    assert serious_violations(page) == []
    documents.run_job(job.pk)  # the worker's part
    page.get_by_role("link", name="Télécharger le PDF").wait_for(timeout=10000)
    assert page.console_errors == []


def test_coordinator_and_public_pages_have_no_serious_axe_violation(
    page, live_server, coordinator, desk, figeac
):
    event = EventFactory(desk=desk, commune=figeac, capacity=5)
    InvitationFactory(event=event, accepted=True, last_name="Fabre")
    InvitationFactory(event=event, waiting=True, last_name="Rigal")
    _sign_in(page, coordinator, live_server)
    paths = [
        "/evenements/",
        f"/evenements/{event.pk}/",
        "/coordination/evenements/",
        "/coordination/evenements/nouveau/",
        f"/coordination/evenements/{event.pk}/",
        f"/coordination/evenements/{event.pk}/invites/?interns=on",
        f"/coordination/evenements/{event.pk}/ecrire/",
        f"/coordination/evenements/{event.pk}/modifier/",
        f"/coordination/evenements/{event.pk}/annuler/",
    ]
    for path in paths:
        page.goto(path)
        assert serious_violations(page) == [], path
    page.set_viewport_size({"width": 320, "height": 640})
    for path in paths[:2]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    assert page.console_errors == []
