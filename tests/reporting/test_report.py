"""The yearly report: every figure computed from a known data set; counts under 5 masked
outside the desk's staff; a table beside each chart; PDF and CSV."""

import io
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from installations.enums import CaseStatus
from installations.kinds import CaseKind, CaseOrigin
from reporting import report
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


def test_events_held_and_attendance(desk, data, figeac):
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
    figures = report.compute(desk, START, END)
    assert figures.events_available
    assert figures.events == [("Soirée d'accueil de Figeac", date(2026, 6, 20), 2)]
    assert figures.attendance == 2


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


def test_csv_and_pdf(client, staff, desk, data):
    client.force_login(staff)
    params = {"du": "2026-01-01", "au": "2026-12-31"}
    csv_text = client.get(reverse("reporting:report_csv", args=[desk.slug]), params)
    body = csv_text.content.decode("utf-8-sig")
    assert "En bref;Demandes reçues;9" in body
    assert "Installations par commune;Figeac;3" in body
    pdf = client.get(reverse("reporting:report_pdf", args=[desk.slug]), params)
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Bilan d'activité du guichet" in text and desk.name in text
    assert "Figeac" in text


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
    assert small <= 40
