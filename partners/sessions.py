"""The single appointment (« rendez-vous unique »): sessions and their slots, booking from
« Mon dossier », each attending partner's list, what they ticked after, the newcomer's summary.

* The desk creates a session in the admin, generates its slots (``generate_slots``, every
  ``slot_minutes`` from the start, idempotent) and publishes it.
* A newcomer books one free slot per session for their case (``book``: the slot's row is
  locked, and the ``slot_session_case_unique`` constraint holds the « one per session » rule
  even between two concurrent requests), or cancels it before the session (``cancel``).
  Booking sends a confirmation mail with the date, the place or the video link, the partners
  and what to bring: the case's steps not done yet that these partners handle.
* When the desk clicks « Envoyer la liste aux partenaires » (the desk page), each attending
  partner's primary contact receives a personal link (``partners:session_link``): a token
  signed by the site naming the session and the partner. A forged token answers 404; the
  link answers 410 thirty days after the session. It shows the newcomers booked, their
  profession, planned communes and the steps not done that this partner handles, nothing
  else; after the session, the same page lets the partner tick attendance and the steps done
  (``record_outcomes``: a step ticked done is set done through the case's own service).
* Once every attending partner has ticked (or when the desk clicks « Envoyer les comptes
  rendus »), each newcomer who came receives the summary: what was done, what remains
  (``send_summaries``), by mail and on their case's timeline.

Every opening of a link is logged in ``SessionAccess``.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from installations import notifications, timeline
from installations import services as case_services
from installations.enums import OPEN_STATES, CaseStatus, EventKind
from installations.models import Case, Step
from partners.models import (
    AppointmentSession,
    AppointmentSlot,
    Partner,
    PartnerContact,
    SessionAccess,
    SlotOutcome,
)
from partners.requests import PartnerError
from portal.formatting import date_fr, datetime_fr, list_fr, time_fr
from portal.mail import send_templated_batch
from territories.communes import labels_for

TOKEN_SALT = "partners.session_link"  # noqa: S105 (a salt, not a secret)
# A partner's session link answers this long after the session's end (then 410).
LINK_DAYS_AFTER = 30
# Cases that may book: sent, not ended (a draft has no desk yet).
BOOKABLE_STATES = OPEN_STATES - {CaseStatus.DRAFT}


class Action:
    """What ``SessionAccess.action`` records."""

    VIEW = "view"
    PDF = "pdf"
    OUTCOMES = "outcomes"
    REFUSED = "refused"


# --- The desk: slots and publication ----------------------------------------------------------
def slot_times(session) -> list:
    """Every ``slot_minutes`` from the start, each slot ending by the session's end."""
    if not session.slot_minutes or session.ends_at <= session.starts_at:
        return []
    step = timedelta(minutes=session.slot_minutes)
    times, moment = [], session.starts_at
    while moment + step <= session.ends_at:
        times.append(moment)
        moment += step
    return times


def generate_slots(session) -> int:
    """Create the slots the session lacks (rerunning creates nothing). Returns how many."""
    existing = set(session.slots.values_list("starts_at", flat=True))
    missing = [
        AppointmentSlot(session=session, starts_at=moment)
        for moment in slot_times(session)
        if moment not in existing
    ]
    AppointmentSlot.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def is_upcoming(session, now=None) -> bool:
    return session.starts_at > (now or timezone.now())


# --- The newcomer: booking and cancelling -------------------------------------------------------
def may_book(case) -> bool:
    return case.desk_id is not None and case.status in BOOKABLE_STATES


def bookable_sessions(case, now=None) -> list:
    """The published sessions to come of the case's desk that have a free slot, each with
    ``free_slots`` and its partners (3 queries)."""
    if not may_book(case):
        return []
    free = AppointmentSlot.objects.filter(case__isnull=True).order_by("starts_at", "pk")
    return list(
        AppointmentSession.objects.published()
        .filter(desk_id=case.desk_id, starts_at__gt=now or timezone.now())
        .annotate(free_count=Count("slots", filter=Q(slots__case__isnull=True)))
        .filter(free_count__gt=0)
        .prefetch_related(
            Prefetch("slots", queryset=free, to_attr="free_slots"),
            Prefetch("partners", queryset=Partner.objects.order_by("name")),
        )
        .order_by("starts_at")
    )


def slots_of_case(case, limit=10) -> list:
    """The case's booked slots, latest session first, with their session and partners
    (2 queries)."""
    return list(
        AppointmentSlot.objects.filter(case=case)
        .select_related("session")
        .prefetch_related(Prefetch("session__partners", queryset=Partner.objects.order_by("name")))
        .order_by("-starts_at")[:limit]
    )


def steps_handled(steps, partner) -> list:
    """Of ``steps`` (with their template), those not done that ``partner`` handles."""
    codes = set(partner.step_codes or ())
    return [
        step
        for step in steps
        if step.done_at is None and step.template_id and step.template.code in codes
    ]


def what_to_bring(steps, partners) -> list[dict]:
    """Per partner, the steps not done it handles: ``[{"partner": …, "steps": […]}]``."""
    rows = []
    for partner in partners:
        handled = steps_handled(steps, partner)
        if handled:
            rows.append({"partner": partner, "steps": handled})
    return rows


def case_steps(case) -> list:
    return list(case.steps.select_related("template").order_by("position", "pk"))


def where(session) -> str:
    if session.place and session.video_url:
        return f"{session.place} ({_('ou en visioconférence')})"
    return session.place or _("en visioconférence")


def book(case, slot_pk, *, by) -> AppointmentSlot | None:
    """Book the slot ``slot_pk`` of a published session to come of the case's desk. None when
    there is no such slot (the view answers 404); ``PartnerError`` when it is taken, or when
    the case already has a slot of that session."""
    if not may_book(case):
        raise PartnerError(_("Ce dossier ne peut plus prendre de rendez-vous."))
    now = timezone.now()
    try:
        with transaction.atomic():
            slot = (
                AppointmentSlot.objects.select_for_update(of=("self",))
                .select_related("session")
                .filter(pk=slot_pk, session__desk_id=case.desk_id, session__published=True)
                .first()
            )
            if slot is None:
                return None
            session = slot.session
            if not is_upcoming(session, now):
                raise PartnerError(_("Ce rendez-vous a déjà eu lieu."))
            if slot.case_id == case.pk:
                return slot
            if slot.case_id is not None:
                raise PartnerError(
                    _("Désolé, ce créneau vient d'être pris : choisissez-en un autre.")
                )
            if AppointmentSlot.objects.filter(session=session, case=case).exists():
                raise PartnerError(
                    _("Vous avez déjà un créneau à ce rendez-vous : annulez-le pour en changer.")
                )
            slot.case, slot.booked_at = case, now
            slot.save(update_fields=["case", "booked_at"])
            partners = list(session.partners.order_by("name"))
            timeline.record(
                case,
                EventKind.UPDATE,
                actor=by,
                is_public=True,
                body=_("Rendez-vous unique réservé le %(when)s, %(where)s.")
                % {"when": datetime_fr(slot.starts_at, with_weekday=True), "where": where(session)},
                details={"appointment_slot": slot.pk},
            )
            case_services.touch(case, bump_version=False)
            notifications.to_newcomer(
                case,
                "partners_session_booked",
                first_name=case.first_name,
                slot=slot,
                session=session,
                where=where(session),
                partners=partners,
                to_bring=what_to_bring(case_steps(case), partners),
            )
    except IntegrityError:
        # Another request of the same case booked a slot of this session in between.
        raise PartnerError(
            _("Désolé, ce créneau vient d'être pris : choisissez-en un autre.")
        ) from None
    return slot


def cancel(case, slot_pk, *, by) -> AppointmentSlot | None:
    """Free the case's slot before the session. None when the slot is not the case's."""
    with transaction.atomic():
        slot = (
            AppointmentSlot.objects.select_for_update(of=("self",))
            .select_related("session")
            .filter(pk=slot_pk, case=case)
            .first()
        )
        if slot is None:
            return None
        if not is_upcoming(slot.session):
            raise PartnerError(_("Ce rendez-vous a déjà eu lieu : il ne peut plus être annulé."))
        slot.case, slot.booked_at = None, None
        slot.save(update_fields=["case", "booked_at"])
        timeline.record(
            case,
            EventKind.UPDATE,
            actor=by,
            is_public=True,
            body=_("Rendez-vous unique du %(when)s annulé.")
            % {"when": datetime_fr(slot.starts_at, with_weekday=True)},
            details={"appointment_slot": slot.pk},
        )
        case_services.touch(case, bump_version=False)
    return slot


# --- The partner's link ---------------------------------------------------------------------
def make_token(session, partner) -> str:
    return signing.dumps({"s": session.pk, "p": partner.pk}, salt=TOKEN_SALT)


def link_url(session, partner) -> str:
    path = reverse("partners:session_link", kwargs={"token": make_token(session, partner)})
    return settings.SITE_URL + path


def link_expires_at(session):
    return session.ends_at + timedelta(days=LINK_DAYS_AFTER)


@dataclass(frozen=True)
class Opened:
    session: AppointmentSession
    partner: Partner
    live: bool


def open_token(token: str, now=None) -> Opened | None:
    """The session and partner a token names, or None for a forged one or a partner no longer
    attending (404). ``live`` is False thirty days after the session (410)."""
    try:
        payload = signing.loads(token, salt=TOKEN_SALT)
        session_pk, partner_pk = int(payload["s"]), int(payload["p"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    session = (
        AppointmentSession.objects.select_related("desk")
        .filter(pk=session_pk, partners=partner_pk)
        .first()
    )
    if session is None:
        return None
    partner = Partner.objects.filter(pk=partner_pk, desk_id=session.desk_id).first()
    if partner is None:
        return None
    return Opened(session, partner, (now or timezone.now()) < link_expires_at(session))


def log_access(session, partner, action: str, ip: str | None) -> None:
    SessionAccess.objects.create(session=session, partner=partner, action=action, ip=ip or None)


def partner_rows(session, partner) -> list[dict]:
    """What the partner's link shows, per booked slot: the time, the newcomer's name,
    profession and planned communes, the steps not done this partner handles (with what the
    partner ticked), attendance. 5 queries whatever the number of slots."""
    slots = list(
        AppointmentSlot.objects.filter(session=session, case__isnull=False)
        .select_related("case", "case__profession")
        .prefetch_related(
            "case__wished_communes",
            Prefetch("case__steps", queryset=Step.objects.select_related("template")),
            Prefetch(
                "outcomes",
                queryset=SlotOutcome.objects.filter(partner=partner),
                to_attr="partner_outcomes",
            ),
        )
        .order_by("starts_at", "pk")
    )
    communes = [commune for slot in slots for commune in slot.case.wished_communes.all()]
    labels = labels_for(communes) if communes else {}
    codes = set(partner.step_codes or ())
    rows = []
    for slot in slots:
        case = slot.case
        outcomes = {outcome.step_id: outcome for outcome in slot.partner_outcomes}
        steps = [
            {"step": step, "outcome": outcomes.get(step.pk)}
            for step in case.steps.all()
            if step.template_id
            and step.template.code in codes
            and (step.done_at is None or step.pk in outcomes)
        ]
        rows.append(
            {
                "slot": slot,
                "time": time_fr(slot.starts_at),
                "name": case.applicant_name,
                "profession": case.profession.label if case.profession_id else "",
                "communes": [
                    labels.get(commune.insee_code, commune.name)
                    for commune in case.wished_communes.all()
                ],
                "target_date": case.target_date,
                "steps": steps,
            }
        )
    return rows


def session_has_started(session, now=None) -> bool:
    return session.starts_at <= (now or timezone.now())


def record_outcomes(session, partner, *, attended: dict, done: set, notes: dict, ip=None) -> int:
    """What ``partner`` ticked after the session: ``attended`` {slot pk: True/False/None},
    ``done`` {(slot pk, step pk)} and ``notes`` {(slot pk, step pk): text}, for the steps its
    link shows. A step ticked done is set done through the case's service (a timeline line);
    a tick removed keeps the step as it is (someone else may have done it). Once every
    attending partner has ticked, the summaries go out. Returns the number of steps newly
    done."""
    if not session_has_started(session):
        raise PartnerError(_("Vous pourrez noter ce qui a été fait après le rendez-vous."))
    rows = partner_rows(session, partner)
    newly_done = 0
    with transaction.atomic():
        for row in rows:
            slot, case = row["slot"], row["slot"].case
            presence = attended.get(slot.pk)
            if presence is not None and presence != slot.attended:
                AppointmentSlot.objects.filter(pk=slot.pk).update(attended=presence)
                slot.attended = presence
            ticked = []
            for item in row["steps"]:
                step, key = item["step"], (slot.pk, item["step"].pk)
                is_done, note = key in done, notes.get(key, "")[:300]
                SlotOutcome.objects.update_or_create(
                    slot=slot,
                    partner=partner,
                    step=step,
                    defaults={"done": is_done, "note": note, "recorded_at": timezone.now()},
                )
                if (
                    is_done
                    and step.done_at is None
                    and case_services.set_step_done(case, step, by=None, done=True)
                ):
                    Step.objects.filter(pk=step.pk).update(applicant_to_do=False)
                    ticked.append(step.title)
                    newly_done += 1
            if presence is not None or ticked:
                timeline.record(
                    case,
                    EventKind.UPDATE,
                    body=_("Rendez-vous unique : %(partner)s a noté %(what)s.")
                    % {
                        "partner": partner.name,
                        "what": _("la présence")
                        if presence
                        else _("l'absence")
                        if presence is False
                        else _("les démarches vues"),
                    },
                    details={"appointment_slot": slot.pk, "partner": partner.pk},
                )
                case_services.touch(case, bump_version=False)
        log_access(session, partner, Action.OUTCOMES, ip)
        AppointmentSession.objects.filter(pk=session.pk).update(held=True)
        session.held = True
        if all_partners_reported(session):
            send_summaries(session)
    return newly_done


def all_partners_reported(session) -> bool:
    """Whether every partner attending the session has ticked on its link."""
    attending = set(session.partners.values_list("pk", flat=True))
    reported = set(
        SessionAccess.objects.filter(session=session, action=Action.OUTCOMES).values_list(
            "partner_id", flat=True
        )
    )
    return bool(attending) and attending <= reported


# --- Mails to the partners and to the newcomers ----------------------------------------------
def partners_and_contacts(session) -> list[tuple]:
    """``(partner, contact)`` for each partner attending the session, by name: its active
    primary contact, else its first active contact, else None (2 queries)."""
    partners = list(
        session.partners.order_by("name").prefetch_related(
            Prefetch(
                "contacts",
                queryset=PartnerContact.objects.filter(is_active=True).order_by(
                    "-is_primary", "name", "pk"
                ),
                to_attr="active_contacts",
            )
        )
    )
    return [
        (partner, partner.active_contacts[0] if partner.active_contacts else None)
        for partner in partners
    ]


def primary_contacts(session) -> list[tuple]:
    """``partners_and_contacts`` without the partners that have no active contact."""
    return [(p, contact) for p, contact in partners_and_contacts(session) if contact is not None]


def send_partner_lists(session, *, by=None) -> int:
    """Mail each attending partner's contact its personal link to the session's list.
    Returns the number of mails."""
    booked = session.slots.filter(case__isnull=False).count()
    messages = [
        {
            "to": contact.email,
            "template": "partners_session_list",
            "context": {
                "desk": session.desk,
                "session": session,
                "partner": partner,
                "contact": contact,
                "where": where(session),
                "booked": booked,
                "link": link_url(session, partner),
                "expires_on": link_expires_at(session),
            },
        }
        for partner, contact in primary_contacts(session)
    ]
    with transaction.atomic():
        send_templated_batch(messages)
    return len(messages)


def summary_of(slot, steps) -> dict:
    """What was done at the session (steps ticked done by a partner) and what remains."""
    done_ids = {outcome.step_id for outcome in slot.outcomes.all() if outcome.done}
    return {
        "done": [step for step in steps if step.pk in done_ids],
        "remaining": [step for step in steps if step.done_at is None],
        "notes": [outcome for outcome in slot.outcomes.all() if outcome.note and not outcome.done],
    }


def send_summaries(session, *, by=None) -> int:
    """Mail each newcomer who came (or whose attendance is not noted) the summary of the
    session, once, and write it on their case's timeline. Returns the number of summaries."""
    with transaction.atomic():
        slots = list(
            AppointmentSlot.objects.select_for_update(of=("self",))
            .filter(session=session, case__isnull=False, summary_sent_at__isnull=True)
            .exclude(attended=False)
            .select_related("case", "case__desk", "case__applicant")
            .prefetch_related(
                Prefetch("case__steps", queryset=Step.objects.select_related("template")),
                Prefetch("outcomes", queryset=SlotOutcome.objects.select_related("partner")),
            )
            .order_by("starts_at")
        )
        now = timezone.now()
        messages, events = [], []
        for slot in slots:
            case = slot.case
            summary = summary_of(slot, list(case.steps.all()))
            text = _("Compte rendu du rendez-vous unique du %(day)s. Fait : %(done)s. %(left)s") % {
                "day": date_fr(session.starts_at),
                "done": list_fr(step.title for step in summary["done"]) or _("rien de noté"),
                "left": (
                    _("Reste à faire : %(steps)s.")
                    % {"steps": list_fr(step.title for step in summary["remaining"])}
                    if summary["remaining"]
                    else _("Il ne reste aucune démarche.")
                ),
            }
            events.append(
                timeline.build(
                    case,
                    EventKind.UPDATE,
                    actor=by,
                    body=text,
                    is_public=True,
                    details={"appointment_slot": slot.pk, "summary": True},
                )
            )
            if case.applicant.email:
                messages.append(
                    {
                        "to": case.applicant.email,
                        "template": "partners_session_summary",
                        "context": {
                            "case": case,
                            "first_name": case.first_name,
                            "session": session,
                            "slot": slot,
                            **summary,
                            "url": notifications.newcomer_url(case),
                        },
                    }
                )
        if not slots:
            return 0
        timeline.record_many(events)
        send_templated_batch(messages)
        AppointmentSlot.objects.filter(pk__in=[slot.pk for slot in slots]).update(
            summary_sent_at=now
        )
        Case.objects.filter(pk__in=[slot.case_id for slot in slots]).update(last_activity_at=now)
        AppointmentSession.objects.filter(pk=session.pk).update(held=True)
    return len(slots)
