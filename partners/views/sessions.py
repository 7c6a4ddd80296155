"""The single appointment: the newcomer books and cancels from « Mon dossier »; the desk's page
of a session; each partner's personal link to its list (no account: the token is the key)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from installations.views.common import get_case_for
from partners import sessions
from partners.models import AppointmentSession, AppointmentSlot
from partners.requests import PartnerError
from partners.session_forms import BookForm, OutcomeForm
from portal import ratelimit
from portal.decorators import personal_link, role_required
from portal.formatting import count_fr
from portal.pdf import PdfUnavailable, render_pdf
from portal.roles import SUPERUSER, Role

BOOKINGS_PER_HOUR = 20
LINK_VIEWS_PER_10_MINUTES = 120
LINK_ACTIONS_PER_10_MINUTES = 20
PANEL_ANCHOR = "#titre-rendez-vous"


def _back_to_case(case):
    return redirect(reverse("installations:case", kwargs={"pk": case.pk}) + PANEL_ANCHOR)


# --- The newcomer ---------------------------------------------------------------------------
@role_required(Role.NEWCOMER)
@require_POST
def book(request, pk):
    case = get_case_for(request.user, pk, places=False)
    if not ratelimit.hit("session-booking", request.user.pk, BOOKINGS_PER_HOUR, 3600):
        return ratelimit.limited(request)
    form = BookForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["slot"]))
        return _back_to_case(case)
    try:
        slot = sessions.book(case, form.cleaned_data["slot"], by=request.user)
    except PartnerError as exc:
        messages.error(request, exc.message)
        return _back_to_case(case)
    if slot is None:
        raise Http404
    messages.success(
        request, _("Votre créneau est réservé : une confirmation vous est envoyée par e-mail.")
    )
    return _back_to_case(case)


@role_required(Role.NEWCOMER)
@require_POST
def cancel(request, pk, slot_pk):
    case = get_case_for(request.user, pk, places=False)
    try:
        slot = sessions.cancel(case, slot_pk, by=request.user)
    except PartnerError as exc:
        messages.error(request, exc.message)
        return _back_to_case(case)
    if slot is None:
        raise Http404
    messages.success(request, _("Votre créneau est annulé."))
    return _back_to_case(case)


# --- The desk -------------------------------------------------------------------------------
def get_session_for(user, pk):
    return get_object_or_404(
        AppointmentSession.objects.visible_to(user).select_related("desk"), pk=pk
    )


@role_required(Role.STAFF, SUPERUSER)
def session_detail(request, pk):
    """The session's slots and who booked them, each partner's contact and personal link (to
    print its list). 4 queries whatever the number of slots and partners."""
    session = get_session_for(request.user, pk)
    slots = list(
        AppointmentSlot.objects.filter(session=session)
        .select_related("case", "case__profession")
        .order_by("starts_at", "pk")
    )
    links = [
        {
            "partner": partner,
            "contact": contact,
            "url": reverse(
                "partners:session_link", kwargs={"token": sessions.make_token(session, partner)}
            ),
            "pdf_url": reverse(
                "partners:session_link_pdf",
                kwargs={"token": sessions.make_token(session, partner)},
            ),
        }
        for partner, contact in sessions.partners_and_contacts(session)
    ]
    booked = [slot for slot in slots if slot.case_id]
    return render(
        request,
        "partners/session_desk.html",
        {
            "session": session,
            "slots": slots,
            "booked": len(booked),
            "links": links,
            "summaries_left": sum(
                1 for slot in booked if slot.summary_sent_at is None and slot.attended is not False
            ),
            "started": sessions.session_has_started(session),
        },
    )


@role_required(Role.STAFF, SUPERUSER)
@require_POST
def send_lists(request, pk):
    session = get_session_for(request.user, pk)
    count = sessions.send_partner_lists(session, by=request.user)
    if count:
        messages.success(
            request,
            _("Liste envoyée : %(n)s.") % {"n": count_fr(count, "partenaire", "partenaires")},
        )
    else:
        messages.info(request, _("Aucun partenaire présent n'a de contact actif."))
    return redirect("partners:session", pk=session.pk)


@role_required(Role.STAFF, SUPERUSER)
@require_POST
def send_summaries(request, pk):
    session = get_session_for(request.user, pk)
    if not sessions.session_has_started(session):
        messages.error(request, _("Les comptes rendus partent après le rendez-vous."))
        return redirect("partners:session", pk=session.pk)
    count = sessions.send_summaries(session, by=request.user)
    if count:
        messages.success(
            request,
            _("Comptes rendus envoyés : %(n)s.") % {"n": count_fr(count, "personne", "personnes")},
        )
    else:
        messages.info(request, _("Tous les comptes rendus sont déjà partis."))
    return redirect("partners:session", pk=session.pk)


# --- The partner's link ---------------------------------------------------------------------
def _open(request, token):
    """The opened link, or a response: 404 for a forged token, 410 for an expired one."""
    opened = sessions.open_token(token)
    if opened is None:
        raise Http404
    if not opened.live:
        sessions.log_access(
            opened.session, opened.partner, sessions.Action.REFUSED, ratelimit.client_ip(request)
        )
        response = render(
            request,
            "partners/session_link_gone.html",
            {"desk": opened.session.desk},
            status=410,
        )
        return None, response
    return opened, None


def _link_context(opened, rows):
    session = opened.session
    return {
        "session": session,
        "partner": opened.partner,
        "where": sessions.where(session),
        "rows": rows,
        "started": sessions.session_has_started(session),
    }


@personal_link
def session_link(request, token):
    opened, refused = _open(request, token)
    if refused is not None:
        return refused
    ip = ratelimit.client_ip(request)
    if not ratelimit.hit("session-link-view", ip, LINK_VIEWS_PER_10_MINUTES, 600):
        return ratelimit.limited(request)
    session, partner = opened.session, opened.partner
    rows = sessions.partner_rows(session, partner)
    started = sessions.session_has_started(session)
    if request.method == "POST":
        if not ratelimit.hit("session-link-action", ip, LINK_ACTIONS_PER_10_MINUTES, 600):
            return ratelimit.limited(request)
        if not started:
            messages.error(request, _("Vous pourrez noter ce qui a été fait après le rendez-vous."))
            return redirect(request.path)
        form = OutcomeForm(request.POST, rows=rows)
        if form.is_valid():
            done = sessions.record_outcomes(session, partner, **form.outcomes(), ip=ip)
            messages.success(
                request,
                _("Merci, c'est noté (%(n)s).")
                % {"n": count_fr(done, "démarche faite", "démarches faites")},
            )
            return redirect(request.path)
    else:
        sessions.log_access(session, partner, sessions.Action.VIEW, ip)
        form = OutcomeForm(rows=rows) if started else None
    return render(
        request,
        "partners/session_link.html",
        {
            **_link_context(opened, rows),
            "form": form,
            "pdf_url": reverse("partners:session_link_pdf", kwargs={"token": token}),
        },
    )


@personal_link
def session_link_pdf(request, token):
    """The partner's list as a one-page PDF (a session has a handful of slots: rendered on
    demand; without WeasyPrint, the page says so)."""
    opened, refused = _open(request, token)
    if refused is not None:
        return refused
    ip = ratelimit.client_ip(request)
    if not ratelimit.hit("session-link-view", ip, LINK_VIEWS_PER_10_MINUTES, 600):
        return ratelimit.limited(request)
    rows = sessions.partner_rows(opened.session, opened.partner)
    try:
        content = render_pdf("partners/session_list_pdf.html", _link_context(opened, rows))
    except PdfUnavailable as exc:
        response = render(
            request,
            "partners/session_pdf_unavailable.html",
            {"message": str(exc), "back": reverse("partners:session_link", args=[token])},
            status=503,
        )
        return response
    sessions.log_access(opened.session, opened.partner, sessions.Action.PDF, ip)
    response = HttpResponse(content, content_type="application/pdf")
    day = opened.session.starts_at.strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'inline; filename="rendez-vous-unique-{day}.pdf"'
    return response
