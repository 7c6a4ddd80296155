"""The placement panels of the case pages: the view loads them with a fixed number of queries,
their templates render without any, and their forms carry the page's CSRF token."""

import re

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse

from installations.panels import Page, Slot, registered
from installations.views.common import get_case_for
from students import panels
from students.models import HousingAllocation, HousingRequest, HousingRequestStatus
from tests.installations.factories import CaseFactory
from tests.structures.factories import PlacementFactory
from tests.students.factories import (
    HousingOfferFactory,
    HousingPeriodFactory,
    HousingRequestFactory,
    PlacementCaseFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement_case(newcomer, referent, desk, gp, figeac):
    site = PlacementFactory(name="Stage — MSP de Figeac", structure__commune=figeac)
    return PlacementCaseFactory(
        applicant=newcomer,
        desk=desk,
        profession=gp,
        communes=[figeac],
        in_progress=True,
        referent=referent,
        placement_site=site,
    )


@pytest.fixture
def allocated(placement_case, figeac):
    period = HousingPeriodFactory(
        offer__name="Maison des internes de Figeac", offer__commune=figeac, label="Hiver"
    )
    request = HousingRequestFactory(case=placement_case, status=HousingRequestStatus.ALLOCATED)
    HousingAllocation.objects.create(request=request, period=period, place=1)
    return request


def render_panel(panel, case, context):
    return render_to_string(
        panel.template, {"case": case, "csrf_token": "jeton-de-test", "panel": context}
    )


def test_placement_panels_come_first_on_both_case_pages():
    for page in (Page.NEWCOMER, Page.REFERENT):
        extra = [p.name for p in registered(page) if p.slot == Slot.EXTRA]
        documents = [p.name for p in registered(page) if p.slot == Slot.DOCUMENTS]
        assert extra[:2] == ["placement", "ambassadors"]  # the apps below come after
        assert documents == ["welcome_pack"]


def test_newcomer_panel_loads_in_three_queries_and_renders_in_none(
    rf, placement_case, allocated, figeac, django_assert_num_queries
):
    HousingOfferFactory(name="Studio de la gare", commune=figeac)
    placement_case = get_case_for(placement_case.applicant, placement_case.pk)  # as in the view
    with django_assert_num_queries(3):
        context = panels.newcomer_panel(placement_case, rf.get("/"))
    with django_assert_num_queries(0):
        html = render_panel(registered(Page.NEWCOMER)[0], placement_case, context)
    assert "Terrain de stage retenu" in html and "Stage — MSP de Figeac" in html
    assert "Maison des internes de Figeac (Figeac), Hiver, 150\u00a0€ par mois" in html
    assert ">Studio de la gare (Figeac)</option>" in html
    assert 'name="csrfmiddlewaretoken" value="jeton-de-test"' in html


def test_referent_panel_loads_in_two_queries_and_renders_in_none(
    rf, referent, placement_case, allocated, django_assert_num_queries
):
    placement_case = get_case_for(referent, placement_case.pk)
    with django_assert_num_queries(2):
        context = panels.referent_panel(placement_case, rf.get("/"))
    with django_assert_num_queries(0):
        html = render_panel(registered(Page.REFERENT)[0], placement_case, context)
    assert "Enregistrer le terrain de stage" in html
    assert f'value="{placement_case.placement_site_id}" selected' in html
    assert "Maison des internes de Figeac" in html


def test_installation_cases_have_no_placement_panel(
    rf, newcomer, desk, gp, figeac, django_assert_num_queries
):
    case = CaseFactory(applicant=newcomer, desk=desk, profession=gp, communes=[figeac])
    with django_assert_num_queries(0):
        assert panels.newcomer_panel(case, rf.get("/")) is None
        assert panels.referent_panel(case, rf.get("/")) is None


def test_housing_form_of_my_case_page_passes_the_csrf_check(newcomer, placement_case):
    client = Client(enforce_csrf_checks=True)
    client.force_login(newcomer)
    page = client.get(placement_case.get_absolute_url()).content.decode()
    form = page[page.index(reverse("students:housing_request", args=[placement_case.pk])) :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    response = client.post(
        reverse("students:housing_request", args=[placement_case.pk]),
        {"starts_on": "2026-11-02", "ends_on": "2027-04-30", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert HousingRequest.objects.filter(case=placement_case).exists()
