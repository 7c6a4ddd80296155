"""« Continuer ma demande » opens the first step still to fill in, not step 1."""

import pytest
from django.urls import reverse

from tests.installations.factories import CaseFactory
from tests.students.factories import PlacementCaseFactory

pytestmark = pytest.mark.django_db


def continue_link(client, case):
    html = client.get(case.get_absolute_url()).content.decode()
    start = html.index(">Continuer ma demande<")
    return html[html.rindex('href="', 0, start) + 6 : start - 1]


def step_url(case, step):
    return reverse("installations:request_step", kwargs={"pk": case.pk, "step": step})


@pytest.fixture
def complete_draft(newcomer, gp, figeac, desk):
    return CaseFactory(
        draft=True,
        applicant=newcomer,
        profession=gp,
        communes=[figeac],
        needs=["housing"],
    )


def test_only_the_sending_missing_opens_the_last_step(client, newcomer, complete_draft):
    client.force_login(newcomer)
    assert continue_link(client, complete_draft) == step_url(complete_draft, "envoi")
    # « Reprendre mon brouillon » on the request page goes to the same step.
    response = client.post(reverse("installations:request_start"))
    assert response["Location"] == step_url(complete_draft, "envoi")


def test_the_first_step_with_something_missing_opens(client, newcomer, complete_draft):
    complete_draft.situation = ""
    complete_draft.save()
    complete_draft.wished_communes.clear()
    client.force_login(newcomer)
    assert continue_link(client, complete_draft) == step_url(complete_draft, "profession")


def test_the_needs_open_when_nothing_is_said_about_them(client, newcomer, complete_draft):
    complete_draft.needs = []
    complete_draft.save()
    client.force_login(newcomer)
    assert continue_link(client, complete_draft) == step_url(complete_draft, "besoins")


def test_a_placement_request_without_its_dates_opens_the_placement_step(
    client, newcomer, gp, figeac, desk
):
    case = PlacementCaseFactory(
        draft=True,
        applicant=newcomer,
        profession=gp,
        communes=[figeac],
        needs=["housing"],
        placement_start=None,
    )
    client.force_login(newcomer)
    assert continue_link(client, case) == step_url(case, "stage")


def test_a_new_draft_starts_at_the_beginning_and_resumes_after_the_names(client, newcomer):
    client.force_login(newcomer)
    response = client.post(reverse("installations:request_start"))
    case = newcomer.cases.get()
    assert response["Location"] == step_url(case, "vous")
    # The names come from the account: the profession is the first thing missing.
    assert continue_link(client, case) == step_url(case, "profession")
    case.last_name = ""
    case.save()
    assert continue_link(client, case) == step_url(case, "vous")
