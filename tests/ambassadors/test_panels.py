"""The ambassadors panels of the case pages: loaded by the view with a fixed number of
queries, rendered without any, and the proposal form carries the page's CSRF token."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from ambassadors import panels
from ambassadors.models import Introduction
from installations.panels import Page, registered
from installations.views.common import get_case_for
from tests.ambassadors.factories import AmbassadorFactory
from tests.installations.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(newcomer, referent, desk, gp, figeac):
    return CaseFactory(
        applicant=newcomer,
        desk=desk,
        profession=gp,
        communes=[figeac],
        in_progress=True,
        referent=referent,
    )


@pytest.fixture
def introduction(case, figeac):
    ambassador = AmbassadorFactory(first_name="Bruno", last_name="Vayssières", commune=figeac)
    return Introduction.objects.create(case=case, ambassador=ambassador, topics=["schooling"])


def panel_on(page):
    return next(panel for panel in registered(page) if panel.name == "ambassadors")


def render_panel(page, case, context):
    return render_to_string(
        panel_on(page).template, {"case": case, "csrf_token": "jeton-de-test", "panel": context}
    )


def test_newcomer_sees_nothing_before_a_proposal(rf, case, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert panels.newcomer_panel(case, rf.get("/")) is None


def test_newcomer_panel_loads_in_one_query_and_renders_in_none(
    rf, case, introduction, django_assert_num_queries
):
    with django_assert_num_queries(1):
        context = panels.newcomer_panel(case, rf.get("/"))
    with django_assert_num_queries(0):
        html = render_panel(Page.NEWCOMER, case, context)
    assert "Bruno (Figeac)" in html and "Vayssières" not in html
    assert "répondre à la proposition" in html


def test_referent_panel_loads_in_two_queries_and_renders_in_none(
    rf, referent, case, introduction, figeac, django_assert_num_queries
):
    AmbassadorFactory(first_name="Inès", last_name="Marty", commune=figeac)
    case = get_case_for(referent, case.pk)  # as in the view
    with django_assert_num_queries(2):
        context = panels.referent_panel(case, rf.get("/"))
    with django_assert_num_queries(0):
        html = render_panel(Page.REFERENT, case, context)
    assert "Bruno Vayssières (Figeac)" in html and "en attente des réponses" in html
    assert ">Inès Marty — Figeac (scolarité, garde d" in html
    assert ">Bruno Vayssières —" not in html  # already proposed
    assert "Proposer cet ambassadeur" in html


def test_referent_panel_says_when_no_one_is_left(rf, referent, case, introduction):
    context = panels.referent_panel(get_case_for(referent, case.pk), rf.get("/"))
    html = render_panel(Page.REFERENT, case, context)
    assert "Aucun autre ambassadeur disponible sur ce territoire." in html
    assert "Proposer cet ambassadeur" not in html


def test_proposal_form_of_the_case_page_passes_the_csrf_check(referent, case, figeac):
    ambassador = AmbassadorFactory(commune=figeac)
    client = Client(enforce_csrf_checks=True)
    client.force_login(referent)
    url = reverse("installations:referent_case", args=[case.pk])
    page = client.get(url).content.decode()
    form = page[page.index(reverse("ambassadors:propose", args=[case.pk])) :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = client.post(
        reverse("ambassadors:propose", args=[case.pk]),
        {"ambassador": ambassador.pk, "topics": ["schooling"], "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert Introduction.objects.filter(case=case, ambassador=ambassador).exists()
