"""Issue 19's « done when », the single-appointment half, in Chromium, on the demo data: Camille
Durand (the « Mon dossier » demo account) signs in and, without JavaScript, books a slot of the
published session in Cahors and sees what to bring; the Lot desk's staff sends the lists; the
URSSAF's contact opens its link from the outbox mail, sees Camille and her profession, downloads
the PDF; after the session, the contact ticks that she came and her declaration done; the desk
sends the summaries and Camille reads hers (done, remaining) in « Mon dossier ». Thirty days
after the session, the link answers 410."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.db.models import F
from django.test import Client
from django.utils import timezone

from demo.partner_sessions import PLACE
from demo.territories import DEMO_PASSWORD
from installations.models import Case
from partners.models import AppointmentSession, AppointmentSlot, SessionAccess
from portal.models import OutgoingMail, User
from portal.pdf import UNAVAILABLE_MESSAGE, pdf_available
from tests.demo.conftest import load_demo_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

URSSAF_CONTACT = "karine.bousquet@demo.example"  # the URSSAF's primary contact (away, active)
DECLARATION = "Déclaration de début d'activité"


def _text(locator):
    return locator.inner_text().replace("\xa0", " ")


def _sign_in(page, user, live_server):
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _move_session(session, delta):
    """The session, its slots and the bookings move in time (the morning comes, or passes)."""
    AppointmentSession.objects.filter(pk=session.pk).update(
        starts_at=F("starts_at") + delta, ends_at=F("ends_at") + delta
    )
    AppointmentSlot.objects.filter(session=session).update(starts_at=F("starts_at") + delta)
    session.refresh_from_db()


@pytest.fixture
def demo():
    load_demo_world()
    return Case.objects.get(applicant__email="nouvelle.arrivante@demo.example")


def test_camille_books_the_single_appointment_and_reads_its_summary(
    browser, page, live_server, demo
):
    case = demo
    session = AppointmentSession.objects.get(
        place=PLACE, published=True, starts_at__gt=timezone.now()
    )
    declaration = case.steps.get(template__code__startswith="declaration-")
    assert declaration.done_at is None

    # 1. Camille signs in and books from « Mon dossier », without JavaScript.
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, java_script_enabled=False
    )
    newcomer = context.new_page()
    newcomer.goto("/comptes/login/")
    newcomer.get_by_label("Courriel").fill(case.applicant.email)
    newcomer.locator("#id_password").fill(DEMO_PASSWORD)
    newcomer.get_by_role("button", name="Connexion").click()
    newcomer.goto(f"/mon-dossier/{case.pk}/")
    panel = newcomer.locator("section", has=newcomer.locator("#titre-rendez-vous"))
    assert "Prochains rendez-vous" in _text(panel)
    offer = panel.locator("form", has_text="Cahors")
    assert "CPAM du Lot" in _text(offer) and "URSSAF Midi-Pyrénées" in _text(offer)
    # 9 h and 10 h are Thomas Garnier's and Léa Morel's: four free slots are offered.
    assert offer.locator("input[type=radio]").count() == 4
    offer.get_by_label("9 h 30").check()
    offer.get_by_role("button", name="Réserver ce créneau").click()
    newcomer.wait_for_load_state()
    main = _text(newcomer.locator("main"))
    assert "Votre créneau est réservé : une confirmation vous est envoyée par e-mail." in main
    panel = newcomer.locator("section", has=newcomer.locator("#titre-rendez-vous"))
    assert "Votre créneau : " in _text(panel) and "à 9 h 30" in _text(panel)
    assert f"URSSAF Midi-Pyrénées : {DECLARATION}" in _text(panel)
    slot = AppointmentSlot.objects.get(session=session, case=case)
    assert OutgoingMail.objects.filter(
        topic="partners_session_booked", to=case.applicant.email
    ).exists()

    # 2. The desk's staff opens the session's page and sends the lists.
    staff = User.objects.get(email="equipe.lot@demo.example")
    _sign_in(page, staff, live_server)
    page.goto(f"/guichet/rendez-vous/{session.pk}/")
    row = page.locator("tr", has_text="Camille Durand")
    assert "Médecin généraliste" in _text(row)
    page.get_by_role("button", name="Envoyer la liste aux partenaires").click()
    page.wait_for_load_state()
    assert "Liste envoyée : 4 partenaires." in _text(page.locator("main"))

    # 3. The URSSAF's contact opens its link from the outbox mail (no account, no session).
    mail = OutgoingMail.objects.get(topic="partners_session_list", to=URSSAF_CONTACT)
    link = urlsplit(
        re.search(r"https?://\S+/partenaire/rendez-vous/\S+/", mail.body_text).group(0)
    ).path
    page.context.clear_cookies()
    page.goto(link)
    expected = page.locator("table", has_text="Camille Durand")
    assert "Médecin généraliste" in _text(expected) and "Figeac" in _text(expected)
    assert DECLARATION in _text(expected)
    assert case.reference not in _text(page.locator("main"))
    assert case.applicant.email not in _text(page.locator("main"))
    pdf_url = page.get_by_role("link", name="Télécharger la liste en PDF").get_attribute("href")
    response = page.context.request.get(pdf_url)
    if pdf_available():
        assert response.status == 200 and response.headers["content-type"] == "application/pdf"
        assert response.body().startswith(b"%PDF")
    else:  # without Pango the page says so (the PDF itself is tested where Pango is)
        assert response.status == 503 and UNAVAILABLE_MESSAGE.split(".")[0] in response.text()

    # 4. The morning comes: the contact ticks that Camille came and her declaration done.
    _move_session(session, timezone.now() - timedelta(hours=3) - session.starts_at)
    page.goto(link)
    card = page.locator("fieldset.card", has_text="Camille Durand")
    card.get_by_label("venu·e").check()
    card.get_by_label(re.compile(DECLARATION)).first.check()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert "Merci, c'est noté (1 démarche faite)." in _text(page.locator("main"))
    slot.refresh_from_db()
    declaration.refresh_from_db()
    assert slot.attended is True and declaration.done_at is not None

    # 5. The other partners have not ticked: the desk sends the summaries.
    _sign_in(page, staff, live_server)
    page.goto(f"/guichet/rendez-vous/{session.pk}/")
    page.get_by_role("button", name=re.compile("Envoyer les comptes rendus")).click()
    page.wait_for_load_state()
    assert "Comptes rendus envoyés : 3 personnes." in _text(page.locator("main"))
    assert OutgoingMail.objects.filter(
        topic="partners_session_summary", to=case.applicant.email
    ).exists()

    # 6. Camille reads the summary in « Mon dossier »: what was done, what remains.
    newcomer.goto(f"/mon-dossier/{case.pk}/")
    main = _text(newcomer.locator("main"))
    assert "le compte rendu est dans votre historique et vous a été envoyé par e-mail." in main
    summary = re.search(r"Compte rendu du rendez-vous unique du [^\n]*", main).group(0)
    assert f"Fait : {DECLARATION}" in summary and "Reste à faire : " in summary
    context.close()

    # 7. Thirty days after the session, the link answers 410, and the refusal is logged.
    _move_session(session, -timedelta(days=31))
    page.context.clear_cookies()
    response = page.goto(link)
    assert response.status == 410
    assert "Ce lien n'est plus valable" in _text(page.locator("main"))
    assert Client().get(link).status_code == 410
    assert SessionAccess.objects.filter(session=session, action="refused").count() == 2
    actions = set(SessionAccess.objects.filter(session=session).values_list("action", flat=True))
    assert {"view", "outcomes", "refused"} <= actions
    assert ("pdf" in actions) == pdf_available()
    # The only console error is the expired link's 410, which the step above asked for.
    assert [e for e in page.console_errors if "410 (Gone)" not in e] == []
