"""The demo's single appointments (``demo.partner_sessions``): a session held three weeks ago in
Cahors, its ticks and summaries written by the services, one to come that the « Mon dossier »
demo account may book; loading again adds nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from demo import partner_sessions
from demo.management.commands.load_demo import Report
from installations.models import Case, CaseEvent
from partners import sessions
from partners.models import AppointmentSession, AppointmentSlot, SessionAccess, SlotOutcome
from partners.session_panels import newcomer_panel
from portal.models import MailStatus, OutgoingMail

pytestmark = pytest.mark.django_db


def held_session():
    return AppointmentSession.objects.get(place=partner_sessions.PLACE, held=True)


def upcoming_session():
    return AppointmentSession.objects.get(
        place=partner_sessions.PLACE, starts_at__gt=timezone.now()
    )


def test_the_report_says_both_sessions(demo_data):
    line = next(line for line in demo_data.splitlines() if line.startswith("Rendez-vous unique"))
    assert "(tenu, 3 inscrits, 2 venus, 2 comptes rendus)" in line
    assert "(publié, 2 créneaux réservés sur 6, nouvelle.arrivante@demo.example peut réserver)" in (
        line
    )


def test_the_held_session_a_tuesday_morning_weeks_ago(demo_data):
    session = held_session()
    start = timezone.localtime(session.starts_at)
    assert start.weekday() == 1 and start.hour == 9
    assert timedelta(days=14) < timezone.now() - session.starts_at < timedelta(days=22)
    assert session.published and session.slot_minutes == 30 and session.slots.count() == 6
    assert sorted(p.kind for p in session.partners.all()) == ["ars", "cpam", "ordre", "urssaf"]
    # The partners' links still answer: thirty days after the session.
    assert sessions.open_token(sessions.make_token(session, session.partners.first())).live
    booked = {slot.case.last_name: slot for slot in session.slots.filter(case__isnull=False)}
    assert {name: slot.attended for name, slot in booked.items()} == {
        "Faure": True,
        "Clément": True,
        "Mathieu": False,
    }
    # Every partner ticked once; some steps done, some not (with a remark).
    assert SessionAccess.objects.filter(session=session, action="outcomes").count() == 4
    outcomes = SlotOutcome.objects.filter(slot__session=session)
    assert outcomes.filter(done=True).count() == 4 and outcomes.filter(done=False).count() == 4
    assert outcomes.filter(done=False).exclude(note="").count() == 2
    # The summaries went out through the service, on the session's day, to those who came.
    assert booked["Faure"].summary_sent_at.date() == session.starts_at.date()
    assert booked["Mathieu"].summary_sent_at is None
    summaries = OutgoingMail.objects.filter(topic="partners_session_summary")
    assert sorted(summaries.values_list("to", flat=True)) == [
        "j.clement@demo.example",
        "m.faure@demo.example",
    ]
    assert set(summaries.values_list("status", flat=True)) == {MailStatus.SENT}
    faure = booked["Faure"].case
    summary = faure.events.get(details__summary=True)
    assert summary.is_public and summary.created_at.date() == session.starts_at.date()
    assert "Fait : " in summary.body and "Reste à faire : " in summary.body
    assert not CaseEvent.objects.filter(case=faure, created_at__gt=timezone.now()).exists()
    assert faure.steps.filter(template__code__startswith="cpam-", done_at__isnull=False).exists()


def test_the_session_to_come_and_the_demo_account_free_to_book(demo_data, rf):
    session = upcoming_session()
    start = timezone.localtime(session.starts_at)
    assert start.weekday() in (1, 3) and start.hour == 9
    assert timezone.localtime(session.ends_at).hour == 12 and session.slots.count() == 6
    assert session.published and not session.held
    booked = AppointmentSlot.objects.filter(session=session, case__isnull=False)
    assert sorted(booked.values_list("case__last_name", flat=True)) == ["Garnier", "Morel"]
    camille = Case.objects.get(applicant__email="nouvelle.arrivante@demo.example")
    panel = newcomer_panel(camille, rf.get("/"))
    assert [item["session"] for item in panel["bookable"]] == [session]
    assert len(panel["bookable"][0]["form"].fields["slot"].choices) == 4


def test_loading_again_adds_nothing(demo_data):
    models = [AppointmentSession, AppointmentSlot, SlotOutcome, SessionAccess, CaseEvent]

    def counts():
        return [model.objects.count() for model in models] + [OutgoingMail.objects.count()]

    before = counts()
    report = Report()
    partner_sessions.load(report)
    assert counts() == before
    assert report.lines == [
        line for line in demo_data.splitlines() if line.startswith("Rendez-vous unique")
    ]
