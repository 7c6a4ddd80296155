"""The yearly report counts what the desk did with its territory's offers: successions
prepared (succession offers published in the year) and found (marked filled in the year),
introductions made on an offer (all kinds), and offers published by kind; on the page, in the
CSV and in the PDF's sections (same figures), « moins de 5 » outside the desk's staff."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from opportunities.models import Match
from reporting import documents, report
from structures.models import OpportunityKind, Vacancy, VacancyStatus
from tests.installations.factories import CaseFactory
from tests.portal.factories import UserFactory
from tests.structures.factories import VacancyFactory

pytestmark = pytest.mark.django_db

START, END = date(2026, 1, 1), date(2026, 12, 31)
PERIOD = {"du": "2026-01-01", "au": "2026-12-31"}
SUMMARY = {
    "prepared": "Successions préparées (offres de succession publiées)",
    "found": "Successions trouvées (offres de succession pourvues)",
    "introductions": "Mises en relation sur une offre",
}


def at(day, month, year=2026, hour=10):
    return timezone.make_aware(datetime(year, month, day, hour))


def offer(commune, kind, *, published_on, status=VacancyStatus.OPEN, updated_at=None, **kw):
    vacancy = VacancyFactory(
        structure=None,
        commune=commune,
        kind=kind,
        status=status,
        published_on=published_on,
        offerer_kind="practitioner",
        **kw,
    )
    if updated_at:  # auto_now: set after saving, as a later change would
        Vacancy.objects.filter(pk=vacancy.pk).update(updated_at=updated_at)
    return vacancy


@pytest.fixture
def offers(desk, other_desk, figeac, cahors, auch, gp):
    """In the Lot in 2026: three successions published (one of them filled in June, one
    published in 2025 and filled in 2026 too), a replacement and premises; waiting, refused and
    last year's offers, and the Gers's, do not count. Two introductions this year, one last."""
    succession = OpportunityKind.SUCCESSION
    offer(figeac, succession, published_on=date(2026, 2, 1), profession=gp)
    offer(
        cahors,
        succession,
        published_on=date(2026, 3, 1),
        status=VacancyStatus.FILLED,
        updated_at=at(15, 6),
    )
    offer(figeac, succession, published_on=date(2026, 4, 1), status=VacancyStatus.CLOSED)
    offer(
        figeac,
        succession,
        published_on=date(2025, 11, 1),
        status=VacancyStatus.FILLED,
        updated_at=at(10, 1),
    )
    offer(  # filled last year
        cahors,
        succession,
        published_on=date(2025, 1, 1),
        status=VacancyStatus.FILLED,
        updated_at=at(10, 10, year=2025),
    )
    offer(figeac, succession, published_on=date(2026, 5, 1), status=VacancyStatus.PENDING)
    offer(figeac, succession, published_on=date(2026, 5, 1), status=VacancyStatus.REFUSED)
    replacement = offer(figeac, OpportunityKind.REPLACEMENT, published_on=date(2026, 6, 1))
    offer(cahors, OpportunityKind.PREMISES_RENT, published_on=date(2026, 7, 1), profession=None)
    offer(auch, succession, published_on=date(2026, 2, 1))  # the Gers's desk
    for introduced_at in (at(1, 7), at(2, 7), at(3, 7, year=2025), None):
        Match.objects.create(
            case=CaseFactory(applicant=UserFactory(), desk=desk, profession=gp),
            vacancy=replacement,
            introduced_at=introduced_at,
        )
    Match.objects.create(  # another desk's case
        case=CaseFactory(applicant=UserFactory(), desk=other_desk, profession=gp),
        vacancy=replacement,
        introduced_at=at(1, 7),
    )


def test_offer_figures_of_the_year(desk, offers):
    figures = report.compute(desk, START, END)
    assert figures.successions_prepared == 3
    assert figures.successions_found == 2
    assert figures.offer_introductions == 2
    assert dict(figures.offers_by_kind) == {
        "succession, cession de patientèle": 3,
        "remplacement": 1,
        "local professionnel à louer": 1,
    }
    sections = {section["id"]: section for section in report.present(figures, exact=True)}
    summary = dict(sections["synthese"]["rows"])
    assert summary[SUMMARY["prepared"]] == 3
    assert summary[SUMMARY["found"]] == 2
    assert summary[SUMMARY["introductions"]] == 2
    assert sections["offres"]["title"] == "Offres publiées par type"
    assert ["remplacement", 1] in sections["offres"]["rows"]


def test_other_years_and_other_desks(desk, other_desk, offers):
    last_year = report.compute(desk, date(2025, 1, 1), date(2025, 12, 31))
    assert (last_year.successions_prepared, last_year.successions_found) == (2, 1)
    assert last_year.offer_introductions == 1
    gers = report.compute(other_desk, START, END)
    assert (gers.successions_prepared, gers.successions_found) == (1, 0)
    assert gers.offer_introductions == 1


def test_masked_outside_the_desk_and_exact_for_its_staff(client, staff, desk, offers):
    url = reverse("reporting:report_desk", args=[desk.slug])
    public = {s["id"]: s for s in client.get(url, PERIOD).context["sections"]}
    summary = dict(public["synthese"]["rows"])
    assert summary[SUMMARY["prepared"]] == "moins de 5"
    assert summary[SUMMARY["introductions"]] == "moins de 5"
    assert ["remplacement", "moins de 5"] in public["offres"]["rows"]
    client.force_login(staff)
    exact = {s["id"]: s for s in client.get(url, PERIOD).context["sections"]}
    assert dict(exact["synthese"]["rows"])[SUMMARY["found"]] == 2


def test_csv_and_pdf_carry_the_same_figures(client, staff, desk, offers):
    client.force_login(staff)
    response = client.get(reverse("reporting:report_csv", args=[desk.slug]), PERIOD)
    body = response.content.decode("utf-8-sig")
    assert f"En bref;{SUMMARY['prepared']};3\r\n" in body
    assert f"En bref;{SUMMARY['found']};2\r\n" in body
    assert f"En bref;{SUMMARY['introductions']};2\r\n" in body
    assert "Offres publiées par type;remplacement;1\r\n" in body
    job = documents.request_pdf(desk, START, END, exact=True, user=staff)
    pdf_sections = {s["id"]: s for s in documents.context(job)["sections"]}
    assert dict(pdf_sections["synthese"]["rows"])[SUMMARY["prepared"]] == 3
    assert ["remplacement", 1] in pdf_sections["offres"]["rows"]


def test_no_offer(desk):
    sections = {s["id"]: s for s in report.present(report.compute(desk, START, END), exact=False)}
    assert dict(sections["synthese"]["rows"])[SUMMARY["prepared"]] == 0
    assert sections["offres"]["rows"] == []
    assert sections["offres"]["empty"] == "Aucune offre publiée sur la période."
