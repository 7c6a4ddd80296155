"""Printed documents (opened with pypdf) and the CSV guest list."""

import csv
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from events import documents
from events.enums import DocumentKind, InvitationStatus
from events.models import PrintJob
from portal.document_jobs import JobStatus
from tests.events.factories import InvitationFactory

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
