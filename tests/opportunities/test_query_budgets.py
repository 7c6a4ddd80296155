"""Issue 18: the matching panels and the desk's pages cost as many queries with 3 as with 30
rows (offers that fit a case, cases that fit an offer)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opportunities import tasks
from opportunities.models import Match
from tests.installations.factories import CaseFactory
from tests.opportunities.conftest import offer
from tests.portal.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_outside_the_database")]


def queries(client, url):
    client.get(url)  # warm-up: session, cached fragments
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


def add_offers(figeac, gp, count):
    return [offer(figeac, profession=gp, title=f"Offre n° {n}") for n in range(count)]


@pytest.mark.parametrize(
    "who,view", [("newcomer", "installations:case"), ("referent", "installations:referent_case")]
)
def test_the_case_panels_cost_the_same_with_3_or_30_offers(
    request, client, gp_case, referent, figeac, gp, who, view
):
    type(gp_case).objects.filter(pk=gp_case.pk).update(referent=referent, status="in_progress")
    client.force_login(request.getfixturevalue(who))
    url = reverse(view, args=[gp_case.pk])
    add_offers(figeac, gp, 3)
    small, html = queries(client, url)
    assert "Offre n° 2" in html
    add_offers(figeac, gp, 27)
    large, html = queries(client, url)
    assert small == large
    assert "Et 20 autres offres" in html


def test_the_desk_page_costs_the_same_with_3_or_30_cases(client, staff, desk, figeac, gp):
    vacancy = offer(figeac, profession=gp)
    url = reverse("opportunities:offer_matches", args=[vacancy.pk])
    client.force_login(staff)

    def add_cases(count):
        for _ in range(count):
            case = CaseFactory(desk=desk, applicant=UserFactory(), profession=gp, communes=[figeac])
            case.interested_vacancies.add(vacancy)
        tasks.match_offer(vacancy.pk)

    add_cases(3)
    small, _html = queries(client, url)
    add_cases(27)
    large, html = queries(client, url)
    assert small == large <= 10
    assert "30 dossiers correspondent" in html


def test_the_introduction_page_is_a_fixed_few_queries(client, staff, gp_case, figeac, gp):
    vacancy = offer(figeac, profession=gp)
    tasks.match_offer(vacancy.pk)
    client.force_login(staff)
    count, _html = queries(
        client, reverse("opportunities:introduce", args=[Match.objects.get().pk])
    )
    assert count <= 6
