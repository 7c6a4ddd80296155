"""The coordinator's front office: create, build the guest list, send, change, cancel,
write to guests, check in; and the guest list's query budget."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from events.enums import EventStatus, InvitationStatus
from events.models import Event, EventLog, EventLogKind, GuestMessage, Invitation
from portal.formatting import datetime_fr, number_fr
from portal.models import OutgoingMail
from tests.events.factories import (
    EventFactory,
    InvitationFactory,
    bulk_invitations,
)
from tests.events.utils import text

pytestmark = pytest.mark.django_db


def test_a_coordinator_creates_an_event_for_their_desk(
    client, coordinator, desk, figeac, other_desk
):
    client.force_login(coordinator)
    assert client.get(reverse("events:office_create")).status_code == 200
    start = timezone.localtime() + timedelta(days=30)
    data = {
        "title": "Soirée d'accueil de printemps",
        "kind": "welcome_evening",
        "desk": other_desk.pk,  # tampered: refused, only one's own desk is offered
        "starts_at": start.strftime("%Y-%m-%dT19:00"),
        "ends_at": start.strftime("%Y-%m-%dT22:00"),
        "venue_name": "Salle des fêtes",
        "commune": figeac.pk,
        "capacity": 40,
        "is_published": "on",
    }
    response = client.post(reverse("events:office_create"), data)
    assert response.status_code == 200 and not Event.objects.exists()
    data["desk"] = desk.pk
    response = client.post(reverse("events:office_create"), data)
    event = Event.objects.get()
    assert response.status_code == 302 and event.desk == desk
    assert event.status == EventStatus.DRAFT and event.created_by == coordinator


def test_end_before_start_is_refused(client, coordinator, desk, figeac):
    client.force_login(coordinator)
    start = timezone.localtime() + timedelta(days=30)
    response = client.post(
        reverse("events:office_create"),
        {
            "title": "Mauvaise date",
            "kind": "training",
            "desk": desk.pk,
            "starts_at": start.strftime("%Y-%m-%dT19:00"),
            "ends_at": start.strftime("%Y-%m-%dT18:00"),
            "venue_name": "Salle",
            "commune": figeac.pk,
        },
    )
    assert "La fin doit suivre le début." in text(response)


def test_typed_names_are_added_once_and_linked_to_an_account(client, coordinator, event, newcomer):
    client.force_login(coordinator)
    url = reverse("events:guests", kwargs={"pk": event.pk})
    names = (
        "Marie Dupont, marie.dupont@exemple.test\n"
        f"Camille Durand <{newcomer.email.upper()}>\n"
        "Jean Sans-Adresse\n"
        "Marie Dupont; MARIE.DUPONT@exemple.test\n"
    )
    response = client.post(url, {"action": "typed", "names": names}, follow=True)
    assert "3 personnes ajoutées" in text(response) and "1 déjà invitée" in text(response)
    assert event.invitations.get(email=newcomer.email).user == newcomer
    assert event.invitations.get(last_name="Sans-Adresse").email == ""


def test_a_bad_typed_line_is_shown_and_nothing_added(client, coordinator, event):
    client.force_login(coordinator)
    url = reverse("events:guests", kwargs={"pk": event.pk})
    response = client.post(url, {"action": "typed", "names": "Marie Dupont, pas-une-adresse"})
    assert "Ligne 1 : adresse e-mail invalide" in text(response)
    assert not event.invitations.exists()


def test_send_invitations_once_through_the_outbox(
    client, coordinator, desk, figeac, eager_tasks, django_capture_on_commit_callbacks
):
    event = EventFactory(desk=desk, commune=figeac, draft=True)
    InvitationFactory.create_batch(2, event=event, sent_at=None)
    InvitationFactory(event=event, sent_at=None, email="")  # letter only
    client.force_login(coordinator)
    send = reverse("events:send", kwargs={"pk": event.pk})
    response = client.post(send, follow=True)
    assert "Ouvrez d'abord l'évènement" in text(response)
    client.post(reverse("events:office_publish", kwargs={"pk": event.pk}))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(send)
    mails = OutgoingMail.objects.filter(topic="events_invitation")
    assert mails.count() == 2
    # Only e-mails are claimed: the postal guest waits for a letter.
    assert list(event.invitations.filter(sent_at__isnull=True).values_list("email", flat=True)) == [
        ""
    ]
    invitation = event.invitations.exclude(email="").first()
    assert invitation.get_answer_url() in mails.get(to=invitation.email).body_text


def test_changing_the_venue_tells_everyone_invited_who_has_not_declined(client, coordinator, event):
    yes = InvitationFactory(event=event, accepted=True)
    silent = InvitationFactory(event=event)
    postal = InvitationFactory(event=event, email="", sent_at=None)
    event.starts_at = event.starts_at.replace(second=0, microsecond=0)
    event.ends_at = event.ends_at.replace(second=0, microsecond=0)
    event.save()
    no = InvitationFactory(event=event, status=InvitationStatus.DECLINED)
    client.force_login(coordinator)
    url = reverse("events:office_edit", kwargs={"pk": event.pk})
    form = text(client.get(url))
    assert "Modifier" in form
    start = timezone.localtime(event.starts_at)
    data = {
        "title": event.title,
        "kind": event.kind,
        "desk": event.desk_id,
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "venue_name": "Nouvelle salle",
        "commune": event.commune_id,
        "is_published": "on",
    }
    response = client.post(url, data, follow=True)
    assert "2 invités ont été prévenus" in text(response)
    mails = OutgoingMail.objects.filter(topic="events_changed")
    assert {mail.to for mail in mails} == {yes.email, silent.email}
    assert all("Nouvelle salle" in mail.body_text for mail in mails)
    assert not OutgoingMail.objects.filter(to=no.email).exists()
    postal.refresh_from_db()
    assert postal.call_reason == "changement de lieu" and postal.call_needed_at
    assert postal.called_at is None


def test_raising_capacity_moves_the_waiting_list_up(client, coordinator, desk, figeac):
    event = EventFactory(desk=desk, commune=figeac, capacity=1)
    InvitationFactory(event=event, accepted=True)
    waiting = InvitationFactory(event=event, waiting=True)
    from events import services

    event.capacity = 2
    event.save()
    services.notify_change(event, ["capacity"])
    waiting.refresh_from_db()
    assert waiting.status == InvitationStatus.ACCEPTED
    assert OutgoingMail.objects.filter(topic="events_promoted", to=waiting.email).exists()


def test_cancelling_tells_everyone_who_accepted(client, coordinator, event):
    accepted = InvitationFactory.create_batch(2, event=event, accepted=True)
    InvitationFactory(event=event, status=InvitationStatus.DECLINED)
    client.force_login(coordinator)
    url = reverse("events:office_cancel", kwargs={"pk": event.pk})
    response = client.post(url, {"reason": "Intempéries annoncées."}, follow=True)
    assert "2 personnes ont été prévenues" in text(response)
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED
    mails = OutgoingMail.objects.filter(topic="events_cancelled")
    assert {mail.to for mail in mails} == {invitation.email for invitation in accepted}
    assert all("Intempéries annoncées." in mail.body_text for mail in mails)
    # Cancelling again sends nothing more.
    client.post(url, {"reason": "encore"})
    assert OutgoingMail.objects.filter(topic="events_cancelled").count() == 2


@pytest.mark.parametrize(
    "audience, expected",
    [
        ("accepted", {"oui"}),
        ("no_answer", {"sans"}),
        ("waiting", {"attente"}),
        ("attended", {"venu"}),
    ],
)
def test_write_to_guests_by_status(
    client, coordinator, event, eager_tasks, django_capture_on_commit_callbacks, audience, expected
):
    InvitationFactory(event=event, accepted=True, email="oui@exemple.test")
    InvitationFactory(event=event, email="sans@exemple.test")
    InvitationFactory(event=event, waiting=True, email="attente@exemple.test")
    InvitationFactory(event=event, status=InvitationStatus.ATTENDED, email="venu@exemple.test")
    client.force_login(coordinator)
    url = reverse("events:write", kwargs={"pk": event.pk})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url, {"audience": audience, "subject": "Merci !", "body": "Merci d'être venus."}
        )
    sent = {mail.to.split("@")[0] for mail in OutgoingMail.objects.filter(topic="events_message")}
    assert sent == expected
    assert GuestMessage.objects.get().recipients == len(expected)


def test_the_write_page_counts_each_audience_and_explains_the_absent(client, coordinator, event):
    InvitationFactory.create_batch(2, event=event, accepted=True)
    InvitationFactory(event=event, accepted=True, email="", sent_at=None)
    InvitationFactory(event=event, waiting=True, email="", sent_at=None)
    client.force_login(coordinator)
    url = reverse("events:write", kwargs={"pk": event.pk})
    page = text(client.get(url))
    assert "les inscrits (2)" in page and "ceux qui n'ont pas encore répondu (0)" in page
    assert "la liste d'attente (0)" in page
    when = datetime_fr(event.starts_at)
    assert f"Les absents ne sont connus qu'après le début de l'évènement, le {when}." in page
    assert "les absents (inscrits non venus) : connus après le début" in page
    assert "ne recevront pas le message" in page
    assert "Les inscrits : 1 personne" in page and "La liste d'attente : 1 personne" in page

    def send(audience):
        return client.post(url, {"audience": audience, "subject": "Rappel", "body": "À jeudi."})

    response = send("absent")
    assert response.status_code == 200
    assert '<p class="errorlist">Les absents ne sont connus qu\'après le début' in text(response)
    assert "Personne à qui écrire : ce groupe est vide" in text(send("no_answer"))
    assert "aucune des personnes de ce groupe n'a d'adresse e-mail" in text(send("waiting"))
    assert not GuestMessage.objects.exists()
    # After the start, the absent are those seated who have not arrived.
    event.starts_at = timezone.now() - timedelta(hours=1)
    event.save()
    page = text(client.get(url))
    assert "les absents (inscrits non venus) (2)" in page
    assert "connus qu'après le début" not in page
    response = send("absent")
    assert response.status_code == 302 and GuestMessage.objects.get().recipients == 2


def test_absent_means_said_yes_and_did_not_come(event):
    event.starts_at = timezone.now() - timedelta(hours=1)
    event.save()
    came = InvitationFactory(event=event, status=InvitationStatus.ATTENDED)
    absent = InvitationFactory(event=event, accepted=True)
    assert list(Invitation.objects.filter(event=event).of_audience("absent")) == [absent]
    assert came not in Invitation.objects.of_audience("absent")


def test_check_in_by_name_in_one_tap(client, coordinator, event):
    lucie = InvitationFactory(event=event, accepted=True, first_name="Lucie", last_name="Fabre")
    InvitationFactory(event=event, accepted=True, first_name="Paul", last_name="Rigal")
    client.force_login(coordinator)
    url = reverse("events:check_in", kwargs={"pk": event.pk})
    page = text(client.get(url, {"q": "fabré"}))
    assert "FABRE Lucie" in page and "RIGAL" not in page
    toggle = reverse("events:check_in_toggle", kwargs={"pk": event.pk, "invitation_pk": lucie.pk})
    response = client.post(toggle, {"q": "fabre"})
    assert response.status_code == 302 and "q=fabre" in response["Location"]
    lucie.refresh_from_db()
    assert lucie.status == InvitationStatus.ATTENDED and lucie.checked_in_at
    page = text(client.get(url))
    assert "<strong>1 personne</strong>" in page
    client.post(toggle, {"undo": "1"})
    lucie.refresh_from_db()
    assert lucie.status == InvitationStatus.ACCEPTED and lucie.checked_in_at is None


def test_dashboard_counts_and_filters(client, coordinator, event):
    InvitationFactory(event=event, accepted=True, guests=2, last_name="Albert")
    InvitationFactory(event=event, status=InvitationStatus.DECLINED, last_name="Bernard")
    InvitationFactory(event=event, last_name="Charles")
    client.force_login(coordinator)
    url = reverse("events:office_event", kwargs={"pk": event.pk})
    page = text(client.get(url))
    assert "<strong>3</strong> invités" in page
    assert (
        "Inscrits : <strong>1</strong> personne, <strong>3</strong> places avec les "
        "accompagnants (sans limite)" in page
    )
    event.capacity = 40
    event.save()
    assert "<strong>3</strong> places avec les accompagnants sur 40" in text(client.get(url))
    filtered = text(client.get(url, {"statut": "declined"}))
    assert "BERNARD" in filtered and "ALBERT" not in filtered


def test_empty_states(client, coordinator, event):
    client.force_login(coordinator)
    assert "Aucun évènement" not in text(client.get(reverse("events:office")))
    assert "Personne n'est encore invité" in text(
        client.get(reverse("events:office_event", kwargs={"pk": event.pk}))
    )
    assert "Personne n'est encore inscrit" in text(
        client.get(reverse("events:check_in", kwargs={"pk": event.pk}))
    )


def test_the_event_list_shows_people_and_seats_apart(client, coordinator, event):
    event.capacity = 42
    event.save()
    InvitationFactory(event=event, accepted=True, guests=2)
    InvitationFactory(event=event, status=InvitationStatus.ATTENDED, guests=1)
    InvitationFactory(event=event, waiting=True)
    client.force_login(coordinator)
    page = text(client.get(reverse("events:office")))
    assert "<td>2 personnes</td>" in page and "<td>5 sur 42 places</td>" in page
    assert " / 42" not in page


@pytest.mark.parametrize("size", [10, 1000])
def test_guest_list_query_budget(client, coordinator, event, size, django_assert_max_num_queries):
    """The same queries at 10 and 1,000 invitations (counts in one aggregate, one page)."""
    bulk_invitations(event, size, status=InvitationStatus.ACCEPTED)
    client.force_login(coordinator)
    url = reverse("events:office_event", kwargs={"pk": event.pk})
    check_in = reverse("events:check_in", kwargs={"pk": event.pk})
    client.get(url)  # warms the site-desk cache
    with django_assert_max_num_queries(9):
        response = client.get(url)
    assert response.status_code == 200
    assert f"{number_fr(size)} invités, par ordre alphabétique" in text(response)
    with django_assert_max_num_queries(7):
        assert client.get(check_in).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(reverse("events:office")).status_code == 200


@pytest.mark.parametrize("size", [5, 50])
def test_dashboard_with_a_queue_and_a_log_keeps_its_budget(
    client, coordinator, event, size, django_assert_max_num_queries
):
    """Positions in the queue come from one pass, the log from one query: the same budget
    with 5 or 50 people waiting, postal guests and log rows."""
    event.capacity = 1
    event.save()
    InvitationFactory(event=event, accepted=True)
    now = timezone.now()
    bulk_invitations(event, size, status=InvitationStatus.WAITING, answered_at=now, queued_at=now)
    for index in range(size):
        InvitationFactory(event=event, email="", sent_at=None, last_name=f"Postal{index}")
    for invitation in event.invitations.all()[:size]:
        EventLog.objects.create(
            event=event,
            invitation=invitation,
            guest_name=invitation.full_name,
            kind=EventLogKind.PROMOTED,
            by=coordinator,
        )
    client.force_login(coordinator)
    url = reverse("events:office_event", kwargs={"pk": event.pk})
    client.get(url)
    with django_assert_max_num_queries(9):
        response = client.get(url)
    page = text(response)
    assert f"{size} personnes en attente, dans l'ordre de la file" in page
    assert f"<td>{size}e</td>" in page
    write = reverse("events:write", kwargs={"pk": event.pk})
    with django_assert_max_num_queries(7):
        assert client.get(write).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(reverse("events:office")).status_code == 200


def test_the_event_commune_is_typed_and_namesakes_are_offered(
    client, coordinator, desk, lot, figeac, auch
):
    from tests.territories.factories import CommuneFactory

    CommuneFactory(insee_code="46055", name="Capdenac", department=lot, postal_codes="46100")
    client.force_login(coordinator)
    start = timezone.localtime() + timedelta(days=30)
    data = {
        "title": "Soirée d'accueil",
        "kind": "welcome_evening",
        "desk": desk.pk,
        "starts_at": start.strftime("%Y-%m-%dT19:00"),
        "ends_at": start.strftime("%Y-%m-%dT22:00"),
        "venue_name": "Salle des fêtes",
        "commune": "46100",
    }
    response = client.post(reverse("events:office_create"), data)
    assert "Plusieurs communes correspondent à « 46100 »" in text(response)
    assert 'value="Capdenac (46100)"' in response.content.decode()
    assert not Event.objects.exists()
    # Auch is the Gers desk's: not offered to the Lot's coordinator.
    response = client.post(reverse("events:office_create"), {**data, "commune": "Auch"})
    assert "Commune inconnue ou hors du territoire couvert : « Auch »." in text(response)

    client.post(reverse("events:office_create"), {**data, "commune-choix-0": "Figeac (46100)"})
    event = Event.objects.get()
    assert event.commune == figeac
    edit = client.get(reverse("events:office_edit", kwargs={"pk": event.pk}))
    assert 'value="Figeac (46100)"' in edit.content.decode()
