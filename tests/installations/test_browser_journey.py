"""The whole journey of a request, in headless Chromium, as the three people live it."""

import re

import pytest

from installations.models import Case
from portal.models import OutgoingMail
from tests.browser import sign_in
from tests.installations.factories import ReferentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_sign_up_to_installation(
    browser, live_server, page, desk, figeac, gp, staff, referent
):
    ReferentFactory(user=referent, communes=[figeac], public_phone="01 99 00 46 20")
    page.set_default_timeout(10_000)

    # 1. The newcomer signs up and confirms the address with the link that was mailed.
    page.goto("/")
    page.get_by_role("link", name="Déposer ma demande").click()
    page.get_by_label("Courriel").fill("camille.martin@exemple.test")
    page.locator("#id_password1").fill("une-phrase-de-passe-longue")
    page.get_by_label("Mot de passe (confirmation)").fill("une-phrase-de-passe-longue")
    page.get_by_role("button", name="Création de compte").click()
    mail = OutgoingMail.objects.get(to="camille.martin@exemple.test")
    link = re.search(r"https?://\S+/comptes/confirm-email/\S+/", mail.body_text).group(0)
    page.goto("/comptes/" + link.split("/comptes/", 1)[1])
    page.get_by_role("button", name="Confirmer").click()

    # 2. Fills a draft, saves it, comes back to it, then submits.
    page.goto("/mon-dossier/nouvelle-demande/")
    page.get_by_role("button", name="Commencer").click()
    page.locator("#id_first_name").fill("Camille")
    page.locator("#id_last_name").fill("Martin")
    page.locator("#id_phone").fill("06 12 34 56 78")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.get_by_text("Brouillon enregistré.").wait_for()
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("Profession ou spécialité").select_option(label="Médecin généraliste")
    page.get_by_label("remplaçant·e").check()
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("Communes souhaitées").fill("Figeac (46102)")
    page.get_by_label("libéral", exact=True).check()
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label("logement").check()
    page.get_by_role("button", name="Continuer").click()
    page.get_by_label(re.compile("J'accepte que mes informations")).check()
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.get_by_text("Votre demande a bien été reçue").wait_for()
    case = Case.objects.get(applicant__email="camille.martin@exemple.test")
    assert case.status == "submitted" and case.desk == desk
    newcomer_url = page.url

    # 3. Staff assign the referent in the admin, with the suggested referent pre-selected.
    staff_page = browser.new_context(locale="fr-FR", base_url=live_server.url).new_page()
    sign_in(staff_page, staff.email)
    staff_page.goto("/admin/installations/case/")
    staff_page.locator(f"input[name=_selected_action][value='{case.pk}']").check()
    staff_page.locator("select[name=action]").select_option("assign_referent")
    staff_page.locator("button[name=index]").click()
    assert staff_page.get_by_text("couvre Figeac").is_visible()
    staff_page.get_by_role("button", name="Attribuer").click()
    staff_page.get_by_text("1 dossier attribué.").wait_for()

    # 4. The referent logs the first contact and writes to the newcomer.
    referent_page = browser.new_context(locale="fr-FR", base_url=live_server.url).new_page()
    sign_in(referent_page, referent.email)
    referent_page.goto("/espace-referent/")
    referent_page.get_by_role("link", name=case.reference).click()
    referent_page.get_by_text("Premier contact effectué").first.click()
    referent_page.get_by_label("Compte rendu du premier contact").fill("Appel de 20 minutes.")
    referent_page.get_by_role("button", name="Premier contact effectué").click()
    referent_page.get_by_text("Dossier mis à jour").wait_for()
    referent_page.locator("#messages textarea").fill("Bienvenue ! Quand venez-vous visiter ?")
    referent_page.get_by_role("button", name="Envoyer au demandeur").click()
    referent_page.get_by_text("Message envoyé au demandeur.").wait_for()

    # 5. The newcomer reads it in « Mon dossier ».
    page.goto(newcomer_url)
    assert (
        page.locator("#messages").get_by_text("Bienvenue ! Quand venez-vous visiter ?").is_visible()
    )
    assert page.get_by_text("Votre accompagnement est en cours").is_visible()
    assert page.get_by_text("01 99 00 46 20").is_visible()

    # 6. The referent records the installation.
    referent_page.reload()
    referent_page.get_by_text("Enregistrer l'installation").first.click()
    referent_page.get_by_label("Date d'installation").fill("2026-12-01")
    referent_page.get_by_label("Commune d'installation").fill("Figeac (46102)")
    referent_page.get_by_label("Mode d'exercice").select_option("liberal")
    referent_page.get_by_role("button", name="Enregistrer l'installation").click()
    referent_page.get_by_text("Dossier mis à jour : installé·e.").wait_for()
    case.refresh_from_db()
    assert case.status == "installed" and case.professional.commune == figeac

    page.reload()
    assert page.get_by_text("Vous êtes installé·e : bienvenue !").is_visible()
    assert page.console_errors == []
    staff_page.context.close()
    referent_page.context.close()
