# ruff: noqa: F405
"""The yearly report's « Partenaires du guichet unique »: per partner of the desk, requests
received, median time to answer, steps it completed (by its link or after a single
appointment), single appointments held and newcomers met; another desk's partners never
counted; small counts masked outside the desk's staff; on the page, in the PDF's sections and
in the CSV; and a query count that does not grow with the number of partners."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from installations import services as case_services
from partners import requests as partner_requests
from partners import sessions
from partners.models import AppointmentSession
from portal.pdf import render_pdf
from reporting import documents, report
from reporting.models import ReportJob
from tests.installations.factories import CaseFactory
from tests.partners.factories import PartnerContactFactory, PartnerFactory, PartnerRequestFactory
from tests.partners.session_fixtures import *  # noqa: F403 (fixtures and helpers)
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

SECTION = "Partenaires du guichet unique"


def period():
    today = timezone.localdate()
    return today - timedelta(days=90), today


def params():
    start, end = period()
    return {"du": start.isoformat(), "au": end.isoformat()}


def ask(partner, case, *, days_ago, answered_after=None, step=None):
    """A request sent ``days_ago`` days ago, answered ``answered_after`` days later."""
    sent = timezone.now() - timedelta(days=days_ago)
    return PartnerRequestFactory(
        case=case,
        contact=partner.contacts.first(),
        created_at=sent,
        first_answer_at=sent + timedelta(days=answered_after) if answered_after else None,
        step=step,
        need="" if step else "housing",
    )


def step_of(case, code):
    return case.steps.get(template__code=code)


def held_session(desk, partners, booked_cases, *, days_ago=10):
    """A session of ``partners`` held ``days_ago`` days ago, each case in ``booked_cases``
    booked (``{case: attended}``)."""
    session = make_session(desk, partners)
    slots = list(session.slots.order_by("starts_at"))
    for slot, case in zip(slots, booked_cases, strict=False):
        sessions.book(case, slot.pk, by=case.applicant)
    starts = timezone.now() - timedelta(days=days_ago)
    AppointmentSession.objects.filter(pk=session.pk).update(
        starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    session.refresh_from_db()
    return session


def figures_by_name(desk):
    start, end = period()
    return {row.name: row for row in report.compute(desk, start, end).partner_figures}


@pytest.fixture
def world(desk, other_desk, cpam, ordre, templates, gp, figeac, staff):
    """At the Lot desk: the CPAM asked 6 times in the period (5 answered after 1, 2, 3, 4 and
    10 days) and once before it; the Ordre once. The CPAM marks a step done through its link;
    a step the referent did is not the CPAM's even if it ticks it afterwards. One session held
    with both, two newcomers booked and one came; after it the Ordre ticks a step done. At the
    Gers desk, a partner with requests and a session of its own."""

    def case():
        return case_with_steps(
            templates.values(), applicant=UserFactory(), desk=desk, profession=gp, assigned=True
        )

    cases = [case() for _ in range(3)]
    for days, after in ((80, 1), (70, 2), (60, 3), (50, 4), (40, 10)):
        ask(cpam, cases[0], days_ago=days, answered_after=after)
    ask(cpam, cases[0], days_ago=5)  # not answered yet
    ask(cpam, cases[0], days_ago=200, answered_after=1)  # before the period
    ask(ordre, cases[1], days_ago=20, answered_after=2)

    by_link = ask(cpam, cases[0], days_ago=30, step=step_of(cases[0], CODES["cpam"]))
    assert partner_requests.mark_step_done(by_link)
    referent_did_it = step_of(cases[1], CODES["cpam"])
    case_services.set_step_done(cases[1], referent_did_it, by=staff, done=True)
    late = ask(cpam, cases[1], days_ago=25, step=referent_did_it)
    assert not partner_requests.mark_step_done(late)

    session = held_session(desk, [cpam, ordre], cases[1:3])
    came, absent = session.slots.filter(case=cases[1]).get(), session.slots.get(case=cases[2])
    sessions.record_outcomes(
        session,
        ordre,
        attended={came.pk: True, absent.pk: False},
        done={(came.pk, step_of(cases[1], CODES["ordre"]).pk)},
        notes={},
    )
    # Another session, not held (nobody ticked): not counted.
    make_session(desk, [cpam], starts_in=timedelta(days=-3))

    gers = PartnerFactory(desk=other_desk, name="CPAM du Gers", step_codes=[CODES["cpam"]])
    PartnerContactFactory(partner=gers)
    gers_case = CaseFactory(applicant=UserFactory(), desk=other_desk, profession=gp)
    for days in (10, 20, 30, 40, 50):
        ask(gers, gers_case, days_ago=days, answered_after=1)
    make_session(other_desk, [gers], starts_in=timedelta(days=-5), held=True)
    return {"cases": cases, "gers": gers}


def test_figures_per_partner(desk, world):
    figures = figures_by_name(desk)
    assert list(figures) == ["CPAM du Lot", "Ordre des médecins du Lot"]  # by name, Lot's only
    cpam, ordre = figures["CPAM du Lot"], figures["Ordre des médecins du Lot"]
    assert cpam.requests == 8  # 6 by need and 2 about a step: the one of 200 days ago is out
    # Answered: the 5 (1, 2, 3, 4, 10 days) and the step its link marked done (30 days);
    # the late one, about a step already done, is not.
    assert (cpam.to_answer.days, cpam.to_answer.sample) == (3.5, 6)
    assert cpam.steps_done == 1  # its link's, not the referent's it ticked afterwards
    assert (cpam.sessions_held, cpam.newcomers_met) == (1, 1)
    assert ordre.requests == 1 and (ordre.to_answer.days, ordre.to_answer.sample) == (2.0, 1)
    assert ordre.steps_done == 1  # ticked done after the session
    assert (ordre.sessions_held, ordre.newcomers_met) == (1, 1)


def test_median_of_the_answers_in_days(desk, cpam):
    case = CaseFactory(applicant=UserFactory(), desk=desk, assigned=True)
    for days, after in ((30, 1), (29, 3), (28, 8)):
        ask(cpam, case, days_ago=days, answered_after=after)
    ask(cpam, case, days_ago=2)  # unanswered: received, not in the median
    figures = figures_by_name(desk)["CPAM du Lot"]
    assert figures.requests == 4
    assert (figures.to_answer.days, figures.to_answer.sample) == (3.0, 3)


def test_a_step_done_both_ways_counts_once(desk, cpam, templates, gp):
    case = case_with_steps(
        templates.values(), applicant=UserFactory(), desk=desk, profession=gp, assigned=True
    )
    step = step_of(case, CODES["cpam"])
    session = held_session(desk, [cpam], [case])
    slot = session.slots.get(case=case)
    sessions.record_outcomes(
        session, cpam, attended={slot.pk: True}, done={(slot.pk, step.pk)}, notes={}
    )
    # Then its link ticks it too (already done): still one step.
    assert not partner_requests.mark_step_done(ask(cpam, case, days_ago=20, step=step))
    assert figures_by_name(desk)["CPAM du Lot"].steps_done == 1


def test_another_desks_partners_are_not_counted(desk, other_desk, world):
    start, end = period()
    gers = {row.name: row for row in report.compute(other_desk, start, end).partner_figures}
    assert list(gers) == ["CPAM du Gers"]
    assert gers["CPAM du Gers"].requests == 5 and gers["CPAM du Gers"].sessions_held == 1
    assert "CPAM du Gers" not in figures_by_name(desk)


def test_an_inactive_partner_without_figures_is_left_out(desk, cpam):
    PartnerFactory(desk=desk, name="Ancienne URSSAF", is_active=False)
    assert list(figures_by_name(desk)) == ["CPAM du Lot"]


def test_page_masks_small_counts_outside_the_desk_staff(client, staff, desk, world):
    url = reverse("reporting:report_desk", args=[desk.slug])
    page = client.get(url, params()).content.decode()
    assert SECTION in page and 'id="graphique-partenaires-guichet-title"' in page
    assert '<th scope="row">CPAM du Lot</th><td>8</td><td>3,5 jours (6 réponses)</td>' in page
    ordre_row = page[page.index('<th scope="row">Ordre des médecins du Lot</th>') :]
    ordre_row = ordre_row[: ordre_row.index("</tr>")]
    assert ordre_row.count("moins de 5") == 5  # 1 request, 1 answer, 1 step, 1 session, 1 met
    assert "Source : les demandes et rendez-vous du portail." in page

    client.force_login(staff)
    page = client.get(url, params()).content.decode()
    assert "<td>2,0 jours (1 réponse)</td>" in page


def test_empty_state(client, desk):
    page = client.get(reverse("reporting:report_desk", args=[desk.slug]), params())
    assert "Aucun partenaire enregistré pour ce guichet." in page.content.decode()


def test_csv_has_one_line_per_figure(client, staff, desk, world):
    client.force_login(staff)
    body = client.get(reverse("reporting:report_csv", args=[desk.slug]), params()).content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert [SECTION, "CPAM du Lot — Demandes reçues", "8"] in rows
    assert [SECTION, "CPAM du Lot — Délai médian de réponse", "3,5 jours (6 réponses)"] in rows
    assert [SECTION, "Ordre des médecins du Lot — Démarches faites par le partenaire", "1"] in rows
    assert [SECTION, "Ordre des médecins du Lot — Rendez-vous uniques tenus", "1"] in rows
    assert [SECTION, "Ordre des médecins du Lot — Nouveaux arrivants reçus", "1"] in rows


@pytest.mark.pdf
def test_pdf_shows_the_section(desk, world):
    start, end = period()
    job = ReportJob.objects.create(desk=desk, start=start, end=end, exact=False, data_key="x")
    pages = PdfReader(io.BytesIO(render_pdf(documents.TEMPLATE, documents.context(job)))).pages
    text = " ".join("".join(page.extract_text() for page in pages).split())
    assert SECTION in text and "CPAM du Lot" in text and "Ordre des médecins du Lot" in text
    assert "Source : les demandes et rendez-vous du portail." in text


def test_query_count_does_not_grow_with_the_partners(desk, templates, gp):
    start, end = period()

    def partner_with_activity(index):
        partner = PartnerFactory(desk=desk, name=f"Partenaire {index}", step_codes=[CODES["cpam"]])
        PartnerContactFactory(partner=partner)
        case = case_with_steps(
            templates.values(), applicant=UserFactory(), desk=desk, profession=gp, assigned=True
        )
        ask(partner, case, days_ago=10, answered_after=2)
        partner_requests.mark_step_done(
            ask(partner, case, days_ago=9, step=step_of(case, CODES["cpam"]))
        )
        session = held_session(desk, [partner], [case])
        slot = session.slots.get(case=case)
        sessions.record_outcomes(session, partner, attended={slot.pk: True}, done=set(), notes={})

    def count():
        with CaptureQueriesContext(connection) as context:
            figures = report.compute(desk, start, end)
        return len(context.captured_queries), len(figures.partner_figures)

    partner_with_activity(0)
    one, listed = count()
    assert listed == 1
    for index in range(1, 5):
        partner_with_activity(index)
    five, listed = count()
    assert listed == 5
    assert five == one
    assert one <= 9  # the whole report, its 3 partner queries included
