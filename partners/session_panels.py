"""The single appointment's panel of « Mon dossier » (registered in ``PartnersConfig.ready()``):
the case's slots (with what to bring, or the summary), and the sessions to come it may book."""

from django.utils import timezone

from installations.panels import Page, Panel
from partners import sessions
from partners.session_forms import BookForm


def newcomer_panel(case, request):
    """5 queries (2 for the case's slots, 3 for the sessions to book), one more for the
    steps when a slot is to come; nothing to show without a slot or a session to book."""
    now = timezone.now()
    slots = sessions.slots_of_case(case)
    bookable = sessions.bookable_sessions(case, now)
    if not slots and not bookable:
        return None
    upcoming = [slot for slot in slots if slot.session.starts_at > now]
    steps = sessions.case_steps(case) if upcoming else []
    booked_sessions = {slot.session_id for slot in slots}
    return {
        "upcoming": [
            {
                "slot": slot,
                "session": slot.session,
                "where": sessions.where(slot.session),
                "partners": list(slot.session.partners.all()),
                "to_bring": sessions.what_to_bring(steps, slot.session.partners.all()),
            }
            for slot in upcoming
        ],
        "past": [slot for slot in slots if slot.session.starts_at <= now],
        "bookable": [
            {
                "session": session,
                "where": sessions.where(session),
                "partners": list(session.partners.all()),
                "form": BookForm(session=session, auto_id=f"rdv-{session.pk}-%s"),
            }
            for session in bookable
            if session.pk not in booked_sessions
        ],
    }


PANELS = [
    Panel(
        name="partner_sessions",
        page=Page.NEWCOMER,
        template="partners/session_panel_newcomer.html",
        load=newcomer_panel,
    ),
]
