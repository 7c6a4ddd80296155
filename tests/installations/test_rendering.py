"""Issue 17, rendering: what the case pages, « Mes dossiers » and the guest list print per row
is computed once (labels translated once per language, the removal link reversed once, the
unbound forms written once per process) and reads exactly as Django's own rendering did."""

import pytest
from django.urls import reverse
from django.utils import timezone

from events.enums import InvitationStatus
from installations.enums import CaseStatus, EventKind
from installations.forms import MessageToApplicantForm, NoteForm, TextForm
from installations.models import CaseEvent
from installations.views.common import blank_field, timeline_rows
from portal.choices import choice_labels
from tests.events.factories import EventFactory, InvitationFactory

pytestmark = pytest.mark.django_db


def test_choice_labels_read_as_get_display():
    labels = choice_labels(CaseStatus)
    for status in CaseStatus:
        assert labels[status] == str(status.label)
    assert choice_labels(EventKind)[EventKind.NOTE] == "note privée"


def test_timeline_rows_print_what_the_template_filters_printed(in_progress_case, referent):
    referent.first_name, referent.last_name = "Sophie", "Lafon"
    referent.save()
    CaseEvent.objects.create(
        case=in_progress_case, kind=EventKind.STATUS, to_status=CaseStatus.ON_HOLD, actor=referent
    )
    CaseEvent.objects.create(case=in_progress_case, kind=EventKind.NOTE, body="à rappeler")
    status, note = timeline_rows(in_progress_case.events.select_related("actor").order_by("pk"))
    assert (status.kind_label, status.to_status_label) == ("changement de statut", "en pause")
    assert status.actor_name == "Sophie Lafon" and note.actor_name == ""
    local = timezone.localtime(status.created_at)
    assert status.created_iso == local.strftime("%Y-%m-%dT%H:%M:%S%z")  # as date:'Y-m-d\TH:i:sO'


def test_blank_fields_are_the_forms_own_html():
    assert blank_field(NoteForm, "body", "note") == NoteForm(prefix="note")["body"].as_field_group()
    assert (
        blank_field(MessageToApplicantForm, "body", "message")
        == MessageToApplicantForm(prefix="message")["body"].as_field_group()
    )
    assert blank_field(TextForm, "body") == TextForm()["body"].as_field_group()


def test_the_referent_page_shows_the_timeline_and_only_messages_in_the_thread(
    client, in_progress_case, referent, newcomer
):
    CaseEvent.objects.create(
        case=in_progress_case,
        kind=EventKind.MESSAGE,
        actor=newcomer,
        body="Bonjour",
        is_public=True,
    )
    CaseEvent.objects.create(
        case=in_progress_case, kind=EventKind.NOTE, actor=referent, body="note interne"
    )
    client.force_login(referent)
    url = reverse("installations:referent_case", kwargs={"pk": in_progress_case.pk})
    page = client.get(url).content.decode()
    thread = page.split('<ol class="thread">')[1].split("</ol>")[0]
    assert "Bonjour" in thread and "note interne" not in thread
    assert "note privée" in page and "note interne" in page
    assert 'id="id_note-body"' in page and 'id="id_message-body"' in page
    assert page.count('name="csrfmiddlewaretoken"') >= 3  # tokens stay outside the blank fields


def test_workspace_rows_show_status_labels(client, in_progress_case, referent):
    client.force_login(referent)
    page = client.get(reverse("installations:workspace")).content.decode()
    assert "en cours d&#x27;accompagnement" in page or "en cours d'accompagnement" in page
    assert '<select name="status"' in page and '<option value="in_progress">' in page


def test_guest_rows_have_their_label_and_removal_link(client, coordinator, desk, figeac):
    event = EventFactory(desk=desk, commune=figeac)
    guests = [InvitationFactory(event=event), InvitationFactory(event=event, accepted=True)]
    client.force_login(coordinator)
    page = client.get(reverse("events:office_event", kwargs={"pk": event.pk})).content.decode()
    for guest in guests:
        link = reverse("events:guest_remove", kwargs={"pk": event.pk, "invitation_pk": guest.pk})
        assert f'href="{link}"' in page
    assert choice_labels(InvitationStatus)[InvitationStatus.ACCEPTED] in page


def test_fields_written_once_are_the_forms_own_html_for_each_value():
    from datetime import date

    from installations.forms import NextActionForm
    from installations.views.common import fields_html

    def form(on):
        return NextActionForm(prefix="next", initial={"next_action_on": on})

    for on in (None, date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 2)):
        expected = f'<div class="field">{form(on)["next_action_on"].as_field_group()}</div>'
        assert fields_html(form(on), ("next_action_on",)) == expected


def test_workspace_filter_shows_what_was_chosen_and_its_errors(client, in_progress_case, referent):
    client.force_login(referent)
    url = reverse("installations:workspace")
    assert '<option value="in_progress" selected>' not in client.get(url).content.decode()
    page = client.get(url + "?status=in_progress").content.decode()
    assert '<option value="in_progress" selected>' in page
    page = client.get(url + "?status=nowhere").content.decode()
    assert "nowhere" in page and '<option value="in_progress" selected>' not in page
    assert '<option value="in_progress" selected>' in (
        client.get(url + "?status=in_progress").content.decode()
    )
