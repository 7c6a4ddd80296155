"""Demo single appointments (« rendez-vous unique ») of the Lot desk, on the Eure's « accueil
unique » model: the CPAM, the URSSAF, the Ordre and the ARS at one morning's appointment in
Cahors, 30-minute slots.

* A **past, held** session, on a Tuesday morning about three weeks ago: Manon Faure and Jules
  Clément came, Rose Mathieu did not; each partner ticked who came and what was done (some steps
  done, some left with a remark) through ``partners.sessions.record_outcomes``, which sent the
  summaries once the four had ticked. The bookings are written as ``sessions.book`` writes
  them, at a past moment (the service refuses a session already held); what the services
  wrote today is then moved to the afternoon of the session, as ``demo.cases`` moves its
  stories, and their mails marked sent then.
* An **upcoming, published** session, the next Tuesday or Thursday morning (9 h – 12 h):
  Thomas Garnier and Léa Morel booked through ``sessions.book``; the « Mon dossier » demo
  account (``nouvelle.arrivante@demo.example``) is left free to book.

Safe to run again: each session is found again by its place and its state, and a booking, a
partner's ticks or a summary already there are not redone."""

from datetime import datetime, time, timedelta

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from demo.history import event, last_activity, mails_sent, move_case_writes
from demo.partners import align_step_with_its_line
from installations.enums import EventKind
from installations.models import Case, Step
from partners import sessions
from partners.models import (
    AppointmentSession,
    AppointmentSlot,
    PartnerKind,
    SessionAccess,
    SlotOutcome,
)
from portal.formatting import date_fr, datetime_fr
from portal.models import OutgoingMail
from territories.models import Desk

PLACE = "Maison des services au public, Cahors (adresse de démonstration)"
KINDS = [PartnerKind.CPAM, PartnerKind.URSSAF, PartnerKind.ORDRE, PartnerKind.ARS]
MORNING = (time(9), time(12))
SLOT_MINUTES = 30
WEEKS_AGO = 3

# The past session: (applicant login, slot index, came, codes ticked done, remarks by code).
PAST = [
    (
        "m.faure",
        0,
        True,
        ("rpps-cps-", "cpam-"),
        {"declaration-": "Déclaration à finir en ligne : il manquait l'attestation de diplôme."},
    ),
    (
        "j.clement",
        1,
        True,
        ("cpam-", "declaration-"),
        {"rpps-cps-": "La carte CPS arrive par courrier : e-CPS à activer à sa réception."},
    ),
    ("r.mathieu", 3, False, (), {}),
]
# The session to come: (applicant login, slot index).
UPCOMING = [("t.garnier", 0), ("l.morel", 2)]
FREE_ACCOUNT = "nouvelle.arrivante@demo.example"


def _at(day, moment):
    return timezone.make_aware(datetime.combine(day, moment))


def _past_tuesday(today):
    """The Tuesday of 15 to 21 days ago: the partners' links still answer (30 days)."""
    day = today - timedelta(weeks=WEEKS_AGO)
    return day + timedelta(days=(1 - day.weekday()) % 7)


def _next_tuesday_or_thursday(today):
    """The first Tuesday or Thursday two days from now or later."""
    day = today + timedelta(days=2)
    while day.weekday() not in (1, 3):
        day += timedelta(days=1)
    return day


def _case(login):
    return (
        Case.objects.filter(applicant__email=f"{login}@demo.example", desk__slug="lot")
        .select_related("applicant")
        .first()
    )


def _new_session(desk, partners, day):
    start, end = MORNING
    session = AppointmentSession.objects.create(
        desk=desk,
        starts_at=_at(day, start),
        ends_at=_at(day, end),
        place=PLACE,
        slot_minutes=SLOT_MINUTES,
        published=True,
    )
    session.partners.set(partners)
    return session


# --- The past session ---------------------------------------------------------------------------
def _book_in_the_past(session, slot, case, at):
    """A booking as ``sessions.book`` writes it (slot, public timeline line), at ``at``."""
    AppointmentSlot.objects.filter(pk=slot.pk, case__isnull=True).update(case=case, booked_at=at)
    event(
        case,
        EventKind.UPDATE,
        at,
        case.applicant,
        _("Rendez-vous unique réservé le %(when)s, %(where)s.")
        % {
            "when": datetime_fr(slot.starts_at, with_weekday=True),
            "where": sessions.where(session),
        },
        True,
        details={"appointment_slot": slot.pk},
    )


def _ticks(session, partner, story):
    """What ``partner`` ticks on its link for each booked slot: the ``record_outcomes``
    arguments, from the rows its link shows."""
    attended, done, notes = {}, set(), {}
    for row in sessions.partner_rows(session, partner):
        slot = row["slot"]
        came, done_codes, remarks = story[slot.case_id]
        attended[slot.pk] = came
        for item in row["steps"]:
            code = item["step"].template.code
            if came and code.startswith(done_codes):
                done.add((slot.pk, item["step"].pk))
            for prefix, remark in remarks.items():
                if came and code.startswith(prefix):
                    notes[(slot.pk, item["step"].pk)] = remark
    return {"attended": attended, "done": done, "notes": notes}


def _session_and_slots(found, desk, partners, day):
    """The first session of ``found`` (the one a previous load made), else a new one on
    ``day``; with its slots, in order."""
    session = found.first() or _new_session(desk, partners, day)
    sessions.generate_slots(session)
    return session, list(session.slots.order_by("starts_at"))


def _held_session(desk, partners, today, now):
    found = AppointmentSession.objects.filter(
        desk=desk, place=PLACE, held=True, starts_at__lt=now
    ).order_by("-starts_at")
    session, slots = _session_and_slots(found, desk, partners, _past_tuesday(today))
    story, cases = {}, []
    for login, index, came, done_codes, remarks in PAST:
        case = _case(login)
        if case is None or index >= len(slots):
            continue
        cases.append(case)
        story[case.pk] = (came, done_codes, remarks)
        if not session.slots.filter(case=case).exists() and slots[index].case_id is None:
            _book_in_the_past(session, slots[index], case, session.starts_at - timedelta(days=9))
    # Each partner ticks once, on its link, in the afternoon of the session; the last one's
    # ticks send the summaries (``record_outcomes``), else the desk sends them.
    mark = timezone.now()
    reported = set(
        SessionAccess.objects.filter(session=session, action=sessions.Action.OUTCOMES).values_list(
            "partner_id", flat=True
        )
    )
    for partner in session.partners.order_by("name"):
        if partner.pk not in reported:
            sessions.record_outcomes(session, partner, **_ticks(session, partner, story))
    sessions.send_summaries(session)
    _move_to(session, cases, mark, session.ends_at + timedelta(hours=3))
    return session


def _move_to(session, cases, mark, at):
    """Move what the services wrote since ``mark`` to the moment ``at`` (the session's day)."""
    delta = at - mark
    for step in Step.objects.filter(case__in=cases, done_at__gte=mark):
        align_step_with_its_line(step, mark)  # then both move by the same delta
    move_case_writes(cases, mark, delta)
    SlotOutcome.objects.filter(slot__session=session, recorded_at__gte=mark).update(
        recorded_at=F("recorded_at") + delta
    )
    SessionAccess.objects.filter(session=session, at__gte=mark).update(at=F("at") + delta)
    AppointmentSlot.objects.filter(session=session, summary_sent_at__gte=mark).update(
        summary_sent_at=F("summary_sent_at") + delta
    )
    mails_sent(
        OutgoingMail.objects.filter(
            to__in=[case.applicant.email for case in cases], created_at__gte=mark
        ),
        at,
    )
    for case in cases:
        Case.objects.filter(pk=case.pk).update(last_activity_at=last_activity(case))


# --- The session to come ------------------------------------------------------------------------
def _upcoming_session(desk, partners, today, now):
    found = AppointmentSession.objects.filter(
        desk=desk, place=PLACE, published=True, starts_at__gt=now
    ).order_by("starts_at")
    session, slots = _session_and_slots(found, desk, partners, _next_tuesday_or_thursday(today))
    mark = timezone.now()
    for login, index in UPCOMING:
        case = _case(login)
        if case is None or index >= len(slots) or session.slots.filter(case=case).exists():
            continue
        if slots[index].case_id is None and sessions.may_book(case):
            sessions.book(case, slots[index].pk, by=case.applicant)
    mails_sent(
        OutgoingMail.objects.filter(topic="partners_session_booked", created_at__gte=mark), mark
    )
    return session


def load(report):
    desk = Desk.objects.filter(slug="lot").first()
    if desk is None:
        return
    partners = list(desk.partners.filter(kind__in=KINDS, is_active=True).order_by("name"))
    if not partners:
        return
    now, today = timezone.now(), timezone.localdate()
    held = _held_session(desk, partners, today, now)
    upcoming = _upcoming_session(desk, partners, today, now)
    held_slots = held.slots.filter(case__isnull=False)
    booked = upcoming.slots.filter(case__isnull=False).count()
    report.line(
        f"Rendez-vous unique à Cahors : le {date_fr(held.starts_at, with_weekday=True)} (tenu, "
        f"{held_slots.count()} inscrits, {held_slots.filter(attended=True).count()} venus, "
        f"{held_slots.filter(summary_sent_at__isnull=False).count()} comptes rendus) ; "
        f"le {date_fr(upcoming.starts_at, with_weekday=True)} (publié, {booked} créneaux "
        f"réservés sur {upcoming.slots.count()}, {FREE_ACCOUNT} peut réserver) ; "
        f"{len(partners)} partenaires."
    )
