# ruff: noqa: F405
"""Two newcomers book the same single-appointment slot at the same moment, each on its own
database connection: one gets it, the other is told « ce créneau vient d'être pris », and the
slot holds one case. PostgreSQL only: SQLite has no concurrent writers to race."""

import time

import pytest
from django.db import connection

from partners import sessions
from partners.models import AppointmentSlot
from portal.models import OutgoingMail
from tests.partners.session_fixtures import *  # noqa: F403 (fixtures and helpers)
from tests.portal.factories import UserFactory
from tests.threads import in_threads

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="a race between two connections: PostgreSQL only (SQLite serialises writers)",
    ),
    pytest.mark.django_db(transaction=True),
]

TAKEN = "ce créneau vient d'être pris"


@pytest.fixture
def two_cases(desk, gp, figeac, templates):
    return [
        case_with_steps(
            templates.values(),
            applicant=UserFactory(email=f"arrivant{i}@exemple.test"),
            desk=desk,
            profession=gp,
            communes=[figeac],
            assigned=True,
        )
        for i in range(2)
    ]


def _slowed_down(monkeypatch):
    """Each booking lingers inside its transaction after reading the slot, so the two always
    overlap: without a lock, both would see the slot free."""
    real = sessions.is_upcoming

    def slow(session, now=None):
        time.sleep(0.3)
        return real(session, now)

    monkeypatch.setattr(sessions, "is_upcoming", slow)


def test_two_newcomers_booking_one_slot_at_once_one_wins(two_cases, session, monkeypatch):
    slot = session.slots.order_by("starts_at").first()
    _slowed_down(monkeypatch)
    outcomes = in_threads(
        *[lambda case=case: sessions.book(case, slot.pk, by=case.applicant) for case in two_cases]
    )

    won = [o for o in outcomes if isinstance(o, AppointmentSlot)]
    lost = [o for o in outcomes if isinstance(o, sessions.PartnerError)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert TAKEN in lost[0].message
    slot.refresh_from_db()
    assert slot.case_id == won[0].case_id
    assert AppointmentSlot.objects.filter(case__in=two_cases).count() == 1
    # One confirmation, to the winner only.
    winner = next(case for case in two_cases if case.pk == slot.case_id)
    assert list(
        OutgoingMail.objects.filter(topic="partners_session_booked").values_list("to", flat=True)
    ) == [winner.applicant.email]
