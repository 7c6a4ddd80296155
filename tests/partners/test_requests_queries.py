"""Query budgets of the requests to partners: the ask page, the partner's link page and the
case pages' panels cost as many queries with 3 as with 30 partners, contacts, steps or
messages; a panel renders without any. The cache is outside the database, as in production."""

from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from installations.models import Step
from installations.panels import Page, registered
from partners import requests as partner_requests
from partners.models import PartnerMessage
from tests.partners.factories import PartnerContactFactory, PartnerFactory, PartnerRequestFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_outside_the_database")]

ASK_BUDGET = 8
LINK_BUDGET = 10


def count(client, url):
    client.get(url)  # warm-up: session, cache
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in context.captured_queries if "SAVEPOINT" not in q["sql"]]


def add_partners(desk, case, n):
    for _ in range(n):
        partner = PartnerFactory(desk=desk)
        PartnerContactFactory(partner=partner)
        PartnerContactFactory(partner=partner, is_primary=False)
        Step.objects.create(case=case, title="Démarche")


def add_messages(partner_request, n):
    PartnerMessage.objects.bulk_create(
        PartnerMessage(request=partner_request, author="partner", body=f"Message {i}")
        for i in range(n)
    )


def test_the_ask_page_costs_the_same_with_3_or_30_partners(referent, in_progress_case, desk):
    client = Client()
    client.force_login(referent)
    url = reverse("partners:ask", kwargs={"pk": in_progress_case.pk})
    add_partners(desk, in_progress_case, 3)
    small = count(client, url)
    add_partners(desk, in_progress_case, 27)
    large = count(client, url)
    assert len(small) == len(large) <= ASK_BUDGET, "\n".join(large)


def test_the_link_page_costs_the_same_with_3_or_30_messages(in_progress_case, desk):
    partner_request = PartnerRequestFactory(
        case=in_progress_case, contact=PartnerContactFactory(partner=PartnerFactory(desk=desk))
    )
    url = reverse(
        "partners:request_link", kwargs={"token": partner_requests.make_token(partner_request)}
    )
    client = Client()
    add_messages(partner_request, 3)
    small = count(client, url)
    add_messages(partner_request, 27)
    large = count(client, url)
    assert len(small) == len(large) <= LINK_BUDGET, "\n".join(large)


def panel(page):
    return next(p for p in registered(page) if p.name == "partners")


@pytest.mark.parametrize("page", [Page.REFERENT, Page.NEWCOMER])
def test_the_panels_load_in_two_queries_and_render_in_none(
    rf, page, in_progress_case, desk, django_assert_num_queries
):
    contact = PartnerContactFactory(partner=PartnerFactory(desk=desk))
    partner_request = PartnerRequestFactory(
        case=in_progress_case,
        contact=contact,
        public=True,
        due_on=timezone.localdate() - timedelta(days=1),
    )
    for messages in (3, 30):
        add_messages(partner_request, messages - partner_request.messages.count())
        with django_assert_num_queries(2):
            context = panel(page).load(in_progress_case, rf.get("/"))
        assert len(context["requests"][0].thread) == messages
        with django_assert_num_queries(0):
            html = render_to_string(
                panel(page).template,
                {"case": in_progress_case, "panel": context, "csrf_token": "x"},
            )
        assert html.count('<li class="thread-message') == messages


@pytest.mark.parametrize("page", [Page.REFERENT, Page.NEWCOMER])
def test_a_case_without_requests_costs_no_query_once_known(
    rf, page, in_progress_case, django_assert_num_queries
):
    panel(page).load(in_progress_case, rf.get("/"))
    with django_assert_num_queries(0):
        panel(page).load(in_progress_case, rf.get("/"))


def test_a_request_made_after_the_panel_said_none_shows_at_once(
    rf, in_progress_case, referent, desk, django_capture_on_commit_callbacks
):
    assert panel(Page.NEWCOMER).load(in_progress_case, rf.get("/")) is None
    contact = PartnerContactFactory(partner=PartnerFactory(desk=desk))
    with django_capture_on_commit_callbacks(execute=True):
        partner_requests.ask(
            in_progress_case,
            by=referent,
            partner=contact.partner,
            contact=contact,
            need="housing",
            question="Un logement ?",
            due_on=timezone.localdate() + timedelta(days=5),
            public=True,
        )
    context = panel(Page.NEWCOMER).load(in_progress_case, rf.get("/"))
    assert [item.question for item in context["requests"]] == ["Un logement ?"]
