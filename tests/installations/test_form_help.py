"""Forms that help: RPPS typed as printed, radio groups without « --------- », one id per
field on the referent's case page, and texts that say who reads them."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from installations.enums import EventKind
from installations.models import Case
from portal.models import OutgoingMail

pytestmark = pytest.mark.django_db


def step_url(case, step):
    return reverse("installations:request_step", kwargs={"pk": case.pk, "step": step})


def referent_url(case, view="referent_case"):
    return reverse(f"installations:{view}", kwargs={"pk": case.pk})


@pytest.fixture
def draft(client, newcomer, desk, figeac):
    client.force_login(newcomer)
    client.post(reverse("installations:request_start"))
    return Case.objects.get(applicant=newcomer)


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.label_targets = Counter(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids[attrs["id"]] += 1
        if tag == "label" and attrs.get("for"):
            self.label_targets.append(attrs["for"])


def parse_ids(html):
    parser = _Ids()
    parser.feed(html)
    return parser


@pytest.mark.parametrize("typed", ["100 0123 4565", "100.012.345.65", "1000-1234-565"])
def test_an_rpps_typed_as_printed_is_kept_as_its_digits(client, draft, gp, typed):
    page = client.get(step_url(draft, "profession")).content.decode()
    maxlength = int(page.split('name="rpps"')[1].split('maxlength="')[1].split('"')[0])
    assert maxlength >= len("100 0123 4565")
    client.post(step_url(draft, "profession"), {"profession": gp.pk, "rpps": typed})
    draft.refresh_from_db()
    assert draft.rpps == "10001234565"


def test_a_spaced_rpps_with_a_wrong_key_is_still_refused(client, draft, gp):
    html = client.post(
        step_url(draft, "profession"), {"profession": gp.pk, "rpps": "100 0123 4566"}
    ).content.decode()
    assert "clé de contrôle incorrecte" in html
    draft.refresh_from_db()
    assert draft.rpps == ""


@pytest.mark.parametrize("step", ["vous", "profession", "projet"])
def test_request_radio_groups_offer_no_empty_choice(client, draft, step):
    html = client.get(step_url(draft, step)).content.decode()
    assert 'type="radio"' in html
    assert "---------" not in html
    assert 'type="radio" name="situation" value=""' not in html


def test_request_radio_groups_on_the_placement_step(client, newcomer, desk, figeac):
    from tests.installations.factories import CaseFactory

    case = CaseFactory(applicant=newcomer, draft=True, kind="placement")
    client.force_login(newcomer)
    html = client.get(step_url(case, "stage")).content.decode()
    assert 'type="radio"' in html and "---------" not in html


def test_an_optional_radio_group_may_stay_unticked(client, draft):
    client.post(step_url(draft, "vous"), {"first_name": "Camille", "last_name": "Durand"})
    draft.refresh_from_db()
    assert draft.civility == "" and draft.first_name == "Camille"


def test_the_ambassador_form_ticks_nothing_and_offers_no_empty_choice(client, desk):
    html = client.get(reverse("ambassadors:register")).content.decode()
    assert "---------" not in html
    kinds = html[html.index('name="kind"') :].split("</fieldset>")[0]
    assert 'value=""' not in kinds and "checked" not in kinds


def test_the_referent_case_page_has_one_id_per_element(client, referent, in_progress_case):
    client.force_login(referent)
    html = client.get(referent_url(in_progress_case)).content.decode()
    parsed = parse_ids(html)
    assert [id_ for id_, count in parsed.ids.items() if count > 1] == []
    assert all(target in parsed.ids for target in parsed.label_targets)
    # Each box says who will read it, and its label reaches it.
    assert '<label for="id_message-body">Message (communiqué au demandeur)' in html
    assert '<label for="id_note-body">Note privée (non communiquée au demandeur)' in html
    # A transition's form shows once the referent opens it (issue 17: none up front).
    assert 'id="id_hold-reason"' not in html and "?action=hold#action-hold" in html
    html = client.get(referent_url(in_progress_case), {"action": "hold"}).content.decode()
    parsed = parse_ids(html)
    assert [id_ for id_, count in parsed.ids.items() if count > 1] == []
    assert all(target in parsed.ids for target in parsed.label_targets)
    assert '<label for="id_hold-reason">Motif de la mise en pause (communiqué au demandeur)' in html


def test_a_reason_that_stays_in_the_team_says_so(in_progress_case):
    from installations import workflow
    from installations.forms import TransitionForm

    reopen, hold = workflow.BY_NAME["reopen"], workflow.BY_NAME["hold"]
    private = TransitionForm(case=in_progress_case, transition="reopen", public=reopen.body_public)
    public = TransitionForm(case=in_progress_case, transition="hold", public=hold.body_public)
    assert str(private.fields["reason"].label) == (
        "Motif de la réouverture (non communiqué au demandeur)"
    )
    assert str(public.fields["reason"].label) == (
        "Motif de la mise en pause (communiqué au demandeur)"
    )


def test_note_and_message_are_posted_with_their_prefixes(
    client, referent, in_progress_case, newcomer
):
    client.force_login(referent)
    client.post(referent_url(in_progress_case, "referent_note"), {"note-body": "Rappeler lundi"})
    client.post(referent_url(in_progress_case, "referent_message"), {"message-body": "Bienvenue !"})
    bodies = dict(in_progress_case.events.values_list("kind", "body"))
    assert bodies[EventKind.NOTE] == "Rappeler lundi"
    assert OutgoingMail.objects.filter(to=newcomer.email).exists()
    assert "Bienvenue !" in in_progress_case.events.values_list("body", flat=True)
    # The note is not mailed: only the message reached the applicant.
    assert not OutgoingMail.objects.filter(body_text__contains="Rappeler lundi").exists()


def test_a_refused_transition_shows_its_summary_in_its_own_form(client, referent, assigned_case):
    client.force_login(referent)
    url = reverse(
        "installations:referent_transition", kwargs={"pk": assigned_case.pk, "name": "start"}
    )
    html = client.post(url, {"start-version": assigned_case.version, "start-note": ""})
    html = html.content.decode()
    assert 'id="erreurs-start"' in html
    assert '<a href="#id_start-note">' in html
    assert [id_ for id_, count in parse_ids(html).ids.items() if count > 1] == []


def test_my_case_page_has_one_id_per_element(client, newcomer, in_progress_case):
    client.force_login(newcomer)
    html = client.get(in_progress_case.get_absolute_url()).content.decode()
    parsed = parse_ids(html)
    assert [id_ for id_, count in parsed.ids.items() if count > 1] == []
    assert all(target in parsed.ids for target in parsed.label_targets)
