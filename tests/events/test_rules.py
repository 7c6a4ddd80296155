"""The waiting list's rules: first come first served, freed seats to those whose party fits,
surplus back to the head of the queue, moves by hand recorded."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events import services
from events.enums import EventStatus, InvitationStatus
from events.models import Event, EventLog, EventLogKind
from portal.formatting import date_fr
from portal.models import OutgoingMail
from tests.events.factories import InvitationFactory
from tests.events.utils import text

pytestmark = pytest.mark.django_db


def _waiting(event, minutes, guests=0, **fields):
    at = timezone.now() - timedelta(hours=1) + timedelta(minutes=minutes)
    return InvitationFactory(
        event=event, waiting=True, queued_at=at, answered_at=at, guests=guests, **fields
    )


def test_freed_seats_go_to_the_earliest_whose_party_fits(event):
    event.capacity = 3
    event.save()
    holder = InvitationFactory(event=event, accepted=True, guests=1)
    InvitationFactory(event=event, accepted=True)
    big = _waiting(event, 1, guests=2)
    small = _waiting(event, 2)
    services.answer(invitation_id=holder.pk, attending=False)
    big.refresh_from_db()
    small.refresh_from_db()
    assert big.status == InvitationStatus.WAITING and big.queue_position() == 1
    assert small.status == InvitationStatus.ACCEPTED
    assert OutgoingMail.objects.filter(topic="events_keeps_place", to=big.email).exists()
    assert EventLog.objects.get(kind=EventLogKind.PROMOTED).invitation == small
    # A new yes with one free seat: nobody waiting fits it, so it is seated.
    late = InvitationFactory(event=event)
    assert services.answer(invitation_id=late.pk, attending=True).status == "accepted"


def test_a_yes_again_while_waiting_keeps_ones_place(event):
    event.capacity = 1
    event.save()
    InvitationFactory(event=event, accepted=True)
    first = _waiting(event, 1)
    _waiting(event, 2)
    before = first.queued_at
    services.answer(invitation_id=first.pk, attending=True, guests=1)
    first.refresh_from_db()
    assert first.queued_at == before and first.guests == 1 and first.queue_position() == 1


def test_lowering_capacity_sends_the_latest_back_to_the_head_of_the_queue(event):
    event.capacity = 4
    event.save()
    now = timezone.now()
    early = InvitationFactory(event=event, accepted=True, answered_at=now - timedelta(days=2))
    late = InvitationFactory(
        event=event, accepted=True, guests=2, answered_at=now - timedelta(days=1)
    )
    waiting = _waiting(event, 1)
    event.capacity = 2
    event.save()
    services.notify_change(event, ["capacity"], previous_capacity=4)
    late.refresh_from_db()
    early.refresh_from_db()
    waiting.refresh_from_db()
    assert early.status == InvitationStatus.ACCEPTED
    assert late.status == InvitationStatus.WAITING and late.queue_position() == 1
    # One seat left free: the first in the queue whose party fits takes it.
    assert waiting.status == InvitationStatus.ACCEPTED
    assert event.invitations.seats_taken() == 2
    assert OutgoingMail.objects.filter(topic="events_surplus", to=late.email).exists()
    assert EventLog.objects.filter(kind=EventLogKind.SURPLUS, invitation=late).exists()
    assert EventLog.objects.get(kind=EventLogKind.CAPACITY).detail == "4 places → 2 places"


def test_move_up_by_hand_is_recorded(event, coordinator):
    event.capacity = 1
    event.save()
    InvitationFactory(event=event, accepted=True)
    _waiting(event, 1)
    second = _waiting(event, 2)
    services.move_up(second, by=coordinator)
    second.refresh_from_db()
    assert second.queue_position() == 1
    log = EventLog.objects.get(kind=EventLogKind.MOVED_UP)
    assert log.by == coordinator and log.detail == "2e → 1re"


def test_cancel_reaches_the_silent_and_lists_postal_guests_to_call(event):
    silent = InvitationFactory(event=event)
    postal = InvitationFactory(event=event, email="", sent_at=None)
    assert services.cancel(event, reason="Salle inondée.") == 1
    assert OutgoingMail.objects.get(topic="events_cancelled").to == silent.email
    postal.refresh_from_db()
    assert postal.call_reason == "annulation : Salle inondée." and postal.call_needed_at


# --- The rules through the coordinator's pages -------------------------------------------------
def _form_data(event, **overrides):
    data = {
        "title": event.title,
        "kind": event.kind,
        "desk": event.desk_id,
        "starts_at": timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "venue_name": event.venue_name,
        "address": event.address,
        "commune": event.commune_id,
        "capacity": "" if event.capacity is None else event.capacity,
        "is_published": "on",
    }
    return {**data, **overrides}


def _minute(event):
    """Form inputs carry minutes: align the stored dates so that nothing looks changed."""
    event.starts_at = event.starts_at.replace(second=0, microsecond=0)
    event.ends_at = event.ends_at.replace(second=0, microsecond=0)
    event.save()
    return event


@pytest.mark.parametrize("capacity", ["0", "-3"])
def test_a_capacity_below_one_is_refused_with_an_explanation(
    client, coordinator, desk, figeac, capacity
):
    client.force_login(coordinator)
    start = timezone.localtime() + timedelta(days=30)
    data = {
        "title": "Soirée",
        "kind": "welcome_evening",
        "desk": desk.pk,
        "starts_at": start.strftime("%Y-%m-%dT19:00"),
        "ends_at": start.strftime("%Y-%m-%dT22:00"),
        "venue_name": "Salle",
        "commune": figeac.pk,
        "capacity": capacity,
    }
    response = client.post(reverse("events:office_create"), data)
    assert response.status_code == 200
    assert "Au moins 1 place, ou laissez vide pour sans limite." in text(response)
    assert not Event.objects.exists()
    client.post(reverse("events:office_create"), {**data, "capacity": ""})
    assert Event.objects.get().capacity is None  # empty: no limit


def test_lowering_capacity_below_the_seats_taken_asks_first_and_names_the_surplus(
    client, coordinator, event
):
    _minute(event)
    event.capacity = 4
    event.save()
    now = timezone.now()
    InvitationFactory(
        event=event,
        accepted=True,
        first_name="Anne",
        last_name="Tôt",
        answered_at=now - timedelta(days=3),
    )
    late = InvitationFactory(
        event=event,
        accepted=True,
        guests=1,
        first_name="Luc",
        last_name="Tard",
        answered_at=now - timedelta(days=1),
    )
    postal = InvitationFactory(
        event=event,
        accepted=True,
        email="",
        sent_at=None,
        first_name="Paule",
        last_name="Sansposte",
        answered_at=now - timedelta(days=2),
    )
    client.force_login(coordinator)
    url = reverse("events:office_edit", kwargs={"pk": event.pk})
    response = client.post(url, _form_data(event, capacity=1))
    page = text(response)
    assert response.status_code == 200
    assert "Moins de places que de places prises" in page
    assert "4 places sont prises" in page
    assert "TARD Luc (2 places)" in page and "SANSPOSTE Paule (1 place) — sans e-mail" in page
    assert "TÔT Anne" not in page.split("Moins de places")[1].split("</section>")[0]
    assert "cochez la confirmation pour enregistrer" in page
    event.refresh_from_db()
    assert event.capacity == 4 and not OutgoingMail.objects.exists()

    response = client.post(url, _form_data(event, capacity=1, confirm_capacity="on"), follow=True)
    page = text(response)
    event.refresh_from_db()
    late.refresh_from_db()
    postal.refresh_from_db()
    assert event.capacity == 1
    assert late.status == postal.status == InvitationStatus.WAITING
    assert "Repassent en tête de la liste d'attente : Paule Sansposte et Luc Tard." in page
    assert "1 personne en a été prévenue par e-mail." in page
    assert "Sans e-mail, à appeler : Paule Sansposte" in page
    assert OutgoingMail.objects.filter(topic="events_surplus", to=late.email).exists()
    assert postal.call_needed_at is not None
    assert "Nombre de places modifié" in page  # the log, on the dashboard
    assert event.invitations.seats_taken() == 1


def test_raising_capacity_by_the_form_seats_the_waiting_and_says_who(client, coordinator, event):
    _minute(event)
    event.capacity = 1
    event.save()
    InvitationFactory(event=event, accepted=True)
    waiting = _waiting(event, 1, first_name="Inès", last_name="Attente")
    client.force_login(coordinator)
    url = reverse("events:office_edit", kwargs={"pk": event.pk})
    page = text(client.post(url, _form_data(event, capacity=2), follow=True))
    waiting.refresh_from_db()
    assert waiting.status == InvitationStatus.ACCEPTED
    assert "A obtenu une place depuis la liste d'attente : Inès Attente." in page


def test_a_practical_change_names_who_must_be_phoned(client, coordinator, event):
    _minute(event)
    InvitationFactory(event=event, accepted=True)
    InvitationFactory(event=event, email="", sent_at=None, first_name="Jean", last_name="Papier")
    InvitationFactory(
        event=event, email="", sent_at=None, status=InvitationStatus.DECLINED, last_name="Non"
    )
    client.force_login(coordinator)
    url = reverse("events:office_edit", kwargs={"pk": event.pk})
    form = text(client.get(url))
    assert "sont prévenues : 1 par e-mail, 1 sans e-mail à appeler." in form
    page = text(client.post(url, _form_data(event, venue_name="Mairie"), follow=True))
    assert "1 invité a été prévenu par e-mail du changement." in page
    assert "Sans e-mail, à appeler : Jean Papier (liste « à appeler »)." in page
    assert "Non" not in page.split("à appeler :")[1].split(".")[0]


def test_a_past_evening_is_recorded_as_an_archive_and_nothing_can_leave(
    client, coordinator, desk, figeac, eager_tasks, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    start = timezone.localtime() - timedelta(days=380)
    data = {
        "title": "Soirée d'accueil 2025",
        "kind": "welcome_evening",
        "desk": desk.pk,
        "starts_at": start.strftime("%Y-%m-%dT19:00"),
        "ends_at": start.strftime("%Y-%m-%dT22:00"),
        "venue_name": "Espace Samayou",
        "commune": figeac.pk,
    }
    response = client.post(reverse("events:office_create"), data, follow=True)
    event = Event.objects.get()
    notice = "Évènement passé : il sert d'archive, aucune invitation ne peut partir."
    page = text(response)
    assert notice in page
    assert "Ouvrir l'évènement (publier)" not in page and "Envoyer" not in page.split("<h2")[0]
    InvitationFactory(event=event, sent_at=None)
    response = client.post(reverse("events:office_publish", kwargs={"pk": event.pk}), follow=True)
    assert response.status_code == 200 and notice in text(response)
    event.refresh_from_db()
    assert event.status == EventStatus.DRAFT
    # Even open (as the demo's past evening), its invitations do not leave.
    event.status = EventStatus.PUBLISHED
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:send", kwargs={"pk": event.pk}), follow=True)
    assert notice in text(response)
    assert not OutgoingMail.objects.exists()
    assert not event.invitations.filter(sent_at__isnull=False).exists()


def test_sending_counts_e_mails_only_and_says_how_many_letters_are_due(
    client, coordinator, event, eager_tasks, django_capture_on_commit_callbacks
):
    InvitationFactory.create_batch(2, event=event, sent_at=None)
    InvitationFactory(event=event)  # already sent
    InvitationFactory(event=event, email="", sent_at=None)
    InvitationFactory(event=event, email="", sent_at=None, letter_sent_at=timezone.now())
    client.force_login(coordinator)
    dashboard = text(client.get(reverse("events:office_event", kwargs={"pk": event.pk})))
    assert "Envoyer 2 invitations par e-mail" in dashboard
    assert "1 invité sans e-mail attend une lettre." in dashboard
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("events:send", kwargs={"pk": event.pk}), follow=True)
    page = text(response)
    assert "Envoi de 2 invitations par e-mail en cours." in page
    assert "1 invité sans e-mail attend une lettre : imprimez-la" in page
    assert OutgoingMail.objects.filter(topic="events_invitation").count() == 2
    dashboard = text(client.get(reverse("events:office_event", kwargs={"pk": event.pk})))
    assert "Toutes les invitations par e-mail sont parties." in dashboard
    response = client.post(reverse("events:send", kwargs={"pk": event.pk}), follow=True)
    assert "Aucune invitation à envoyer par e-mail" in text(response)


def test_the_cancel_page_says_who_is_mailed_and_who_to_phone(client, coordinator, event):
    InvitationFactory(event=event, accepted=True)
    InvitationFactory(event=event)  # no answer yet: told too
    InvitationFactory(event=event, status=InvitationStatus.DECLINED)
    InvitationFactory(event=event, email="", sent_at=None, first_name="Rose", last_name="Lettre")
    client.force_login(coordinator)
    url = reverse("events:office_cancel", kwargs={"pk": event.pk})
    page = text(client.get(url))
    assert "2 personnes seront prévenues par e-mail." in page
    assert "1 personne sans e-mail sera à appeler" in page
    page = text(client.post(url, {"reason": "Salle inondée."}, follow=True))
    assert "2 personnes ont été prévenues par e-mail." in page
    assert "Sans e-mail, à appeler : Rose Lettre" in page


def test_the_dashboard_shows_the_queue_in_order_and_a_move_up_is_logged(client, coordinator, event):
    event.capacity = 2
    event.save()
    InvitationFactory(event=event, accepted=True, guests=1)
    first = _waiting(event, 1, guests=2, first_name="Alice", last_name="Groupe")
    second = _waiting(event, 2, first_name="Bruno", last_name="Second")
    third = _waiting(event, 3, first_name="Chloé", last_name="Troisième")
    client.force_login(coordinator)
    url = reverse("events:office_event", kwargs={"pk": event.pk})
    page = text(client.get(url))
    queue = page.split('id="attente"')[1].split("</table>")[0]
    assert queue.index("GROUPE") < queue.index("SECOND") < queue.index("TROISIÈME")
    assert "<td>1re</td>" in queue and "<td>2e</td>" in queue and "<td>3e</td>" in queue
    assert "Aucune place libre." in page
    assert "en tête ; son groupe ne tient pas" in queue
    move = reverse("events:move_up", kwargs={"pk": event.pk, "invitation_pk": third.pk})
    assert move in queue
    page = text(client.post(move, follow=True))
    assert "Chloé Troisième passe en tête de la liste d'attente" in page
    third.refresh_from_db()
    first.refresh_from_db()
    assert third.queue_position() == 1 and first.queue_position() == 2
    journal = page.split('id="journal"')[1]
    assert "Avancé·e dans la liste d'attente : Chloé Troisième (3e → 1re)" in journal
    assert str(coordinator) in journal
    # A seat freed: the button says « Inscrire » for whoever fits, and seats them.
    event.capacity = 3
    event.save()
    page = text(client.get(url))
    second_move = reverse("events:move_up", kwargs={"pk": event.pk, "invitation_pk": second.pk})
    assert f'action="{second_move}"' in page and "Inscrire<span" in page
    page = text(client.post(second_move, follow=True))
    second.refresh_from_db()
    assert second.status == InvitationStatus.ACCEPTED
    assert "Bruno Second est inscrit·e : une place lui est attribuée. Un e-mail" in page
    # Not waiting any more: said, nothing changes.
    page = text(client.post(second_move, follow=True))
    assert "Bruno Second n'est pas sur la liste d'attente." in page


def test_move_up_is_for_the_events_managers_only(client, referent, other_staff, event, other_event):
    waiting = _waiting(event, 1)
    move = reverse("events:move_up", kwargs={"pk": event.pk, "invitation_pk": waiting.pk})
    for user in (referent, other_staff):
        client.force_login(user)
        assert client.post(move).status_code == 404
    elsewhere = reverse(
        "events:move_up", kwargs={"pk": other_event.pk, "invitation_pk": waiting.pk}
    )
    client.force_login(other_staff)
    assert client.post(elsewhere).status_code == 404
    assert not EventLog.objects.exists()


def test_the_guest_table_shows_letter_and_e_mail_status_and_a_remove_link(
    client, coordinator, event
):
    posted = timezone.now() - timedelta(days=3)
    mailed = InvitationFactory(event=event, last_name="Courriel")
    InvitationFactory(event=event, sent_at=None, last_name="Pasencore")
    InvitationFactory(event=event, email="", sent_at=None, last_name="Postale")
    InvitationFactory(
        event=event,
        email="",
        sent_at=None,
        last_name="Postee",
        letter_sent_at=posted,
    )
    client.force_login(coordinator)
    page = text(client.get(reverse("events:office_event", kwargs={"pk": event.pk})))
    rows = page.split("<tr>")

    def row(name):
        return next(row for row in rows if f'<th scope="row">{name}' in row)

    assert "envoyée le" in row("COURRIEL") and "lettre" not in row("COURRIEL")
    assert "à envoyer" in row("PASENCORE")
    assert "sans e-mail" in row("POSTALE") and "lettre à envoyer" in row("POSTALE")
    assert f"lettre envoyée le {date_fr(posted)}" in row("POSTEE")
    remove = reverse("events:guest_remove", kwargs={"pk": event.pk, "invitation_pk": mailed.pk})
    assert remove in row("COURRIEL")
