"""The admin's case list: its prefix search (reference, names, e-mail, number, wished
commune), its « envoyée » period filter (in place of the date hierarchy), the desk's scope on
both and on the filters' choices, and a query count that does not grow with the cases."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from installations.enums import CaseStatus
from installations.models import Case
from tests.installations.factories import CaseFactory, ReferentFactory
from tests.installations.test_queries import add_cases
from tests.portal.factories import UserFactory
from tests.territories.factories import DeskMemberFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:installations_case_changelist")


def found(client, **query):
    """The references the list shows for ``query``."""
    response = client.get(CHANGELIST, query)
    assert response.status_code == 200
    return {case.reference for case in response.context["cl"].result_list}


@pytest.fixture
def cases(desk, other_desk, gp, figeac, auch):
    applicant = UserFactory(email="jeanne.martin@exemple.test")
    return {
        "martin": CaseFactory(
            desk=desk,
            profession=gp,
            communes=[figeac],
            first_name="Jeanne",
            last_name="Martin",
            applicant=applicant,
            reference="INS-2026-04321",
        ),
        "durand": CaseFactory(
            desk=desk,
            profession=gp,
            communes=[figeac],
            first_name="Paul",
            last_name="Durand",
            applicant=UserFactory(email="pdurand@exemple.test"),
            reference="INS-2026-04322",
        ),
        "elsewhere": CaseFactory(
            desk=other_desk,
            profession=gp,
            communes=[auch],
            first_name="Jeanne",
            last_name="Martin",
            applicant=UserFactory(email="martin.jeanne@exemple.test"),
            reference="INS-2026-04323",
        ),
    }


def test_a_case_is_found_by_its_reference_whole_or_begun(client, staff, cases):
    client.force_login(staff)
    assert found(client, q="INS-2026-04321") == {"INS-2026-04321"}
    assert found(client, q="ins-2026-0432") == {"INS-2026-04321", "INS-2026-04322"}


def test_a_case_is_found_by_its_number(client, staff, cases):
    client.force_login(staff)
    assert found(client, q=str(cases["durand"].pk)) >= {"INS-2026-04322"}


def test_a_case_is_found_by_the_beginning_of_a_name_in_any_case(client, staff, cases):
    client.force_login(staff)
    assert found(client, q="mart") == {"INS-2026-04321"}
    assert found(client, q="JEAN") == {"INS-2026-04321"}
    assert found(client, q="Jeanne Mar") == {"INS-2026-04321"}
    assert found(client, q="Jeanne Durand") == set()


def test_a_case_is_found_by_the_beginning_of_the_applicants_e_mail(client, staff, cases):
    client.force_login(staff)
    assert found(client, q="pdur") == {"INS-2026-04322"}
    assert found(client, q="jeanne.martin@exemple.test") == {"INS-2026-04321"}


def test_the_search_reads_prefixes_not_the_middle_of_a_word(client, staff, cases):
    """Documented behaviour (and what makes it indexable): « artin » is no beginning."""
    client.force_login(staff)
    assert found(client, q="artin") == set()


def test_a_case_is_still_found_by_a_wished_communes_name(client, staff, cases):
    client.force_login(staff)
    assert found(client, q="Figeac") == {"INS-2026-04321", "INS-2026-04322"}


def test_the_search_stays_within_the_desk(client, staff, other_staff, cases):
    client.force_login(staff)
    assert "INS-2026-04323" not in found(client, q="martin")
    client.force_login(other_staff)
    assert found(client, q="martin") == {"INS-2026-04323"}


def test_the_search_finds_within_the_lists_filters(client, staff, cases):
    """Each part of the search is taken from the filtered cases (installations/admin/
    case_list.py): a filter and a search together find the cases both find."""
    client.force_login(staff)
    Case.objects.filter(pk=cases["durand"].pk).update(status=CaseStatus.ASSIGNED)
    submitted, assigned = str(CaseStatus.SUBMITTED), str(CaseStatus.ASSIGNED)
    assert found(client, q="mart", status__exact=submitted) == {"INS-2026-04321"}
    assert found(client, q="mart", status__exact=assigned) == set()
    assert found(client, q="pdurand", status__exact=assigned) == {"INS-2026-04322"}
    assert found(client, q="Figeac", status__exact=assigned) == {"INS-2026-04322"}
    assert found(client, q="Jeanne Mar", status__exact=assigned) == set()


def test_each_rows_link_keeps_the_lists_filters(client, staff, cases):
    client.force_login(staff)
    html = client.get(CHANGELIST, {"q": "mart"}).content.decode()
    change = reverse("admin:installations_case_change", args=[cases["martin"].pk])
    assert f'<a href="{change}?_changelist_filters=q%3Dmart">INS-2026-04321</a>' in html
    html = client.get(CHANGELIST).content.decode()
    assert f'<a href="{change}">INS-2026-04321</a>' in html


def test_the_search_box_says_what_it_reads(client, staff, cases):
    client.force_login(staff)
    html = client.get(CHANGELIST).content.decode()
    assert "Le début de la référence, du nom, du prénom ou de l&#x27;adresse e-mail" in html


def test_sent_this_month_or_last_month(client, staff, desk, gp, figeac):
    today = timezone.localdate()
    first = today.replace(day=1)
    now_case = CaseFactory(desk=desk, profession=gp, communes=[figeac])
    last_month = CaseFactory(
        desk=desk,
        profession=gp,
        communes=[figeac],
        submitted_at=timezone.now() - timedelta(days=today.day + 3),
    )
    client.force_login(staff)
    assert found(client, envoyee="mois") == {now_case.reference}
    assert found(client, envoyee="mois_precedent") == {last_month.reference}
    previous = first - timedelta(days=1)
    old_link = {"submitted_at__year": previous.year, "submitted_at__month": previous.month}
    assert found(client, **old_link) == {last_month.reference}
    html = client.get(CHANGELIST).content.decode()
    assert "Le mois dernier" in html
    assert "submitted_at__year" not in html  # no date hierarchy any more


def test_the_referent_filter_offers_only_the_desks_referents(
    client, staff, desk, other_desk, gp, figeac, referent
):
    elsewhere = DeskMemberFactory(user__referent=True, desk=other_desk).user
    ReferentFactory(user=referent)
    ReferentFactory(user=elsewhere)
    CaseFactory(desk=desk, profession=gp, communes=[figeac])
    client.force_login(staff)
    response = client.get(CHANGELIST)
    choices = [
        choice["display"]
        for spec in response.context["cl"].filter_specs
        if spec.title == "référent"
        for choice in spec.choices(response.context["cl"])
    ]
    assert str(referent) in choices
    assert str(elsewhere) not in choices


def count_queries(client, query):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(CHANGELIST, query).status_code == 200
    return len(queries)


def test_filtered_and_searched_list_queries_stay_constant(
    client, staff, desk, gp, figeac, cahors, referent
):
    """The bench's page (a status and a name): at most 12 queries, whatever the cases."""
    client.force_login(staff)
    query = {"status__exact": "in_progress", "q": "Mar"}
    add_cases(5, desk=desk, gp=gp, referent=referent, communes=[figeac, cahors])
    in_progress = {"in_progress": True, "referent": referent, "desk": desk, "profession": gp}
    CaseFactory(communes=[figeac], last_name="Martin", **in_progress)
    client.get(CHANGELIST, query)  # warm-up: the content types, the session
    small = count_queries(client, query)
    add_cases(120, desk=desk, gp=gp, referent=referent, communes=[figeac])
    for index in range(20):
        CaseFactory(communes=[cahors], last_name=f"Marchand {index}", **in_progress)
    assert count_queries(client, query) == small
    assert small <= 12
