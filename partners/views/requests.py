"""Requests to partners: the referent's « Demander à un partenaire » page and the actions on a
request from the case page; the partner's personal link (no account: the token is the key)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from installations.views.common import get_case_for
from installations.views.referent import REFERENT_ROLES
from partners import requests as partner_requests
from partners.forms import AskPartnerForm, ReplyForm, SubjectForm
from partners.models import Partner, PartnerMessage, PartnerRequest
from portal import ratelimit
from portal.decorators import personal_link, role_required

ASKS_PER_HOUR = 30
REPLIES_PER_10_MINUTES = 20
LINK_VIEWS_PER_10_MINUTES = 120
LINK_ACTIONS_PER_10_MINUTES = 20
PANEL_ANCHOR = "#titre-partenaires"


def _back(case):
    return redirect(reverse("installations:referent_case", kwargs={"pk": case.pk}) + PANEL_ANCHOR)


def _ask_context(request, case):
    """2 queries: the case's steps and the desk's partners with their contacts."""
    steps = list(case.steps.select_related("template"))
    partners = list(
        Partner.objects.visible_to(request.user)
        .filter(desk_id=case.desk_id, is_active=True)
        .prefetch_related("contacts")
        .order_by("name")
    )
    return steps, partners


@role_required(*REFERENT_ROLES)
def ask(request, pk):
    case = get_case_for(request.user, pk, places=False)
    steps, partners = _ask_context(request, case)
    if request.method == "POST":
        form = AskPartnerForm(request.POST, case=case, steps=steps, partners=partners)
        if form.is_valid():
            if not ratelimit.hit("partner-ask", request.user.pk, ASKS_PER_HOUR, 3600):
                return ratelimit.limited(request)
            try:
                partner_requests.ask(case, by=request.user, **form.ask_kwargs())
            except partner_requests.PartnerError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(
                    request,
                    _("Demande envoyée à %(contact)s (%(partner)s) : le lien part par e-mail.")
                    % {
                        "contact": form.cleaned_data["contact"].name,
                        "partner": form.cleaned_data["partner"].name,
                    },
                )
                return _back(case)
    else:
        form = AskPartnerForm(case=case, steps=steps, partners=partners)
        form.preselect(request.GET.get("objet", ""))
    subject_form = SubjectForm(
        choices=form.fields["subject"].choices, initial={"objet": form.initial.get("subject")}
    )
    return render(
        request,
        "partners/request_ask.html",
        {"case": case, "form": form, "subject_form": subject_form, "partners": partners},
    )


def _request_of(request, pk, request_pk):
    case = get_case_for(request.user, pk, places=False)
    partner_request = get_object_or_404(
        PartnerRequest.objects.visible_to(request.user)
        .filter(case=case)
        .select_related("case", "case__desk", "case__referent", "partner", "contact", "step"),
        pk=request_pk,
    )
    return case, partner_request


@role_required(*REFERENT_ROLES)
@require_POST
def referent_reply(request, pk, request_pk):
    case, partner_request = _request_of(request, pk, request_pk)
    if not ratelimit.hit("partner-reply", request.user.pk, REPLIES_PER_10_MINUTES, 600):
        return ratelimit.limited(request)
    form = ReplyForm(request.POST, prefix=f"demande-{partner_request.pk}")
    if form.is_valid():
        try:
            partner_requests.reply(
                partner_request,
                author=PartnerMessage.Author.REFERENT,
                body=form.cleaned_data["body"],
                by=request.user,
            )
        except partner_requests.PartnerError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Message envoyé au partenaire."))
    else:
        messages.error(request, " ".join(form.errors["body"]))
    return _back(case)


@role_required(*REFERENT_ROLES)
@require_POST
def revoke(request, pk, request_pk):
    case, partner_request = _request_of(request, pk, request_pk)
    partner_requests.revoke(partner_request, by=request.user)
    messages.success(request, _("Lien révoqué : il ne s'ouvre plus."))
    return _back(case)


@role_required(*REFERENT_ROLES)
@require_POST
def resend(request, pk, request_pk):
    case, partner_request = _request_of(request, pk, request_pk)
    if not ratelimit.hit("partner-ask", request.user.pk, ASKS_PER_HOUR, 3600):
        return ratelimit.limited(request)
    try:
        partner_requests.send_new_link(partner_request, by=request.user)
    except partner_requests.PartnerError as exc:
        messages.error(request, exc.message)
        return _back(case)
    messages.success(
        request,
        _("Nouveau lien envoyé à %(contact)s ; l'ancien ne s'ouvre plus.")
        % {"contact": partner_request.contact.name},
    )
    return _back(case)


# --- The partner's link -------------------------------------------------------------------------
@personal_link
def request_link(request, token):
    opened = partner_requests.open_token(token)
    if opened is None:
        raise Http404
    partner_request = opened.request
    ip = ratelimit.client_ip(request)
    if not opened.live:
        partner_requests.log_access(partner_request, partner_requests.Action.REFUSED, ip)
        response = render(
            request,
            "partners/partner_link_gone.html",
            {"desk": partner_request.case.desk},
            status=410,
        )
        return response
    form = ReplyForm()
    if request.method == "POST":
        if not ratelimit.hit("partner-link-action", ip, LINK_ACTIONS_PER_10_MINUTES, 600):
            return ratelimit.limited(request)
        action = request.POST.get("action")
        if action == "reply":
            form = ReplyForm(request.POST)
            if form.is_valid():
                partner_requests.reply(
                    partner_request,
                    author=PartnerMessage.Author.PARTNER,
                    body=form.cleaned_data["body"],
                    ip=ip,
                )
                messages.success(request, _("Merci, votre réponse est transmise au référent."))
                return redirect(request.path)
        elif action in {"step_done", "applicant_to_do"} and partner_request.step_id:
            if action == "step_done":
                changed = partner_requests.mark_step_done(partner_request, ip=ip)
                text = _("Démarche notée comme faite.")
            else:
                changed = partner_requests.mark_applicant_to_do(partner_request, ip=ip)
                text = _("Démarche notée « à faire par le demandeur ».")
            if changed:
                messages.success(request, text)
            else:
                messages.info(request, _("C'était déjà noté."))
            return redirect(request.path)
        else:
            messages.error(request, _("Cette action n'est pas possible sur cette demande."))
            return redirect(request.path)
    elif not ratelimit.hit("partner-link-view", ip, LINK_VIEWS_PER_10_MINUTES, 600):
        return ratelimit.limited(request)
    else:
        partner_requests.log_access(partner_request, partner_requests.Action.VIEW, ip)
    thread = list(
        PartnerMessage.objects.filter(request=partner_request).order_by("created_at", "pk")
    )
    step = partner_request.step
    return render(
        request,
        "partners/partner_link.html",
        {
            "view": partner_requests.partner_view(partner_request, thread),
            "form": form,
            "step": step,
            "step_done": bool(step and step.done_at),
            "step_applicant_to_do": bool(step and step.applicant_to_do),
        },
    )
