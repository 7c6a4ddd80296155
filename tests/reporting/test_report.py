"""The yearly report: every figure computed from a known data set; counts under 5 masked
outside the desk's staff; a table beside each chart; PDF and CSV."""

import csv
import io
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from installations.enums import CaseStatus
from installations.kinds import CaseKind, CaseOrigin
from portal.document_jobs import JobStatus
from reporting import documents, report
from reporting.models import ReportJob
from students.models import HousingAllocation
from tests.hotline.factories import HotlineRecordFactory
from tests.installations.factories import CaseFactory
from tests.portal.factories import UserFactory
from tests.structures.factories import PlacementFactory, StructureFactory
from tests.students.factories import (
    HousingPeriodFactory,
    HousingRequestFactory,
    PlacementCaseFactory,
)

pytestmark = pytest.mark.django_db

START, END = date(2026, 1, 1), date(2026, 12, 31)
PERIOD = {"du": "2026-01-01", "au": "2026-12-31"}


def at(day, month=3, year=2026, hour=10):
    return timezone.make_aware(datetime(year, month, day, hour))


@pytest.fixture
def data(desk, other_desk, gp, professions, figeac, cahors, auch, staff):
    """A known year at the Lot desk (and noise elsewhere or at other times)."""
    nurse = professions["infirmier"]
    msp = StructureFactory(name="MSP de Figeac", commune=figeac)

    def case(**fields):
        return CaseFactory(applicant=UserFactory(), desk=desk, **{"profession": gp, **fields})

    # Five GP cases contacted after 2, 4, 6, 8 and 10 days; three installed in Figeac after
    # 30, 60 and 90 days.
    for index, days in enumerate((2, 4, 6, 8, 10)):
        installed = index < 3
        case(
            status=CaseStatus.INSTALLED if installed else CaseStatus.IN_PROGRESS,
            submitted_at=at(1 + index),
            first_contact_at=at(1 + index) + timedelta(days=days),
            installed_at=at(1 + index) + timedelta(days=30 * (index + 1)) if installed else None,
            installed_commune=figeac if installed else None,
            installed_structure=msp if index == 0 else None,
        )
    case(status=CaseStatus.DECLINED, profession=nurse, submitted_at=at(9))
    case(
        status=CaseStatus.SUBMITTED,
        kind=CaseKind.INFORMATION,
        origin=CaseOrigin.HOTLINE,
        submitted_at=at(10),
    )
    # Two placement requests from an event; one placed at the Cahors hospital and housed.
    site = PlacementFactory(structure=StructureFactory(name="CH de Cahors", commune=cahors))
    placed = PlacementCaseFactory(
        applicant=UserFactory(),
        desk=desk,
        profession=gp,
        origin=CaseOrigin.EVENT,
        status=CaseStatus.IN_PROGRESS,
        submitted_at=at(11),
        placement_site=site,
        placement_start=date(2026, 5, 1),
        placement_end=date(2026, 10, 31),
    )
    PlacementCaseFactory(
        applicant=UserFactory(),
        desk=desk,
        profession=gp,
        origin=CaseOrigin.EVENT,
        submitted_at=at(12),
    )
    period = HousingPeriodFactory(
        offer__commune=cahors, starts_on=date(2026, 5, 1), ends_on=date(2026, 10, 31)
    )
    HousingAllocation.objects.create(
        request=HousingRequestFactory(case=placed), period=period, place=1
    )
    # Hotline: two calls and one mail this year, one call last year.
    HotlineRecordFactory(desk=desk, channel="phone", received_at=at(5))
    HotlineRecordFactory(desk=desk, channel="phone", received_at=at(6))
    HotlineRecordFactory(desk=desk, channel="email", received_at=at(7))
    HotlineRecordFactory(desk=desk, channel="phone", received_at=at(7, year=2025))
    # Noise: last year, a draft, another desk.
    case(submitted_at=at(3, year=2025))
    CaseFactory(applicant=UserFactory(), draft=True, desk=desk)
    CaseFactory(applicant=UserFactory(), desk=other_desk, profession=gp, submitted_at=at(3))
    return {"site": site}


def test_figures_on_a_known_data_set(desk, data):
    figures = report.compute(desk, START, END)
    assert figures.requests == 9
    assert dict(figures.by_kind) == {
        "installation": 6,
        "stage (étudiant·e, interne)": 2,
        "demande d'information": 1,
    }
    assert dict(figures.by_origin) == {
        "site web": 6,
        "évènement": 2,
        "permanence (téléphone, e-mail)": 1,
    }
    assert dict(figures.by_profession) == {"Médecin généraliste": 8, "Infirmier·e": 1}
    assert dict(figures.by_status)["installé·e"] == 3
    assert (figures.to_first_contact.days, figures.to_first_contact.sample) == (6.0, 5)
    assert (figures.to_installation.days, figures.to_installation.sample) == (60.0, 3)
    assert figures.installations == 3
    assert figures.installations_by_commune == [("Figeac", 3)]
    assert figures.placement_requests == 2
    assert figures.students_placed == 1
    assert figures.students_housed == 1
    assert figures.placements_by_site == [(data["site"].name, 1)]
    assert dict(figures.hotline_by_channel) == {"téléphone": 2, "e-mail": 1}
    assert ("MSP de Figeac", "installation") in figures.partner_structures
    assert ("CH de Cahors", "terrain de stage") in figures.partner_structures


def test_last_year_is_another_report(desk, data):
    figures = report.compute(desk, date(2025, 1, 1), date(2025, 12, 31))
    assert figures.requests == 1
    assert figures.hotline_records == 1
    assert figures.installations == 0


def test_events_held_and_attendance(desk, data, figeac, grand_figeac):
    from tests.events.factories import EventFactory, InvitationFactory

    event = EventFactory(
        desk=desk,
        commune=figeac,
        title="Soirée d'accueil de Figeac",
        starts_at=at(20, month=6),
        ends_at=at(20, month=6, hour=22),
        status="done",
    )
    for status in ("attended", "attended", "accepted", "declined"):
        InvitationFactory(event=event, status=status)
    EventFactory(
        desk=desk,
        commune=figeac,
        starts_at=at(21, month=6),
        ends_at=at(21, month=6, hour=22),
        status="cancelled",
    )
    EventFactory(desk=desk, commune=figeac, draft=True, starts_at=at(22, month=6))
    EventFactory(desk=desk, commune=figeac)  # later this year: not held yet
    event.partner_structures.add(StructureFactory(name="CPTS du Figeacois", commune=figeac))
    event.partner_epcis.add(grand_figeac)
    figures = report.compute(desk, START, END)
    assert figures.events == [("Soirée d'accueil de Figeac", date(2026, 6, 20), 2)]
    assert figures.attendance == 2
    assert ("CPTS du Figeacois", "évènement") in figures.partner_structures
    assert figures.partner_epcis == ["CC Grand-Figeac"]
    summary = dict(report.present(figures, exact=True)[0]["rows"])
    assert summary["Évènements organisés"] == 1
    assert summary["Participants présents"] == 2
    assert dict(report.present(figures, exact=False)[0]["rows"])["Participants présents"] == (
        "moins de 5"
    )


def test_public_page_masks_small_counts(client, desk, data):
    url = reverse("reporting:report_desk", args=[desk.slug])
    page = client.get(url, {"du": "2026-01-01", "au": "2026-12-31"}).content.decode()
    assert "Bilan d'activité du guichet" in page
    assert "<svg" in page and "<caption>" in page and 'scope="col"' in page
    assert "moins de 5" in page
    assert "moins de 5 dossiers" in page  # median over three installations
    assert "6,0 jours (5 dossiers)" in page
    assert "<td>9</td>" in page  # requests: 9 is shown
    assert "<td>3</td>" not in page  # 3 installations: masked


def test_staff_of_the_desk_see_exact_counts(client, staff, other_staff, desk, data):
    url = reverse("reporting:report_desk", args=[desk.slug])
    client.force_login(staff)
    page = client.get(url, {"du": "2026-01-01", "au": "2026-12-31"}).content.decode()
    assert "chiffres exacts" in page and "60,0 jours (3 dossiers)" in page
    assert "<td>3</td>" in page
    client.force_login(other_staff)
    assert (
        "<td>3</td>"
        not in client.get(url, {"du": "2026-01-01", "au": "2026-12-31"}).content.decode()
    )


def test_csv(client, staff, desk, data):
    client.force_login(staff)
    params = {"du": "2026-01-01", "au": "2026-12-31"}
    response = client.get(reverse("reporting:report_csv", args=[desk.slug]), params)
    assert (
        response["Content-Disposition"] == 'attachment; filename="bilan-lot-20260101-20261231.csv"'
    )
    body = response.content.decode("utf-8-sig")
    assert "En bref;Demandes reçues;9\r\n" in body
    assert "Installations par commune;Figeac;3" in body


def test_csv_neutralises_a_formula_in_a_name(client, desk, data, figeac):
    from tests.events.factories import EventFactory

    event = EventFactory(desk=desk, commune=figeac, title="=1+1", past=True)
    held_on = timezone.localdate(event.starts_at).strftime("%d/%m/%Y")
    body = client.get(reverse("reporting:report_csv", args=[desk.slug]), PERIOD).content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert ["Évènements organisés et participation", f"'=1+1 — {held_on}", "0"] in rows


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.mark.pdf
def test_pdf_is_made_by_a_task_then_downloaded(
    client, staff, desk, data, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    page = client.get(reverse("reporting:report_desk", args=[desk.slug]), PERIOD).content.decode()
    assert "Préparer le bilan (PDF)" in page
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("reporting:report_pdf", args=[desk.slug]), PERIOD)
    assert len(callbacks) == 1
    job = ReportJob.objects.get()
    assert (job.start, job.end, job.exact, job.status) == (START, END, True, JobStatus.DONE)
    assert response["Location"] == reverse("reporting:report_pdf_job", args=[desk.slug, job.pk])
    html = client.get(response["Location"]).content.decode()
    assert "Le bilan est prêt." in html and "job-progress.js" not in html
    download = reverse("reporting:report_pdf_download", args=[desk.slug, job.pk])
    assert f'href="{download}"' in html and "Télécharger le bilan (PDF)" in html
    pdf = client.get(download)
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="bilan-lot-20260101-20261231.pdf"'
    text = _pdf_text(b"".join(pdf.streaming_content))
    assert "Bilan d'activité du guichet" in text and desk.name in text
    assert "Installations par commune" in text and "Figeac 3" in text  # exact for the staff


@pytest.mark.pdf
def test_pdf_page_waits_with_progress_and_a_refresh_link(
    client, desk, data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("reporting:report_pdf", args=[desk.slug]), PERIOD)
    assert len(callbacks) == 1  # handed to a worker once committed
    job = ReportJob.objects.get()
    assert not job.exact  # a visitor's report shows masked figures
    html = client.get(response["Location"]).content.decode()
    page = reverse("reporting:report_pdf_job", args=[desk.slug, job.pk])
    assert "En file d'attente…" in html and "<progress" in html
    assert f'<a href="{page}">Actualiser la page</a>' in html and "job-progress.js" in html
    status = reverse("reporting:report_pdf_status", args=[desk.slug, job.pk])
    assert client.get(status).json() == {
        "status": "pending",
        "done": 0,
        "total": 1,
        "percent": 0,
        "finished": False,
    }
    download = reverse("reporting:report_pdf_download", args=[desk.slug, job.pk])
    assert client.get(download).status_code == 404
    assert documents.run_job(job.pk)
    assert not documents.run_job(job.pk)  # claimed once
    assert client.get(status).json()["finished"] is True
    text = _pdf_text(b"".join(client.get(download).streaming_content))
    assert desk.name in text and "moins de 5" in text
    assert "Figeac 3" not in text


@pytest.mark.pdf
def test_same_figures_reuse_the_pdf_and_a_change_makes_a_new_one(
    client, desk, data, django_capture_on_commit_callbacks
):
    url = reverse("reporting:report_pdf", args=[desk.slug])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = client.post(url, PERIOD)
        again = client.post(url, PERIOD)
    assert first["Location"] == again["Location"] and len(callbacks) == 1
    # A fourth call still reads « moins de 5 » for a visitor: the same document.
    HotlineRecordFactory(desk=desk, channel="phone", received_at=at(8))
    assert client.post(url, PERIOD)["Location"] == first["Location"]
    HotlineRecordFactory(desk=desk, channel="phone", received_at=at(9))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        changed = client.post(url, PERIOD)
    assert changed["Location"] != first["Location"] and len(callbacks) == 1


@pytest.mark.pdf
def test_exact_pdf_is_for_the_desk_staff_only(
    client, staff, other_staff, desk, data, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=False):
        location = client.post(reverse("reporting:report_pdf", args=[desk.slug]), PERIOD)[
            "Location"
        ]
    job = ReportJob.objects.get()
    documents.run_job(job.pk)
    download = reverse("reporting:report_pdf_download", args=[desk.slug, job.pk])
    assert client.get(location).status_code == 200
    for visitor in (other_staff, None):
        client.logout()
        if visitor:
            client.force_login(visitor)
        assert client.get(location).status_code == 404
        assert client.get(download).status_code == 404
    other_desk_url = reverse("reporting:report_pdf_job", args=["gers", job.pk])
    client.force_login(staff)
    assert client.get(other_desk_url).status_code == 404


def test_an_old_pdf_link_shows_the_report(client, desk):
    response = client.get(reverse("reporting:report_pdf", args=[desk.slug]), PERIOD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("reporting:report_desk", args=[desk.slug]))


def test_default_period_and_desk_choice(client, desk, other_desk):
    response = client.get(reverse("reporting:report"), {"guichet": other_desk.slug})
    assert response.url == reverse("reporting:report_desk", args=[other_desk.slug])
    page = client.get(reverse("reporting:report_desk", args=[desk.slug]))
    assert page.status_code == 200
    assert "Aucune demande sur la période." in page.content.decode()
    assert client.get(reverse("reporting:report_desk", args=["inconnu"])).status_code == 404


def test_page_query_count_is_constant(client, desk, gp, figeac, data):
    url = reverse("reporting:report_desk", args=[desk.slug])

    def count():
        client.get(url)
        with CaptureQueriesContext(connection) as context:
            assert client.get(url, {"du": "2026-01-01", "au": "2026-12-31"}).status_code == 200
        return len(context.captured_queries)

    small = count()
    for index in range(40):
        CaseFactory(
            applicant=UserFactory(),
            desk=desk,
            profession=gp,
            submitted_at=at(1 + index % 28),
            status=CaseStatus.INSTALLED,
            installed_at=at(1 + index % 28, month=6),
            installed_commune=figeac,
        )
    assert count() == small
    # 9 for the figures (reporting.report.compute), the rest for the page and its frame.
    assert small <= 13
