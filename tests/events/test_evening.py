"""The evening: everyone on the check-in list, walk-ins, arrivals of guests who had declined
or were waiting, and an undo that gives back exactly the answer they had."""

import re

import pytest
from django.urls import reverse

from events.enums import InvitationStatus
from events.models import EventLog, EventLogKind, Invitation
from tests.events.factories import InvitationFactory, bulk_invitations
from tests.events.utils import text


def visible(response) -> str:
    """What the page shows, tags removed and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())


def _check_in_url(event):
    return reverse("events:check_in", kwargs={"pk": event.pk})


def _toggle(event, invitation):
    return reverse(
        "events:check_in_toggle", kwargs={"pk": event.pk, "invitation_pk": invitation.pk}
    )


def _walk_in(client, event, **fields):
    data = {
        "walk_in-first_name": "Inès",
        "walk_in-last_name": "Vidal",
        "walk_in-profession_label": "Infirmière",
        "walk_in-structure_label": "MSP de Gramat",
        "walk_in-email": "",
    }
    data.update({f"walk_in-{key}": value for key, value in fields.items()})
    return client.post(_check_in_url(event), data, follow=True)


def test_the_list_shows_everyone_and_marks_who_had_declined(client, coordinator, event):
    InvitationFactory(event=event, accepted=True, last_name="Albert")
    InvitationFactory(event=event, status=InvitationStatus.DECLINED, last_name="Bernard")
    InvitationFactory(event=event, waiting=True, last_name="Charles")
    InvitationFactory(event=event, last_name="Durand")
    client.force_login(coordinator)
    page = text(client.get(_check_in_url(event)))
    for name in ("ALBERT", "BERNARD", "CHARLES", "DURAND"):
        assert name in page
    bernard = page[page.index("BERNARD") :]
    assert bernard.index("avait décliné") < bernard.index("CHARLES")
    charles = page[page.index("CHARLES") :]
    assert charles.index("liste d'attente") < charles.index("DURAND")
    assert "sans réponse" in page[page.index("DURAND") :]


def test_counts_people_and_seats_apart(client, coordinator, event):
    event.capacity = 50
    event.save()
    here = InvitationFactory(event=event, accepted=True, guests=2, last_name="Albert")
    InvitationFactory(event=event, accepted=True, guests=1, last_name="Bernard")
    InvitationFactory(event=event, accepted=True, last_name="Charles")
    InvitationFactory(event=event, status=InvitationStatus.DECLINED, last_name="Durand")
    client.force_login(coordinator)
    client.post(_toggle(event, here))
    page = visible(client.get(_check_in_url(event)))
    assert "présents : 1 personne (+ 2 accompagnants)" in page
    assert "inscrits : 3 personnes , 6 places sur 50" in page


def test_a_guest_who_had_declined_comes_and_the_undo_gives_back_the_no(client, coordinator, event):
    event.capacity = 2
    event.save()
    InvitationFactory(event=event, accepted=True, guests=1, last_name="Albert")
    waiting = InvitationFactory(event=event, waiting=True, last_name="Charles")
    declined = InvitationFactory(
        event=event, status=InvitationStatus.DECLINED, first_name="Marc", last_name="Bernard"
    )
    client.force_login(coordinator)
    response = client.post(_toggle(event, declined), follow=True)
    assert "Marc Bernard est arrivé·e." in text(response)
    declined.refresh_from_db()
    assert declined.status == InvitationStatus.ATTENDED and declined.checked_in_at
    assert declined.status_before_check_in == InvitationStatus.DECLINED
    # Present beyond capacity: nobody is bumped, nobody promoted.
    waiting.refresh_from_db()
    assert waiting.status == InvitationStatus.WAITING
    assert event.invitations.filter(status=InvitationStatus.ACCEPTED).count() == 1
    page = text(client.get(_check_in_url(event)))
    assert "Arrivé·e ✓" in page and "avait décliné" in page
    response = client.post(_toggle(event, declined), {"undo": "1"}, follow=True)
    assert "Arrivée annulée : Marc Bernard." in text(response)
    declined.refresh_from_db()
    assert declined.status == InvitationStatus.DECLINED
    assert declined.checked_in_at is None and declined.status_before_check_in == ""


def test_a_waiting_guest_who_comes_keeps_their_place_if_the_arrival_is_undone(
    client, coordinator, event
):
    event.capacity = 1
    event.save()
    InvitationFactory(event=event, accepted=True, last_name="Albert")
    first = InvitationFactory(event=event, waiting=True, last_name="Bernard")
    second = InvitationFactory(event=event, waiting=True, last_name="Charles")
    client.force_login(coordinator)
    client.post(_toggle(event, second))
    client.post(_toggle(event, second))  # a second phone taps too: no change
    second.refresh_from_db()
    assert second.status == InvitationStatus.ATTENDED
    assert second.status_before_check_in == InvitationStatus.WAITING
    client.post(_toggle(event, second), {"undo": "1"})
    second.refresh_from_db()
    assert second.status == InvitationStatus.WAITING and second.queue_position() == 2
    assert first.queue_position() == 1


def test_undo_of_an_arrival_recorded_before_the_answer_was_kept(client, coordinator, event):
    old = InvitationFactory(event=event, status=InvitationStatus.ATTENDED, last_name="Albert")
    client.force_login(coordinator)
    client.post(_toggle(event, old), {"undo": "1"})
    old.refresh_from_db()
    assert old.status == InvitationStatus.ACCEPTED


def test_a_walk_in_is_added_present_and_logged(client, coordinator, event):
    client.force_login(coordinator)
    response = _walk_in(client, event)
    page = text(response)
    assert "Inès Vidal est ajouté·e et arrivé·e." in page
    assert "VIDAL Inès" in page and "venu·e sans invitation" in page
    assert "présents : 1 personne " in visible(response)
    walk_in = Invitation.objects.get(event=event, last_name="Vidal")
    assert walk_in.walk_in and walk_in.status == InvitationStatus.ATTENDED
    assert walk_in.checked_in_at and walk_in.profession_label == "Infirmière"
    assert walk_in.structure_label == "MSP de Gramat" and walk_in.email == ""
    log = EventLog.objects.get(event=event, kind=EventLogKind.WALK_IN)
    assert log.invitation == walk_in and log.by == coordinator
    assert log.guest_name == "Inès Vidal"


def test_a_walk_in_whose_address_is_invited_is_that_person_checked_in(client, coordinator, event):
    invited = InvitationFactory(
        event=event,
        status=InvitationStatus.DECLINED,
        first_name="Lucie",
        last_name="Fabre",
        email="lucie.fabre@exemple.test",
    )
    client.force_login(coordinator)
    response = _walk_in(client, event, email="Lucie.Fabre@Exemple.test ")
    assert (
        "Cette adresse est celle de Lucie Fabre, déjà invité·e : son arrivée est enregistrée"
        in text(response)
    )
    assert event.invitations.count() == 1
    invited.refresh_from_db()
    assert invited.status == InvitationStatus.ATTENDED and not invited.walk_in
    assert invited.status_before_check_in == InvitationStatus.DECLINED
    assert not EventLog.objects.filter(kind=EventLogKind.WALK_IN).exists()
    response = _walk_in(client, event, email="lucie.fabre@exemple.test")
    assert "déjà invité·e et déjà arrivé·e" in text(response)
    invited.refresh_from_db()
    assert invited.status_before_check_in == InvitationStatus.DECLINED


def test_a_walk_in_without_a_name_is_refused_with_the_reason(client, coordinator, event):
    client.force_login(coordinator)
    response = client.post(
        _check_in_url(event),
        {"walk_in-first_name": "Inès", "walk_in-last_name": "", "walk_in-email": "pas-une-adresse"},
    )
    assert response.status_code == 400
    page = visible(response)
    assert "Nom : Ce champ est obligatoire." in page
    assert "E-mail : Saisissez une adresse de courriel valide." in page
    assert '<details class="walk-in" id="sans-invitation" open>' in text(response)
    assert not event.invitations.exists()


def test_undoing_a_walk_in_leaves_them_on_the_list(client, coordinator, event):
    client.force_login(coordinator)
    _walk_in(client, event)
    walk_in = Invitation.objects.get(event=event)
    client.post(_toggle(event, walk_in), {"undo": "1"})
    walk_in.refresh_from_db()
    assert walk_in.status == InvitationStatus.INVITED and walk_in.checked_in_at is None
    page = visible(client.get(_check_in_url(event), {"q": "vidal"}))
    assert (
        "VIDAL Inès Infirmière · MSP de Gramat venu·e sans invitation Arrivé·e : Inès Vidal" in page
    )


def test_another_desk_cannot_check_in_or_add(client, other_staff, event):
    guest = InvitationFactory(event=event, accepted=True)
    client.force_login(other_staff)
    assert client.get(_check_in_url(event)).status_code == 404
    assert client.post(_toggle(event, guest)).status_code == 404
    response = client.post(
        _check_in_url(event),
        {"walk_in-first_name": "A", "walk_in-last_name": "B", "walk_in-profession_label": "C"},
    )
    assert response.status_code == 404
    assert event.invitations.count() == 1


@pytest.mark.parametrize("size", [10, 500])
def test_check_in_page_query_budget(
    client, coordinator, event, size, django_assert_max_num_queries
):
    bulk_invitations(event, size, status=InvitationStatus.ACCEPTED)
    InvitationFactory.create_batch(3, event=event, status=InvitationStatus.DECLINED)
    client.force_login(coordinator)
    url = _check_in_url(event)
    client.get(url)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    assert f"inscrits : {size} personnes" in visible(response)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_check_in_on_a_390_px_phone(page, live_server, coordinator, desk, figeac):
    from axe_playwright_python.sync_playwright import Axe
    from django.test import Client

    from tests.events.factories import EventFactory

    event = EventFactory(desk=desk, commune=figeac, capacity=40)
    lucie = InvitationFactory(event=event, accepted=True, first_name="Lucie", last_name="Fabre")
    InvitationFactory(event=event, accepted=True, first_name="Paul", last_name="Rigal")
    marc = InvitationFactory(
        event=event,
        status=InvitationStatus.DECLINED,
        first_name="Marc",
        last_name="Bernard-Delacroix-Montesquieu",
        structure_label="Maison de santé pluriprofessionnelle universitaire du Haut-Quercy",
    )
    client = Client()
    client.force_login(coordinator)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.set_viewport_size({"width": 390, "height": 844})

    def fits():
        return page.evaluate("document.documentElement.scrollWidth") <= 390

    def summary():
        return " ".join(page.inner_text(".check-in-summary").split())

    page.goto(f"/coordination/evenements/{event.pk}/accueil/")
    assert fits()
    assert "présents : 0 personne" in summary()
    assert "inscrits : 2 personnes, 2 places sur 40" in summary()
    violations = [
        f"{violation['id']}: {violation['help']}"
        for violation in Axe().run(page).response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]
    assert violations == []
    # Big enough to tap.
    box = page.get_by_role("button", name="Arrivé·e : Lucie Fabre").bounding_box()
    assert box["height"] >= 44

    page.get_by_label("Chercher un nom").fill("fabre")
    page.get_by_role("button", name="Chercher").click()
    assert "RIGAL" not in page.inner_text(".check-in-list")
    page.get_by_role("button", name="Arrivé·e : Lucie Fabre").click()
    page.get_by_text("Lucie Fabre est arrivé·e.").wait_for()
    assert "présents : 1 personne" in summary() and fits()

    # Someone who had declined comes anyway.
    page.get_by_label("Chercher un nom").fill("bernard")
    page.get_by_role("button", name="Chercher").click()
    row = page.locator(f"#personne-{marc.pk}")
    assert "avait décliné" in row.inner_text()
    page.get_by_role("button", name="Arrivé·e : Marc Bernard-Delacroix-Montesquieu").click()
    page.get_by_text("Marc Bernard-Delacroix-Montesquieu est arrivé·e.").wait_for()
    assert fits()

    # A walk-in.
    page.get_by_text("Ajouter une personne venue sans invitation").click()
    page.get_by_label("Prénom").fill("Inès")
    page.get_by_label("Nom :", exact=True).fill("Vidal")
    page.get_by_label("Profession").fill("Infirmière")
    page.get_by_label("Structure").fill("Cabinet infirmier de Gramat")
    assert fits()
    page.get_by_role("button", name="Ajouter et marquer arrivé·e").click()
    page.get_by_text("Inès Vidal est ajouté·e et arrivé·e.").wait_for()
    assert "venu·e sans invitation" in page.inner_text(".check-in-list")
    assert "présents : 3 personnes" in summary() and fits()

    # Undo an arrival by mistake.
    page.get_by_label("Chercher un nom").fill("fabre")
    page.get_by_role("button", name="Chercher").click()
    page.get_by_role("button", name="Annuler l'arrivée de Lucie Fabre").click()
    page.get_by_text("Arrivée annulée : Lucie Fabre.").wait_for()
    lucie.refresh_from_db()
    marc.refresh_from_db()
    assert lucie.status == InvitationStatus.ACCEPTED
    assert marc.status == InvitationStatus.ATTENDED
    assert Invitation.objects.get(last_name="Vidal").walk_in
    assert "présents : 2 personnes" in summary() and fits()
    assert page.console_errors == []
