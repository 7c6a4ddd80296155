"""The fair waiting list under random sequences of answers, cancellations, capacity changes
and moves by hand (hypothesis). After every step:

* never more seats taken than the capacity;
* every freed seat offered: nobody waiting fits the free seats (without a limit, nobody waits);
* nobody overtaken: a waiting guest W is never left behind while the seats left free plus the
  seats this step gave to people not ahead of W (later answers, those behind W in the queue)
  would have held W's party;
* the queue is ordered by ``(queued_at, pk)``, positions follow it, and the relative order of
  those who keep waiting never changes (except the one moved up by hand); a new « oui » joins
  the end, a surplus the head;
* nobody lost: every guest in exactly one state, with the fields that state implies, and each
  move to or from the queue written in the event's log.

Each example runs in a savepoint rolled back at its end, so it works on SQLite and PostgreSQL
alike; every service gets an explicit ``now``, one minute apart or at the same instant (ties
in ``queued_at`` are broken by the id)."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from events import services
from events.enums import SEATED_STATES, EventStatus, InvitationStatus
from events.models import Event, EventLog, EventLogKind, Invitation
from tests.events.factories import EventFactory, InvitationFactory
from tests.events.utils import text

pytestmark = pytest.mark.django_db

GUESTS = 7
# Guests without an e-mail (told by the « à appeler » list instead of a mail).
POSTAL = {5, 6}
START = datetime(2031, 3, 3, 8, 0, tzinfo=UTC)
EVENING = datetime(2031, 4, 10, 18, 0, tzinfo=UTC)

capacities = st.one_of(st.none(), st.integers(min_value=1, max_value=12))
guest = st.integers(min_value=0, max_value=GUESTS - 1)
yes = st.tuples(st.just("yes"), guest, st.integers(min_value=0, max_value=3))
steps = st.lists(
    st.tuples(
        st.one_of(
            # Answers weigh more: the queue must fill before cancellations and capacity cuts
            # have anything to move.
            yes,
            yes,
            st.tuples(st.just("no"), guest),
            st.tuples(st.just("capacity"), capacities),
            st.tuples(st.just("move_up"), guest),
        ),
        # Minutes since the previous step: 0 makes two answers arrive at the same instant.
        st.sampled_from([1, 1, 0]),
    ),
    min_size=3,
    max_size=30,
)


@dataclass(frozen=True)
class Row:
    status: str
    guests: int
    queued_at: datetime | None
    answered_at: datetime | None
    call_needed_at: datetime | None

    @property
    def seated(self):
        return self.status in SEATED_STATES

    @property
    def seats(self):
        return 1 + self.guests


@dataclass
class State:
    capacity: int | None
    rows: dict
    queue: list
    taken: int
    logs: dict

    @property
    def free(self):
        return None if self.capacity is None else self.capacity - self.taken


def snapshot(event) -> State:
    event.refresh_from_db(fields=["capacity"])
    rows = {
        pk: Row(*values)
        for pk, *values in event.invitations.values_list(
            "pk", "status", "guests", "queued_at", "answered_at", "call_needed_at"
        )
    }
    logs = {
        kind: EventLog.objects.filter(event=event, kind=kind).count()
        for kind in (EventLogKind.PROMOTED, EventLogKind.SURPLUS, EventLogKind.MOVED_UP)
    }
    return State(
        capacity=event.capacity,
        rows=rows,
        queue=list(event.invitations.waiting_queue().values_list("pk", flat=True)),
        taken=event.invitations.seats_taken(),
        logs=logs,
    )


def seats_held(state, pk):
    row = state.rows[pk]
    return row.seats if row.seated else 0


def check_nobody_lost(state, pks, answered):
    assert sorted(state.rows) == sorted(pks)
    for pk, row in state.rows.items():
        assert row.status in InvitationStatus.values
        assert row.status != InvitationStatus.ATTENDED  # nobody was checked in
        assert (row.queued_at is not None) == (row.status == InvitationStatus.WAITING), pk
        assert (row.status == InvitationStatus.INVITED) == (pk not in answered), pk
        if row.status == InvitationStatus.DECLINED:
            assert row.guests == 0
        if row.status != InvitationStatus.INVITED:
            assert row.answered_at is not None
    assert state.taken == sum(row.seats for row in state.rows.values() if row.seated)


def check_capacity_and_free_seats(state):
    if state.capacity is None:
        assert state.queue == [], "sans limite, personne n'attend"
        return
    assert state.taken <= state.capacity
    for pk in state.queue:
        assert state.rows[pk].seats > state.free, (
            f"invitation {pk} ({state.rows[pk].seats} places) attend avec {state.free} "
            "places libres"
        )


def check_queue_order(state, event):
    keyed = sorted(state.queue, key=lambda pk: (state.rows[pk].queued_at, pk))
    assert state.queue == keyed
    positions = {
        invitation.pk: invitation.queue_position()
        for invitation in event.invitations.filter(status=InvitationStatus.WAITING)
    }
    assert positions == {pk: rank for rank, pk in enumerate(state.queue, 1)}


def check_nobody_overtaken(before, after):
    for waiting in after.queue:
        if waiting in before.queue:
            was_ahead = set(before.queue[: before.queue.index(waiting)])
        elif before.rows[waiting].seated:
            was_ahead = set()  # a surplus goes back to the head
        else:
            was_ahead = set(before.queue)  # a new « oui » joins the end
        given_behind = sum(
            max(seats_held(after, pk) - seats_held(before, pk), 0)
            for pk in after.rows
            if pk != waiting and pk not in was_ahead
        )
        assert after.rows[waiting].seats > after.free + given_behind, (
            f"invitation {waiting} dépassée : {after.free} places libres et {given_behind} "
            "données derrière elle"
        )


def check_queue_moves(before, after, kind, target):
    kept = [pk for pk in before.queue if pk in after.queue and pk != target]
    assert [pk for pk in after.queue if pk in kept] == kept, "l'ordre de la file a changé"
    joined = [pk for pk in after.queue if pk not in before.queue]
    if kind == "yes" and joined:
        assert joined == [target]
        newest = after.rows[target].queued_at
        assert all(after.rows[pk].queued_at <= newest for pk in after.queue)
    if kind == "capacity":
        # The surplus goes back to the head of the queue, in answer order.
        assert after.queue[: len(joined)] == joined
        assert joined == sorted(joined, key=lambda pk: (before.rows[pk].answered_at, pk))
        assert all(before.rows[pk].seated for pk in joined)
    if kind == "move_up" and target in after.queue:
        assert after.queue[0] == target


def check_log(before, after, kind, target, postal):
    promoted = [
        pk
        for pk in before.queue
        if after.rows[pk].seated and not (kind == "move_up" and pk == target)
    ]
    back = [pk for pk in after.queue if before.rows[pk].seated]
    grew = {kind: after.logs[kind] - before.logs[kind] for kind in after.logs}
    assert grew[EventLogKind.PROMOTED] == len(promoted)
    assert grew[EventLogKind.SURPLUS] == len(back)
    assert grew[EventLogKind.MOVED_UP] == (1 if kind == "move_up" else 0)
    # Those without an e-mail are put on the « à appeler » list when they get a seat.
    for pk in promoted + back:
        if pk in postal:
            assert after.rows[pk].call_needed_at is not None


def run_step(event, invitations, step, now):
    """Apply one step; return the invitation it concerns and whether it was refused."""
    kind, *arguments = step
    if kind == "capacity":
        (capacity,) = arguments
        with transaction.atomic():
            locked = Event.objects.select_for_update().get(pk=event.pk)
            previous = locked.capacity
            locked.capacity = capacity
            locked.save(update_fields=["capacity", "updated_at"])
            services.apply_capacity(locked, previous=previous, now=now)
        return None, False
    invitation = invitations[arguments[0]]
    if kind == "move_up":
        invitation.refresh_from_db(fields=["status"])
        if invitation.status != InvitationStatus.WAITING:
            with pytest.raises(ValueError, match="not waiting"):
                services.move_up(invitation, by=None, now=now)
            return invitation.pk, True
        services.move_up(invitation, by=None, now=now)
        return invitation.pk, False
    attending = kind == "yes"
    companions = arguments[1] if attending else 0
    try:
        result = services.answer(
            invitation_id=invitation.pk, attending=attending, guests=companions, now=now
        )
    except services.AnswerRefused as refusal:
        assert refusal.code == "no_room_for_guests"
        return invitation.pk, True
    invitation.refresh_from_db(fields=["status"])
    assert result.status == invitation.status
    return invitation.pk, False


def check_refusal(before, after, step, target):
    assert after.rows == before.rows and after.queue == before.queue
    if step[0] == "yes":
        # Refused only to a seated guest whose new party the free seats cannot hold.
        row = before.rows[target]
        assert row.seated
        assert 1 + step[2] > before.free + row.seats


def play(event, script):
    invitations = [
        Invitation.objects.create(
            event=event,
            first_name=f"Invité{number}",
            last_name="Démonstration",
            email="" if number in POSTAL else f"file{number}@exemple.test",
            sent_at=START if number not in POSTAL else None,
        )
        for number in range(GUESTS)
    ]
    pks = [invitation.pk for invitation in invitations]
    postal = {invitations[number].pk for number in POSTAL}
    answered = set()
    now = START
    before = snapshot(event)
    for step, minutes in script:
        now += timedelta(minutes=minutes)
        target, refused = run_step(event, invitations, step, now)
        after = snapshot(event)
        if step[0] in ("yes", "no") and not refused:
            answered.add(target)
        check_nobody_lost(after, pks, answered)
        check_capacity_and_free_seats(after)
        check_queue_order(after, event)
        if refused:
            check_refusal(before, after, step, target)
        else:
            check_nobody_overtaken(before, after)
            check_queue_moves(before, after, step[0], target)
            check_log(before, after, step[0], target, postal)
        before = after


@settings(
    max_examples=120,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the tree: a failure prints its example
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(initial_capacity=capacities, script=steps)
# Found by this test: a guest waiting says « oui » again with fewer companions, now fits and is
# seated, but the answer reports « waiting » (see the page test below).
@example(initial_capacity=2, script=[(("yes", 0, 0), 1), (("yes", 1, 2), 1), (("yes", 1, 0), 1)])
def test_the_waiting_list_stays_fair(desk, figeac, initial_capacity, script):
    with transaction.atomic():
        event = EventFactory(
            desk=desk,
            commune=figeac,
            capacity=initial_capacity,
            starts_at=EVENING,
            ends_at=EVENING + timedelta(hours=3),
            status=EventStatus.PUBLISHED,
        )
        play(event, script)
        transaction.set_rollback(True)


def test_a_known_sequence_exercises_every_rule(desk, figeac):
    """The same checks on a fixed sequence that passes through a skip, a surplus, a move by
    hand and a same-instant tie, so the property test cannot pass by never reaching them."""
    event = EventFactory(
        desk=desk,
        commune=figeac,
        capacity=3,
        starts_at=EVENING,
        ends_at=EVENING + timedelta(hours=3),
    )
    script = [
        (("yes", 0, 1), 1),  # 2 seats of 3
        (("yes", 1, 2), 1),  # 3 needed, 1 free: waits
        (("yes", 2, 0), 1),  # 1 fits, nobody waiting fits: seated
        (("yes", 3, 0), 1),  # full: waits
        (("yes", 4, 0), 0),  # same instant: waits behind 3 (id order)
        (("no", 0), 1),  # 2 freed: 1 skipped (keeps rank), 3 and 4 seated
        (("capacity", 1), 1),  # 3 and 4 back to the head, in answer order (a tie: ids)
        (("move_up", 1), 1),
        (("capacity", None), 1),  # everyone seated
    ]
    play(event, script)
    statuses = [row.status for _, row in sorted(snapshot(event).rows.items())]
    assert statuses == ["declined"] + ["accepted"] * 4 + ["invited"] * 2
    assert EventLog.objects.filter(event=event, kind=EventLogKind.SURPLUS).exists()
    assert EventLog.objects.filter(event=event, kind=EventLogKind.MOVED_UP).count() == 1


def test_a_waiting_guest_who_now_fits_is_told_they_have_a_seat(client, event):
    """A guest waiting with two companions comes alone after all: the free seat is theirs,
    and the page must say so, not « liste d'attente » (the mail says « place attribuée »)."""
    event.capacity = 2
    event.save()
    InvitationFactory(event=event, accepted=True)
    guest = InvitationFactory(event=event)
    services.answer(invitation_id=guest.pk, attending=True, guests=2)
    guest.refresh_from_db()
    assert guest.status == InvitationStatus.WAITING
    response = client.post(
        guest.get_answer_url(),
        {"attending": "yes", "guests": 0, "companion_names": ""},
        follow=True,
    )
    guest.refresh_from_db()
    assert guest.status == InvitationStatus.ACCEPTED
    page = text(response)
    assert "Merci, votre inscription est enregistrée." in page
    assert "Vous êtes sur la liste d'attente" not in page
