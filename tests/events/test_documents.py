"""Printed documents (opened with pypdf, positions read with pdftotext -bbox) and the CSV
guest list."""

import csv
import io
import re
import subprocess
import tempfile
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from events import documents
from events.enums import DocumentKind, InvitationStatus, LettersFor
from events.models import CoHost, EventLog, EventLogKind, Invitation, PrintJob
from portal.document_jobs import JobStatus
from tests.events.factories import InvitationFactory, bulk_invitations

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def _guests(event):
    return [
        InvitationFactory(
            event=event,
            accepted=True,
            first_name="Zoé",
            last_name="Vidal",
            profession_label="Infirmière",
            structure_label="MSP de Figeac",
        ),
        InvitationFactory(
            event=event,
            accepted=True,
            first_name="Anne",
            last_name="Besse",
            profession_label="Médecin généraliste",
        ),
        InvitationFactory(event=event, first_name="Marc", last_name="Lagarde"),
        InvitationFactory(
            event=event, status=InvitationStatus.DECLINED, first_name="Non", last_name="Venant"
        ),
    ]


def _make(event, kind):
    job, created = documents.request_document(event, kind, user=None)
    assert created
    assert documents.run_job(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.done == job.total
    return job, job.file.read()


@pytest.mark.pdf
def test_letters_one_page_per_guest_with_letterhead_and_answer_link(event):
    event.desk.address = "12 rue de l'Exemple\n46000 Cahors"
    event.desk.save()
    guests = _guests(event)
    _job, data = _make(event, DocumentKind.LETTERS)
    pages, content = _pdf_text(data)
    assert pages == 3  # the guest who declined gets no letter
    reader = PdfReader(io.BytesIO(data))
    for index, name in enumerate(["Anne Besse", "Marc Lagarde", "Zoé Vidal"]):
        page = reader.pages[index].extract_text()
        assert name in page
        assert event.desk.name in page and event.desk.phone in page and "46000 Cahors" in page
        assert event.venue_name in page and event.commune.name in page
        assert len(reader.pages[index].images) >= 1  # the QR code, embedded
    assert guests[0].token in content.replace("\n", "")
    assert "Venant" not in content


@pytest.mark.pdf
def test_sign_in_sheet_sorted_by_name_with_signature_column(event):
    _guests(event)
    _, data = _make(event, DocumentKind.SIGN_IN)
    _, content = _pdf_text(data)
    assert "Feuille d'émargement" in content and "Signature" in content
    assert content.index("BESSE Anne") < content.index("VIDAL Zoé")
    assert "Infirmière" in content and "MSP de Figeac" in content
    assert "LAGARDE" not in content  # no answer yet: not expected


@pytest.mark.pdf
@pytest.mark.parametrize(
    "kind, per_page", [(DocumentKind.BADGES_8, 8), (DocumentKind.BADGES_10, 10)]
)
def test_badges_per_page(event, kind, per_page):
    for index in range(per_page + 1):
        InvitationFactory(
            event=event, accepted=True, first_name=f"Badge{index:02d}", last_name="Test"
        )
    _, data = _make(event, kind)
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 2
    first = reader.pages[0].extract_text()
    assert first.count("Badge") == per_page
    assert f"Badge{per_page:02d}" in reader.pages[1].extract_text()


@pytest.mark.pdf
def test_same_data_reuses_the_document_and_a_change_makes_a_new_one(event):
    guest = InvitationFactory(event=event, accepted=True)
    job, _ = _make(event, DocumentKind.SIGN_IN)
    again, created = documents.request_document(event, DocumentKind.SIGN_IN, user=None)
    assert again == job and not created
    guest.guests = 1
    guest.save()
    fresh, created = documents.request_document(event, DocumentKind.SIGN_IN, user=None)
    assert created and fresh != job
    assert not documents.run_job(job.pk)  # a finished job is not run again


@pytest.mark.pdf
def test_the_print_page_shows_progress_then_the_download(
    client, coordinator, event, django_capture_on_commit_callbacks
):
    _guests(event)
    client.force_login(coordinator)
    page = client.get(reverse("events:documents", kwargs={"pk": event.pk}))
    assert "Préparer les lettres" in page.content.decode()
    # Without a worker the job waits: the page shows progress and a refresh link.
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("events:document_request", kwargs={"pk": event.pk}), {"kind": "letters"}
        )
    assert len(callbacks) == 1
    job = PrintJob.objects.get()
    assert response["Location"] == reverse(
        "events:document", kwargs={"pk": event.pk, "job_pk": job.pk}
    )
    html = client.get(response["Location"]).content.decode()
    assert "<progress" in html and "Actualiser la page" in html and "job-progress.js" in html
    status = client.get(reverse("events:document_json", kwargs={"pk": event.pk, "job_pk": job.pk}))
    assert status.json() == {
        "status": "pending",
        "done": 0,
        "total": 3,
        "percent": 0,
        "finished": False,
    }
    download = reverse("events:document_download", kwargs={"pk": event.pk, "job_pk": job.pk})
    assert client.get(download).status_code == 404
    # The task runs.
    documents.run_job(job.pk)
    html = client.get(response["Location"]).content.decode()
    assert "Télécharger le PDF" in html and "job-progress.js" not in html
    pdf = client.get(download)
    assert pdf["Content-Type"] == "application/pdf"
    assert "Zoé Vidal" in _pdf_text(b"".join(pdf.streaming_content))[1]


@pytest.mark.pdf
def test_progress_is_recorded_chunk_by_chunk(event, monkeypatch):
    monkeypatch.setattr(documents, "LETTER_CHUNK", 2)
    for index in range(5):
        InvitationFactory(event=event, last_name=f"Nom{index}")
    seen = []
    documents.make_letters(event, list(event.invitations.by_name()), progress=seen.append)
    assert seen == [2, 4, 5]


def test_csv_guest_list(client, coordinator, event):
    _guests(event)
    InvitationFactory(event=event, last_name='=HYPERLINK("http://x")', first_name="Piège")
    client.force_login(coordinator)
    response = client.get(reverse("events:csv", kwargs={"pk": event.pk}))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Nom", "Prénom", "E-mail"]
    names = [row[0] for row in rows[1:]]
    assert names[:2] == ['\'=HYPERLINK("http://x")', "Besse"]  # formulas neutralised
    assert len(rows) == 6


# --- Letters for a subset, postal addresses, co-hosts, companions, badges that fit ----------
# Positions on the printed page are read with pdftotext -bbox (poppler-utils), in points.
MM = 72 / 25.4


def _words(data: bytes) -> list[list[dict]]:
    """Each page's words with their box in millimetres from the sheet's top-left corner."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        html = subprocess.run(
            ["pdftotext", "-bbox", pdf.name, "-"], capture_output=True, check=True, text=True
        ).stdout
    pages = []
    for page in re.findall(r"<page .*?</page>", html, re.S):
        words = []
        for attrs, text in re.findall(r"<word ([^>]*)>([^<]*)</word>", page):
            box = {key: float(value) / MM for key, value in re.findall(r'(\w+)="([\d.]+)"', attrs)}
            words.append({"text": unescape(text), **box})
        pages.append(words)
    return pages


def _lines(data: bytes) -> list[str]:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        text = subprocess.run(
            ["pdftotext", pdf.name, "-"], capture_output=True, check=True, text=True
        ).stdout
    return [line.strip() for line in text.splitlines() if line.strip()]


def _postal(event, **fields):
    return InvitationFactory(
        event=event,
        email="",
        sent_at=None,
        **{
            "first_name": "Paul",
            "last_name": "Courrier",
            "address_line": "3 chemin des Vignes",
            "address_extra": "Lieu-dit Le Bourg",
            "postal_code": "46500",
            "city": "Alvignac",
            **fields,
        },
    )


def _png(colour="#2a7f62", size=(300, 120)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def co_hosts(event, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    made = []
    for name, signatory, colour in (
        ("CPTS Nord du Lot", "Dr Hélène Vayssié", "#2a7f62"),
        ("Cauvaldor", "Raphaël Daubet", "#c8512a"),
    ):
        co_host = CoHost.objects.create(
            desk=event.desk, name=name, signatory_name=signatory, signatory_title="Président·e"
        )
        co_host.logo.save("logo.png", ContentFile(_png(colour)))
        made.append(co_host)
    event.co_hosts.set(made)
    return made


def test_letters_for_a_subset_are_different_jobs(event):
    _guests(event)  # Besse, Vidal (yes), Lagarde (no answer), Venant (declined)
    postal = _postal(event)  # no answer, no e-mail
    names = {
        letters_for: [i.last_name for i in documents.recipients(event, "letters", letters_for)]
        for letters_for in LettersFor.values
    }
    assert names == {
        "all": ["Besse", "Courrier", "Lagarde", "Vidal"],
        "postal": ["Courrier"],
        "no_answer": ["Courrier", "Lagarde"],
    }
    keys = {documents.data_key(event, "letters", value) for value in LettersFor.values}
    assert len(keys) == 3
    job, created = documents.request_document(event, "letters", user=None, letters_for="postal")
    assert created and job.letters_for == "postal" and job.total == 1
    again, created = documents.request_document(event, "letters", user=None, letters_for="postal")
    assert again == job and not created
    other, created = documents.request_document(event, "letters", user=None)
    assert created and other.total == 4
    assert documents.letter_counts(event) | {"postal_without_address": None} == {
        "all": 4,
        "postal": 1,
        "no_answer": 2,
        "postal_without_address": None,
        "postal_to_send": 1,
        "postal_sent": 0,
    }
    postal.address_line = ""
    postal.save()
    assert documents.letter_counts(event)["postal_without_address"] == 1


def test_the_documents_page_offers_each_subset_with_its_count(
    client, coordinator, event, django_capture_on_commit_callbacks, monkeypatch
):
    _guests(event)
    _postal(event)
    _postal(event, last_name="Sansadresse", address_line="", postal_code="", city="")
    client.force_login(coordinator)
    html = client.get(reverse("events:documents", kwargs={"pk": event.pk})).content.decode()
    assert "Courrier seulement (2)" in html
    assert "Sans réponse (3)" in html and "Tous les invités (hors refus) (5)" in html
    assert "1 invité sans e-mail n'a pas d'adresse postale" in html
    assert "Courrier : 2 lettres à envoyer, 0 envoyée." in html
    monkeypatch.setattr("events.views.documents.pdf_available", lambda: True)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(
            reverse("events:document_request", kwargs={"pk": event.pk}),
            {"kind": "letters", "letters_for": "postal"},
        )
    job = PrintJob.objects.get()
    assert job.letters_for == "postal" and job.total == 2
    bad = client.post(
        reverse("events:document_request", kwargs={"pk": event.pk}),
        {"kind": "letters", "letters_for": "tout-le-monde"},
    )
    assert bad.status_code == 302 and PrintJob.objects.count() == 1


def test_documents_page_query_budget(client, coordinator, event, django_assert_max_num_queries):
    bulk_invitations(event, 40)
    event.invitations.update(email="")
    for index in range(12):
        PrintJob.objects.create(event=event, kind="letters", data_key=f"{index:064d}")
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("events:documents", kwargs={"pk": event.pk}))
    assert "Courrier seulement (40)" in response.content.decode()


@pytest.mark.pdf
def test_the_address_sits_in_the_envelope_window(event):
    _postal(event)
    InvitationFactory(event=event, first_name="Anne", last_name="Besse")  # e-mail, no address
    _job, data = _make(event, DocumentKind.LETTERS)
    besse, courrier = _words(data)
    window = [w for w in courrier if 48 <= w["yMin"] <= 82 and w["xMin"] >= 105]
    text = " ".join(w["text"] for w in window)
    assert text == "Paul Courrier 3 chemin des Vignes Lieu-dit Le Bourg 46500 Alvignac"
    for word in window:  # DL window: x 110–190 mm, y 50–80 mm
        assert word["xMin"] >= 110 and word["xMax"] <= 190
        assert word["yMin"] >= 50 and word["yMax"] <= 80
    # No address block for a guest without one: only her name, above the window.
    assert [w["text"] for w in besse if 40 <= w["yMin"] <= 80 and w["xMin"] >= 110][:2] == [
        "Anne",
        "Besse",
    ]
    assert "chemin" not in " ".join(w["text"] for w in besse)


@pytest.mark.pdf
def test_the_answer_address_breaks_only_before_the_token(event, settings):
    # 37 characters before the token, 43 in it: the two do not fit on one line.
    settings.SITE_URL = "https://sante.lot.example"
    guest = InvitationFactory(event=event)
    guest.token = "Ab-cd_" * 7 + "x"  # hyphens and underscores: break-all used to cut here
    guest.save()
    _job, data = _make(event, DocumentKind.LETTERS)
    lines = _lines(data)
    assert guest.token + "/" in lines  # whole, on its own line
    before = lines[lines.index(guest.token + "/") - 1]
    assert before.endswith("/invitation/")


@pytest.mark.pdf
def test_letters_and_badges_carry_the_co_hosts(event, co_hosts):
    InvitationFactory(event=event, accepted=True, first_name="Anne", last_name="Besse")
    _job, letters = _make(event, DocumentKind.LETTERS)
    page = PdfReader(io.BytesIO(letters)).pages[0]
    text = page.extract_text()
    assert "CPTS Nord du Lot" in text and "Cauvaldor" in text and event.desk.name in text
    assert "Dr Hélène Vayssié" in text and "Raphaël Daubet" in text  # each signs
    assert len(page.images) == 3  # two logos and the QR code
    _job, badges = _make(event, DocumentKind.BADGES_8)
    assert len(PdfReader(io.BytesIO(badges)).pages[0].images) == 2


def test_a_new_logo_makes_a_new_document(event, co_hosts):
    before = documents.data_key(event, DocumentKind.BADGES_8)
    co_hosts[0].logo.save("logo.png", ContentFile(_png("#000000")))
    assert documents.data_key(event, DocumentKind.BADGES_8) != before


def test_companions_are_read_from_lines_or_commas_and_padded():
    guest = Invitation(guests=3, companion_names="Julie Martin\nLéo Martin, ")
    assert documents.companion_names(guest) == ["Julie Martin", "Léo Martin", ""]
    assert documents.companion_names(Invitation(guests=0)) == []


@pytest.mark.pdf
def test_companions_on_the_sign_in_sheet_and_as_badges(event):
    InvitationFactory(
        event=event,
        accepted=True,
        first_name="Anne",
        last_name="Besse",
        guests=2,
        companion_names="Julie Martin",
    )
    InvitationFactory(event=event, accepted=True, first_name="Zoé", last_name="Vidal", guests=1)
    _, sheet = _make(event, DocumentKind.SIGN_IN)
    lines = _lines(sheet)
    rows = lines[lines.index("1 BESSE Anne") : lines.index("Signature")]
    assert rows == [
        "1 BESSE Anne",
        "2 Julie Martin",
        "accompagnant·e de Anne Besse",
        "3 Accompagnant·e",  # announced, not named: a line to write on
        "accompagnant·e de Anne Besse",
        "4 VIDAL Zoé",
        "5 Accompagnant·e",
        "accompagnant·e de Zoé Vidal",
    ]
    text = _pdf_text(sheet)[1]
    assert text.count("accompagnant·e de Anne Besse") == 2
    assert text.count("accompagnant·e de Zoé Vidal") == 1
    _, badges = _make(event, DocumentKind.BADGES_8)
    text = _pdf_text(badges)[1]
    assert text.count(event.title) == 5  # 2 guests + 3 companions
    assert "Julie" in text and "MARTIN" in text and text.count("Accompagnant·e") == 2


@pytest.mark.pdf
@pytest.mark.parametrize(
    "kind, height, per_page", [(DocumentKind.BADGES_8, 68, 8), (DocumentKind.BADGES_10, 54.5, 10)]
)
def test_long_names_stay_inside_their_badge(event, kind, height, per_page):
    structure = (
        "Maison de santé pluriprofessionnelle universitaire du Pays de Padirac, de Rocamadour "
        "et de la vallée de la Dordogne lotoise"
    )[:120]
    assert len(structure) == 120
    for index in range(per_page):
        InvitationFactory(
            event=event,
            accepted=True,
            first_name="Marie-Christine-Alexandrine" if index % 2 else "Jo",
            last_name="De La Roche-Fontenay-Saint-Martin-des-Champs" if index % 3 else "Li",
            profession_label="Masseur-kinésithérapeute du sport et de la rééducation " * 2,
            structure_label=structure,
        )
    _, data = _make(event, kind)
    (words,) = _words(data)
    assert any(w["text"] == "Rocamadour" for w in words)
    margin, width = 10, 95  # @page badges margin; two columns on 190 mm
    for word in words:
        column = int((word["xMin"] - margin) // width)
        row = int((word["yMin"] - margin) // height)
        left, top = margin + column * width, margin + row * height
        assert 0 <= column < 2 and 0 <= row < per_page // 2, word
        # Inside the box, 1 mm clear of the cut line.
        assert left + 1 <= word["xMin"] and word["xMax"] <= left + width - 1, word
        assert top + 1 <= word["yMin"] and word["yMax"] <= top + height - 1, word


def test_badge_text_is_shortened_at_a_word():
    assert documents.shorten("un deux trois quatre", 12) == "un deux…"
    assert documents.shorten("court", 12) == "court"


@pytest.mark.pdf
def test_marking_printed_letters_as_sent(client, coordinator, event):
    first = _postal(event)
    second = _postal(event, last_name="Deux")
    InvitationFactory(event=event, first_name="Anne", last_name="Besse")  # has an e-mail
    job, _ = _make_for(event, "postal")
    late = _postal(event, last_name="Tardif")  # added after the print: no letter in it
    client.force_login(coordinator)
    page = reverse("events:document", kwargs={"pk": event.pk, "job_pk": job.pk})
    html = client.get(page).content.decode()
    assert "Pour les invités sans adresse e-mail (courrier seulement)." in html
    assert "2 lettres à envoyer." in html and "Marquer comme envoyées" in html
    response = client.post(
        reverse("events:letters_sent", kwargs={"pk": event.pk, "job_pk": job.pk}), follow=True
    )
    assert "2 lettres marquées envoyées." in response.content.decode()
    for guest in (first, second, late):
        guest.refresh_from_db()
    assert first.letter_sent_at and second.letter_sent_at and late.letter_sent_at is None
    log = EventLog.objects.get(kind=EventLogKind.LETTERS)
    assert log.by == coordinator and log.detail.startswith("2 lettres")
    html = client.get(page).content.decode()
    assert "Lettres envoyées le" in html and "Marquer comme envoyées" not in html
    again = client.post(
        reverse("events:letters_sent", kwargs={"pk": event.pk, "job_pk": job.pk}), follow=True
    )
    assert "déjà marquées envoyées" in again.content.decode()
    assert EventLog.objects.filter(kind=EventLogKind.LETTERS).count() == 1


def test_only_printed_letters_can_be_marked_sent(client, coordinator, event):
    guest = _postal(event)
    sheet = PrintJob.objects.create(
        event=event, kind="sign_in", status=JobStatus.DONE, data_key="0" * 64
    )
    pending = PrintJob.objects.create(event=event, kind="letters", data_key="1" * 64)
    client.force_login(coordinator)
    for job in (sheet, pending):
        response = client.post(
            reverse("events:letters_sent", kwargs={"pk": event.pk, "job_pk": job.pk}),
            follow=True,
        )
        assert "Seules des lettres imprimées" in response.content.decode()
    guest.refresh_from_db()
    assert guest.letter_sent_at is None


def _make_for(event, letters_for):
    job, created = documents.request_document(
        event, DocumentKind.LETTERS, user=None, letters_for=letters_for
    )
    assert created and documents.run_job(job.pk)
    job.refresh_from_db()
    return job, job.file.read()
