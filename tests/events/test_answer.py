"""A guest answers from the link: capacity, waiting list, deadline, cancellation, tokens."""

from datetime import timedelta

import pytest
from django.utils import timezone

from events.enums import EventStatus, InvitationStatus
from events.models import Invitation
from portal.models import OutgoingMail
from tests.events.factories import EventFactory, InvitationFactory
from tests.events.utils import text

pytestmark = pytest.mark.django_db


def _answer(client, invitation, attending="yes", guests=0):
    return client.post(
        invitation.get_answer_url(), {"attending": attending, "guests": guests}, follow=True
    )


def test_the_link_opens_the_guests_own_invitation_without_an_account(client, event):
    invitation = InvitationFactory(event=event, first_name="Lucie", last_name="Fabre")
    response = client.get(invitation.get_answer_url())
    html = text(response)
    assert response.status_code == 200
    assert "Bonjour Lucie Fabre" in html and event.title in html
    assert response["X-Robots-Tag"].startswith("noindex")
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]

    response = _answer(client, invitation, "yes", 2)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED and invitation.guests == 2
    assert invitation.answered_at is not None
    assert "votre inscription est enregistrée" in text(response)


def test_a_guest_can_change_their_mind(client, event):
    invitation = InvitationFactory(event=event)
    _answer(client, invitation, "yes")
    _answer(client, invitation, "no")
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.DECLINED and invitation.guests == 0


@pytest.mark.parametrize("token", ["inconnu", "x" * 43, "a" * 300])
def test_an_invalid_token_gets_a_clear_page_and_nobody_elses_data(client, event, token):
    InvitationFactory(event=event, first_name="Secret", last_name="Personne")
    response = client.get(f"/invitation/{token}/")
    html = text(response)
    assert response.status_code == 404
    assert "Ce lien d'invitation n'est pas valable" in html
    assert "Secret" not in html and event.title not in html
    assert client.post(f"/invitation/{token}/", {"attending": "yes"}).status_code == 404


def test_a_token_opens_only_its_own_invitation(client, event):
    mine = InvitationFactory(event=event, first_name="Moi")
    other = InvitationFactory(event=event, first_name="Autre", last_name="Invitée")
    html = text(client.get(mine.get_answer_url()))
    assert "Moi" in html and "Autre" not in html
    _answer(client, mine, "yes")
    other.refresh_from_db()
    assert other.status == InvitationStatus.INVITED


def test_tokens_are_long_random_and_unique(event):
    tokens = {InvitationFactory(event=event).token for _ in range(20)}
    assert len(tokens) == 20 and all(len(token) >= 40 for token in tokens)


def test_an_old_token_says_the_event_is_over(client, desk, figeac):
    past = EventFactory(desk=desk, commune=figeac, past=True, status=EventStatus.DONE)
    invitation = InvitationFactory(event=past, first_name="Ancien", accepted=True)
    response = client.get(invitation.get_answer_url())
    html = text(response)
    assert response.status_code == 410
    assert "n'est plus valable" in html and "Ancien" not in html
    _answer(client, invitation, "no")
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED


def test_answers_after_the_deadline_are_refused_with_an_explanation(client, desk, figeac):
    event = EventFactory(
        desk=desk, commune=figeac, registration_deadline=timezone.now() - timedelta(hours=1)
    )
    invitation = InvitationFactory(event=event)
    page = text(client.get(invitation.get_answer_url()))
    assert "La date limite de réponse est passée" in page
    assert "Envoyer ma réponse" not in page
    response = client.post(invitation.get_answer_url(), {"attending": "yes", "guests": 0})
    assert response.status_code == 409
    assert "La date limite de réponse est passée" in text(response)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED


def test_a_cancelled_event_refuses_answers_and_says_why(client, event):
    invitation = InvitationFactory(event=event)
    event.status = EventStatus.CANCELLED
    event.cancellation_reason = "Salle indisponible (inondation)."
    event.save()
    page = text(client.get(invitation.get_answer_url()))
    assert "Cet évènement est annulé" in page and "Salle indisponible" in page
    response = client.post(invitation.get_answer_url(), {"attending": "yes", "guests": 0})
    assert response.status_code == 409
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED


def test_capacity_puts_late_yeses_on_the_waiting_list(client, desk, figeac):
    event = EventFactory(desk=desk, commune=figeac, capacity=3)
    first, second, third = InvitationFactory.create_batch(3, event=event)
    _answer(client, first, "yes", 1)  # 2 seats
    _answer(client, second, "yes", 1)  # 2 more: does not fit
    response = _answer(client, third, "yes", 0)  # 1 seat: fits
    for invitation in (first, second, third):
        invitation.refresh_from_db()
    assert first.status == InvitationStatus.ACCEPTED
    assert second.status == InvitationStatus.WAITING
    assert third.status == InvitationStatus.ACCEPTED
    assert event.invitations.seats_taken() == 3
    assert "liste d'attente" in text(client.get(second.get_answer_url()))
    assert response.status_code == 200


def test_a_decline_moves_the_waiting_list_up_and_tells_the_person(client, desk, figeac):
    event = EventFactory(desk=desk, commune=figeac, capacity=2)
    holder = InvitationFactory(event=event, accepted=True, guests=1)
    early = InvitationFactory(event=event, waiting=True, first_name="Première")
    late = InvitationFactory(
        event=event,
        waiting=True,
        answered_at=timezone.now() + timedelta(minutes=1),
        guests=1,
    )
    _answer(client, holder, "no")
    early.refresh_from_db()
    late.refresh_from_db()
    assert early.status == InvitationStatus.ACCEPTED
    assert late.status == InvitationStatus.WAITING  # one seat left, late needs two
    mail = OutgoingMail.objects.get(topic="events_promoted")
    assert mail.to == early.email and "place s'est libérée" in mail.subject
    assert early.get_answer_url() in mail.body_text


def test_a_seat_holder_cannot_add_guests_beyond_capacity(client, desk, figeac):
    event = EventFactory(desk=desk, commune=figeac, capacity=2)
    holder = InvitationFactory(event=event, accepted=True)
    InvitationFactory(event=event, accepted=True)
    response = client.post(holder.get_answer_url(), {"attending": "yes", "guests": 2})
    assert response.status_code == 409
    holder.refresh_from_db()
    assert holder.status == InvitationStatus.ACCEPTED and holder.guests == 0


def test_invalid_answers_are_shown_back(client, event):
    invitation = InvitationFactory(event=event)
    response = client.post(invitation.get_answer_url(), {"attending": "peut-être", "guests": 99})
    assert response.status_code == 400
    assert Invitation.objects.get(pk=invitation.pk).status == InvitationStatus.INVITED


def test_a_draft_event_is_not_open_to_answers(client, desk, figeac):
    event = EventFactory(desk=desk, commune=figeac, draft=True)
    invitation = InvitationFactory(event=event)
    assert "pas encore ouvertes" in text(client.get(invitation.get_answer_url()))


def test_a_waiting_guest_sees_their_place_in_the_queue_and_the_seats_left(client, event):
    event.capacity = 4
    event.save()
    InvitationFactory(event=event, status=InvitationStatus.ACCEPTED, guests=1)  # 2 seats taken
    first = InvitationFactory(event=event, waiting=True, guests=2)  # a party of 3: does not fit
    late = InvitationFactory(event=event)

    response = _answer(client, late, "yes", 0)
    late.refresh_from_db()
    html = text(response)
    # Someone waits before them, but a party of 3 does not fit 2 free seats: the late
    # single guest may take one, and the page says how many remain.
    assert late.status == InvitationStatus.ACCEPTED
    assert "Il reste 1 place." in html

    second = InvitationFactory(event=event)
    _answer(client, second, "yes", 1)
    second.refresh_from_db()
    assert second.status == InvitationStatus.WAITING
    html = text(client.get(second.get_answer_url()))
    assert "Vous êtes à la 2e place de la liste d'attente" in html
    assert "Il reste 1 place." in html
    assert "complet" not in html
    assert "Vous êtes à la 1re place de la liste d'attente" in text(
        client.get(first.get_answer_url())
    )


def test_a_guest_names_their_companions_one_per_line(client, event):
    invitation = InvitationFactory(event=event)
    page = text(client.get(invitation.get_answer_url()))
    assert "Noms des accompagnants, un par ligne" in page
    response = client.post(
        invitation.get_answer_url(),
        {"attending": "yes", "guests": 1, "companion_names": "Jeanne Martin\nPaul Martin"},
    )
    assert response.status_code == 400
    assert "2 noms pour 1 accompagnant : un nom par accompagnant, au plus." in text(response)
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.INVITED and invitation.companion_names == ""

    names = "  Jeanne   Martin \n\n Paul Martin\n"
    _answer_with_names = client.post(
        invitation.get_answer_url(),
        {"attending": "yes", "guests": 2, "companion_names": names},
        follow=True,
    )
    invitation.refresh_from_db()
    assert invitation.companion_names == "Jeanne Martin\nPaul Martin" and invitation.guests == 2
    assert "Jeanne Martin\nPaul Martin</textarea>" in text(_answer_with_names)
    # Fewer names than companions is fine; declining forgets them.
    _answer(client, invitation, "no")
    invitation.refresh_from_db()
    assert invitation.companion_names == "" and invitation.guests == 0


def test_a_waiting_party_too_large_for_the_free_seats_is_told_it_keeps_its_place(client, event):
    event.capacity = 3
    event.save()
    InvitationFactory(event=event, accepted=True, guests=1)  # 2 of 3 seats
    big = InvitationFactory(event=event, waiting=True, guests=2)
    html = text(client.get(big.get_answer_url()))
    assert "Vous êtes à la 1re place de la liste d'attente" in html
    assert "Il reste 1 place. Votre groupe en demande 3 : vous gardez votre rang" in html
    assert "complet" not in html.lower()
