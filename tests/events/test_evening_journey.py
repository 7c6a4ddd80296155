"""Issue 16's « done when », in Chromium: a coordinator of the Lot rebuilds the Alvignac welcome
evening from the demo data with an area criterion (the Cauvaldor intercommunality, installed
since 2024), imports a partner's list of postal guests, sends the invitations, guests answer
past capacity and the waiting list moves fairly, letters are printed for postal-only guests
(address block, co-hosts' logos), and a walk-in is checked in on a 390 px phone.

The figures of a run (guests found, queue moves, letters, pages) are printed with ``-s``."""

import re
import shutil
import subprocess
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from events.enums import InvitationStatus, LettersFor
from events.models import CoHost, Event, EventLogKind, PrintJob
from portal.models import User
from tests.demo.conftest import seed_professions

pytestmark = [pytest.mark.browser, pytest.mark.pdf, pytest.mark.django_db(transaction=True)]

CAUVALDOR = "Causses et Vallée de la Dordogne"
PARTNER_CSV = (
    "Prénom;Nom;E-mail;Téléphone;Adresse;Complément;Code postal;Commune;Profession;Structure\n"
    "Odile;Marty-Lacombe;;01 99 00 46 01;12 rue de la Démonstration;Bâtiment B;46500;"
    "Gramat;Infirmière;Cabinet de démonstration\n"
    "Rémi;Delpech;;01 99 00 46 02;3 place Fictive;;46200;Souillac;Kinésithérapeute;\n"
)


def _sign_in(page, user, live_server):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _answer(page, invitation, *, yes=True, companions=0):
    page.goto(invitation.get_answer_url())
    page.get_by_label("Oui, je viendrai" if yes else "Non, je ne pourrai pas venir").check()
    if yes:
        page.get_by_label("Nombre d'accompagnants").fill(str(companions))
    page.get_by_role("button", name="Envoyer ma réponse").click()
    page.wait_for_load_state()
    invitation.refresh_from_db()
    return page.inner_text("main")


@pytest.fixture
def demo(settings, tmp_path, eager_tasks):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    seed_professions()
    call_command("load_demo", stdout=StringIO())
    return User.objects.get(email="coordination.lot@demo.example")


def test_the_alvignac_evening_from_the_demo_data(page, live_server, demo, tmp_path):
    coordinator = demo
    _sign_in(page, coordinator, live_server)
    figures = {}

    # 1. The event, co-hosted by the CPTS and Cauvaldor, three seats to see the queue move.
    page.goto("/coordination/evenements/nouveau/")
    start = timezone.localtime() + timedelta(days=40)
    page.get_by_label(re.compile(r"^Titre\b")).fill(
        "Soirée d'accueil des nouveaux professionnels 2027"
    )
    page.get_by_label(re.compile(r"^Type\b")).select_option("welcome_evening")
    page.get_by_label(re.compile(r"^Début\b")).fill(start.strftime("%Y-%m-%dT19:00"))
    page.get_by_label(re.compile(r"^Fin\b")).fill(start.strftime("%Y-%m-%dT22:00"))
    page.get_by_role("textbox", name="Commune").fill("Alvignac")
    page.get_by_label(re.compile(r"^Lieu\b")).fill("Espace Samayou")
    page.get_by_label("Nombre de places").fill("3")
    for cohost in CoHost.objects.filter(desk__slug="lot"):
        page.locator("fieldset", has_text="Co-organisateurs").get_by_label(cohost.name).check()
    page.get_by_role("button", name="Créer l'évènement").click()
    page.get_by_text("Évènement créé").wait_for()
    event = Event.objects.get(title="Soirée d'accueil des nouveaux professionnels 2027")
    assert event.co_hosts.count() == 2

    # 2. Guests by territory: the Cauvaldor intercommunality, installed since 2024.
    page.goto(f"/coordination/evenements/{event.pk}/invites/")
    page.get_by_label(CAUVALDOR, exact=False).first.check()
    page.get_by_label("Installés depuis le").fill("2024-01-01")
    page.get_by_role("button", name="Voir qui sera invité").click()
    preview = page.inner_text("main")
    assert "personnes trouvées" in preview
    for outsider in ("Figeac", "Cahors"):  # the demo's newcomers outside Cauvaldor
        assert f"({outsider})" not in preview
    ticks = page.locator("input[name='selected']")
    found = ticks.count()
    figures["found in Cauvaldor since 2024"] = found
    assert found >= 8
    ticks.last.uncheck()  # the coordinator leaves one person out
    page.get_by_role("button", name="Ajouter les personnes cochées").click()
    page.wait_for_load_state()
    assert event.invitations.count() == found - 1

    # A partner's list of postal guests (no e-mail), from a CSV file.
    csv_file = tmp_path / "liste-partenaire.csv"
    csv_file.write_text(PARTNER_CSV, encoding="utf-8")
    page.goto(f"/coordination/evenements/{event.pk}/invites/")
    page.get_by_label("Fichier CSV").set_input_files(str(csv_file))
    page.get_by_role("button", name="Voir les lignes du fichier").click()
    page.get_by_role("button", name="Ajouter ces 2 personnes à la liste").click()
    page.wait_for_load_state()
    postal = event.invitations.filter(email="")
    assert postal.filter(address_line="12 rue de la Démonstration", city="Gramat").exists()
    figures["guests"] = event.invitations.count()
    figures["postal-only guests"] = postal.count()

    # 3. Publish, send: only e-mailed guests count as « envoyées ».
    page.goto(f"/coordination/evenements/{event.pk}/")
    page.get_by_role("button", name="Ouvrir l'évènement (publier)").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="invitations par e-mail").click()
    page.wait_for_load_state()
    mailed = event.invitations.exclude(email="")
    assert mailed.filter(sent_at__isnull=True).count() == 0
    assert postal.filter(sent_at__isnull=False).count() == 0
    figures["e-mailed"] = mailed.count()

    # 4. Answers past capacity (3 seats): the queue moves fairly.
    anne, bruno, chloe, denis = list(mailed.order_by("pk")[:4])
    _answer(page, anne, companions=1)  # 2 seats
    assert anne.status == InvitationStatus.ACCEPTED
    text = _answer(page, bruno, companions=1)  # needs 2, 1 free: waits
    assert bruno.status == InvitationStatus.WAITING
    assert "à la 1re place de la liste d'attente" in text and "Il reste 1 place." in text
    _answer(page, chloe)  # alone, fits the free seat nobody waiting fits
    assert chloe.status == InvitationStatus.ACCEPTED
    text = _answer(page, denis)  # full: waits behind Bruno
    assert denis.status == InvitationStatus.WAITING
    assert "à la 2e place de la liste d'attente" in text
    _answer(page, anne, yes=False)  # two seats freed: they go to Bruno, first in the queue
    bruno.refresh_from_db()
    denis.refresh_from_db()
    assert bruno.status == InvitationStatus.ACCEPTED
    assert denis.status == InvitationStatus.WAITING and denis.queue_position() == 1
    assert event.invitations.seats_taken() == 3
    figures["promoted from the queue"] = event.log.filter(kind=EventLogKind.PROMOTED).count()
    page.goto(f"/coordination/evenements/{event.pk}/")
    dashboard = page.inner_text("main")
    assert "2 personnes" in dashboard and "3 places" in dashboard

    # 5. Letters for postal-only guests: address block and co-hosts' logos.
    page.goto(f"/coordination/evenements/{event.pk}/documents/")
    page.locator(f"input[name='letters_for'][value='{LettersFor.POSTAL}']").check()
    page.get_by_role("button", name="Préparer les lettres").click()
    page.get_by_role("link", name="Télécharger le PDF").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le PDF").click()
    pdf = tmp_path / "lettres.pdf"
    download.value.save_as(pdf)
    job = PrintJob.objects.get(event=event, kind="letters")
    assert job.letters_for == LettersFor.POSTAL and job.total == postal.count()
    if shutil.which("pdftotext"):
        letters = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "12 rue de la Démonstration" in letters and "46500 Gramat" in letters
        for cohost in event.co_hosts.all():
            assert cohost.name in letters
        figures["letter pages"] = letters.count("\f")
    if shutil.which("pdfimages"):
        images = subprocess.run(
            ["pdfimages", "-list", str(pdf)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert len(images.splitlines()) - 2 >= 2  # at least the two co-hosts' logos
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
            check=True,
        )
        assert any(tmp_path.glob("p*.png"))

    # 6. The evening, on a 390 px phone: a walk-in is added and counted as present.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/coordination/evenements/{event.pk}/accueil/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_text("Ajouter une personne venue sans invitation").click()
    page.get_by_label("Prénom").fill("Nadia")
    page.get_by_label(re.compile(r"^Nom\b")).fill("Venue-Sans-Invitation")
    page.get_by_label("Profession").fill("Sage-femme")
    page.get_by_role("button", name="Ajouter et marquer arrivé·e").click()
    page.wait_for_load_state()
    walk_in = event.invitations.get(last_name="Venue-Sans-Invitation")
    assert walk_in.walk_in and walk_in.status == InvitationStatus.ATTENDED
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert "Nadia Venue-Sans-Invitation" in page.inner_text("main")
    assert page.console_errors == []
    print("\nAlvignac evening journey:", figures)
