"""Issue 18's « done when », in Chromium: a retiring GP offers a succession without an account,
confirms the address through the link of the mail, the desk validates it in the admin
(« Valider et publier »), the newcomer whose case fits is told by the daily mail and sees the
offer in « Mon dossier », says « Ce projet m'intéresse », and the desk introduces them
(« Mettre en relation »). The offerer's contact is hidden from the newcomer until then and
shown after; each receives the other's contact by mail.

What a run found (score, reasons, mails) is printed with ``-s``."""

import re

import pytest
from django.test import Client

from opportunities import tasks
from opportunities.models import Match
from portal.models import OutgoingMail
from structures.models import OpportunityKind, Vacancy, VacancyStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OFFER_TITLE = "Cabinet de médecine générale à reprendre à Figeac"
OFFERER_EMAIL = "dr.retraite@cabinet.example"
OFFERER_PHONE = "01 99 00 46 77"
# Shown « 01 99 00 46 77 » (any spaces) or linked « tel:+33199004677 ».
OFFERER_PHONE_SHOWN = re.compile(r"01\s?99\s?00\s?46\s?77|199004677")
CONFIRM_PATH = re.compile(r"/offres/proposer/confirmer/[^/\s\"'<>]+/")


def _sign_in(page, user, live_server):
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _mail_to(address, **filters):
    return OutgoingMail.objects.filter(to=address, **filters).order_by("-pk").first()


def _field(page, label):
    """The form control whose label starts with ``label``."""
    return page.get_by_label(re.compile(rf"^{re.escape(label)}")).first


def _offer_a_succession(page):
    """The retiring GP, signed in nowhere, finds the form from the list of offers and fills it
    (a private contact: the box « Afficher mes coordonnées » stays unticked)."""
    page.goto("/postes/")
    page.get_by_role("link", name="Proposer une offre").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/offres/proposer/")
    page.get_by_role("radio", name=re.compile(r"^succession")).check()
    page.get_by_role("radio", name="professionnel·le de santé").check()
    _field(page, "Nom de l'offreur").fill("Dr Retraite")
    _field(page, "Profession recherchée").select_option(label="Médecin généraliste")
    _field(page, "Commune").fill("Figeac")
    _field(page, "Intitulé").fill(OFFER_TITLE)
    _field(page, "Description").fill(
        "Départ en retraite : patientèle de médecin traitant et cabinet à reprendre."
    )
    _field(page, "Votre nom").fill("Dr Paul Retraite")
    _field(page, "Votre e-mail").fill(OFFERER_EMAIL)
    _field(page, "Votre téléphone").fill(OFFERER_PHONE)
    assert not _field(page, "Afficher mes coordonnées").is_checked()  # private by default
    page.get_by_role("button", name="Envoyer l'offre").click()
    page.wait_for_load_state()
    return page.inner_text("main")


def _validate_in_the_admin(page, vacancy):
    page.goto(f"/admin/structures/vacancy/?status__exact={VacancyStatus.PENDING}")
    page.locator(f"input[name='_selected_action'][value='{vacancy.pk}']").check()
    page.locator("select[name='action']").select_option(label="Valider et publier")
    page.get_by_role("button", name="Envoyer").click()
    page.wait_for_load_state()
    confirm = page.get_by_role("button", name=re.compile("Valider et publier|Confirmer"))
    if confirm.count():  # an intermediate page (portal.admin_actions)
        confirm.first.click()
        page.wait_for_load_state()
    return page.inner_text("#content-main, main, body")


def test_a_succession_offered_without_an_account_finds_its_newcomer(
    page, live_server, in_progress_case, staff, newcomer, eager_tasks
):
    case = in_progress_case
    figures = {}
    page.set_default_timeout(10_000)

    # 1. The retiring GP offers a succession, without an account.
    text = _offer_a_succession(page)
    vacancy = Vacancy.objects.get(title=OFFER_TITLE)
    assert vacancy.kind == OpportunityKind.SUCCESSION
    assert vacancy.status == VacancyStatus.PENDING and not vacancy.contact_public
    assert vacancy.email_confirmed_at is None
    assert "Merci, votre offre est reçue" in text and OFFERER_EMAIL in text

    # 2. … confirms the address through the link of the mail in the outbox.
    mail = _mail_to(OFFERER_EMAIL)
    assert mail is not None, "no confirmation mail to the offerer"
    link = CONFIRM_PATH.search(mail.body_text)
    assert link, mail.body_text
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirmer mon adresse").click()  # GET alone confirms nothing
    page.wait_for_load_state()
    vacancy.refresh_from_db()
    assert vacancy.email_confirmed_at is not None
    assert vacancy.status == VacancyStatus.PENDING  # the desk still has to validate it
    unpublished = page.goto(vacancy.get_absolute_url())
    assert unpublished.status == 404  # not published yet: nothing of it to see
    page.console_errors.clear()  # the browser logs that 404 as a resource that failed

    # 3. The desk validates it in the admin; publishing looks for the cases it fits.
    _sign_in(page, staff, live_server)
    assert "1 offre publiée." in _validate_in_the_admin(page, vacancy)
    vacancy.refresh_from_db()
    assert vacancy.status == VacancyStatus.OPEN
    assert vacancy.validated_by == staff and vacancy.validated_at is not None
    match = Match.objects.get(case=case, vacancy=vacancy)
    assert "même profession" in match.reasons
    figures["score"], figures["reasons"] = match.score, match.reasons

    # 4. The newcomer is told by the daily mail (the beat task, run in-process).
    assert tasks.notify_matches() >= 1
    told = _mail_to(newcomer.email, topic="opportunities_matches")
    assert told is not None and OFFER_TITLE in told.body_text
    assert OFFERER_EMAIL not in told.body_text and not OFFERER_PHONE_SHOWN.search(told.body_text)
    match.refresh_from_db()
    assert match.notified_at is not None

    # 5. … sees it in « Mon dossier », without the offerer's contact, and is interested.
    _sign_in(page, newcomer, live_server)
    page.goto(case.get_absolute_url())
    panel = page.locator("section", has_text="Offres qui correspondent à votre projet")
    assert OFFER_TITLE in panel.inner_text()
    before = page.content()
    assert OFFERER_EMAIL not in before and not OFFERER_PHONE_SHOWN.search(before)
    for public in (vacancy.get_absolute_url(), "/postes/?kind=succession"):
        page.goto(public)
        assert OFFER_TITLE in page.inner_text("main")
        public_page = page.content()
        assert OFFERER_EMAIL not in public_page and not OFFERER_PHONE_SHOWN.search(public_page)
    page.goto(case.get_absolute_url())
    panel.get_by_role("button", name="Ce projet m'intéresse").click()
    page.wait_for_load_state()
    assert case.interested_vacancies.filter(pk=vacancy.pk).exists()
    after_interest = page.content()
    assert OFFERER_EMAIL not in after_interest  # interest alone reveals nothing
    assert "Vous avez dit votre intérêt" in panel.inner_text()

    # 6. The desk sees the interested case among the matches and introduces them.
    _sign_in(page, staff, live_server)
    page.goto(f"/guichet/offres/{vacancy.pk}/correspondances/")
    row = page.locator("tbody tr", has_text=case.reference)
    assert row.count() == 1
    assert row.locator("td").nth(2).inner_text().strip() == "oui"  # « Intéressé·e »
    row.get_by_role("link", name="Mettre en relation").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Mettre en relation").click()
    page.wait_for_load_state()
    assert "Mise en relation faite" in page.inner_text("main")
    match.refresh_from_db()
    assert match.introduced_at is not None and match.introduced_by == staff

    # 7. Only now does the newcomer see the offerer's contact, and each has the other's.
    _sign_in(page, newcomer, live_server)
    page.goto(case.get_absolute_url())
    revealed = page.locator("section", has_text="Offres qui correspondent à votre projet")
    assert OFFERER_EMAIL in revealed.inner_text()
    assert OFFERER_PHONE_SHOWN.search(revealed.inner_html())
    to_offerer = _mail_to(OFFERER_EMAIL, topic="opportunities_intro_offerer")
    assert to_offerer is not None and newcomer.email in to_offerer.body_text
    to_newcomer = _mail_to(newcomer.email, topic="opportunities_intro_newcomer")
    assert to_newcomer is not None and OFFERER_EMAIL in to_newcomer.body_text
    assert page.console_errors == []
    figures["mails"] = list(OutgoingMail.objects.order_by("pk").values_list("topic", "to"))
    print("\nSuccession journey:", figures)
