"""What each row of the guest list and of the waiting list says, worded by the view once per
row (issue 17): the e-mail and letter cells, the waiting list's buttons and their address."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from portal.formatting import date_fr
from tests.events.factories import InvitationFactory
from tests.events.utils import text

pytestmark = pytest.mark.django_db


def guest_list(client, event):
    return text(client.get(reverse("events:office_event", kwargs={"pk": event.pk})))


def row_of(page, name):
    start = page.index(f'<th scope="row">{name.upper()}')
    return page[start : page.index("</tr>", start)]


def test_the_email_and_letter_cells(client, coordinator, event):
    sent = timezone.now() - timedelta(days=3)
    InvitationFactory(event=event, last_name="Envoyée", sent_at=sent)
    InvitationFactory(event=event, last_name="Partir", sent_at=None)
    InvitationFactory(event=event, last_name="Courrier", email="", sent_at=None)
    InvitationFactory(event=event, last_name="Postée", email="", sent_at=None, letter_sent_at=sent)
    client.force_login(coordinator)
    page = guest_list(client, event)
    assert f"<td>envoyée le {date_fr(sent)}</td>\n      <td>—</td>" in row_of(page, "Envoyée")
    assert "<td>à envoyer</td>\n      <td>—</td>" in row_of(page, "Partir")
    assert "<td>sans e-mail</td>\n      <td>lettre à envoyer</td>" in row_of(page, "Courrier")
    assert f"<td>sans e-mail</td>\n      <td>lettre envoyée le {date_fr(sent)}</td>" in row_of(
        page, "Postée"
    )


def test_the_waiting_list_buttons_post_to_each_persons_address(client, coordinator, event):
    event.capacity = 2
    event.save()
    InvitationFactory(event=event, accepted=True)
    first = InvitationFactory(event=event, waiting=True, last_name="Premier", guests=0)
    second = InvitationFactory(event=event, waiting=True, last_name="Second", guests=3)
    client.force_login(coordinator)
    page = guest_list(client, event)
    for invitation in (first, second):
        action = reverse("events:move_up", args=[event.pk, invitation.pk])
        assert f'<form method="post" action="{action}" class="inline-form">' in page
    assert f'Inscrire<span class="visually-hidden"> {first.full_name}</span>' in page
    assert f'Faire passer en tête<span class="visually-hidden"> : {second.full_name}' in page
    assert "son groupe ne tient pas dans les places libres" in page


def test_a_referent_sees_the_rows_without_their_actions(client, referent, event):
    event.capacity = 1
    event.save()
    InvitationFactory(event=event, accepted=True, last_name="Inscrite")
    InvitationFactory(event=event, waiting=True, last_name="Attente")
    client.force_login(referent)
    page = guest_list(client, event)
    assert "INSCRITE" in page and "ATTENTE" in page
    assert "Retirer" not in page and "Inscrire" not in page
