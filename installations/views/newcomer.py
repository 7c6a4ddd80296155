"""The newcomer's side: the request in steps, « Mon dossier », messages, withdrawal."""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from aids.eligibility import profile_for_case, simulator_url
from events.models import Invitation
from installations import panels, services, workflow
from installations.enums import CaseStatus, EventKind
from installations.forms import (
    IdentityForm,
    NeedsForm,
    PlacementForm,
    ProfessionForm,
    ProjectForm,
    SubmitForm,
    TextForm,
    WithdrawForm,
)
from installations.kinds import CaseKind
from installations.models import NEED_LABELS, SETTING_LABELS, Case
from installations.stats import median_duration
from installations.status_text import STATUS_TEXT
from installations.views.common import (
    blank_field,
    get_case_for,
    interested_vacancies,
    timeline_rows,
)
from portal import ratelimit
from portal.decorators import role_required
from portal.roles import Role
from structures.models import Vacancy
from territories.communes import labels_for as commune_labels
from territories.models import Commune

NEWCOMER = Role.NEWCOMER

# (slug, title, form)
STEPS = [
    ("vous", _("Vous"), IdentityForm),
    ("profession", _("Votre profession"), ProfessionForm),
    ("projet", _("Votre projet"), ProjectForm),
    ("besoins", _("Vos besoins"), NeedsForm),
    ("envoi", _("Vérifier et envoyer"), SubmitForm),
]
STEP_SLUGS = [slug for slug, _title, _form in STEPS]
# Placement cases (students, interns) get one more step after the profession.
PLACEMENT_STEP = ("stage", _("Votre stage"), PlacementForm)


def steps_for(case):
    if case.kind == CaseKind.PLACEMENT:
        return [*STEPS[:2], PLACEMENT_STEP, *STEPS[2:]]
    return STEPS


# The step of the request where each submission problem (``workflow`` guard code) is fixed;
# the others (consent) are on the last step.
STEP_OF_PROBLEM = {
    "name": "vous",
    "phone": "vous",
    "profession": "profession",
    "situation": "profession",
    "placement_level": PLACEMENT_STEP[0],
    "placement_dates": PLACEMENT_STEP[0],
    "territory": "projet",
    "no_desk": "projet",
}


def resume_step(case):
    """Where « Continuer ma demande » opens: the first step still to fill in. A step is to fill
    in when something on it stops the submission; the needs, optional, when nothing is said
    about them yet. Else the last step, to send."""
    steps_to_fix = {STEP_OF_PROBLEM.get(code) for code in workflow.problem_codes(case, "submit")}
    for slug, _title, _form in steps_for(case):
        if slug in steps_to_fix:
            return slug
        if slug == "besoins" and not (case.needs or case.needs_details or case.project_text):
            return slug
    return STEP_SLUGS[-1]


SUBMISSIONS_PER_HOUR = 5
MESSAGES_PER_10_MINUTES = 20


@role_required(NEWCOMER)
def request_start(request):
    """Continue the draft in progress, or start one."""
    draft = Case.objects.visible_to(request.user).filter(status=CaseStatus.DRAFT).first()
    if request.method == "POST":
        if draft is None:
            draft = services.start_draft(applicant=request.user)
            return redirect("installations:request_step", pk=draft.pk, step=STEP_SLUGS[0])
        return redirect("installations:request_step", pk=draft.pk, step=resume_step(draft))
    return render(
        request,
        "installations/request_start.html",
        {
            "draft": draft,
            "open_cases": Case.objects.visible_to(request.user)
            .open()
            .exclude(status=CaseStatus.DRAFT)
            .select_related("profession"),
        },
    )


def _step_context(case, slug):
    steps = steps_for(case)
    slugs = [s for s, _t, _f in steps]
    index = slugs.index(slug)
    return {
        "case": case,
        "steps": [
            {"slug": s, "title": t, "number": i + 1, "current": s == slug, "done": i < index}
            for i, (s, t, _f) in enumerate(steps)
        ],
        "step_slug": slug,
        "step_title": steps[index][1],
        "step_number": index + 1,
        "step_count": len(steps),
        "previous_step": slugs[index - 1] if index else None,
        "next_step": slugs[index + 1] if index + 1 < len(steps) else None,
    }


@role_required(NEWCOMER)
def request_step(request, pk, step):
    # The submission reads the wished places on the locked case (``workflow``), not here.
    submitting = step == "envoi" and request.method == "POST"
    case = get_case_for(request.user, pk, places=not submitting)
    steps = steps_for(case)
    if step not in [s for s, _t, _f in steps]:
        if step == PLACEMENT_STEP[0]:  # no longer a placement request
            return redirect("installations:request_step", pk=case.pk, step="projet")
        raise Http404
    if case.status != CaseStatus.DRAFT:
        messages.info(request, _("Cette demande est envoyée : voici où elle en est."))
        return redirect(case)
    if step == "envoi":
        return _submit_step(request, case)
    form_class = {s: f for s, _t, f in steps}[step]
    context = _step_context(case, step)
    if request.method != "POST":
        return render(
            request,
            "installations/request_step.html",
            {**context, "form": form_class(instance=case)},
        )

    action = request.POST.get("action", "save")
    autosave = request.headers.get("X-Autosave") == "1"
    form = form_class(request.POST, instance=case, require=action == "next")
    valid = form.is_valid()
    error = None
    try:
        services.save_draft(
            case,
            by=request.user,
            fields=form.cleaned_fields(),
            communes=getattr(form, "communes", None),
            epcis=form.cleaned_data.get("wished_epcis")
            if "wished_epcis" in form.fields and "wished_epcis" not in form.errors
            else None,
        )
    except services.CaseError as exc:
        error = exc.message
        form.add_error(None, error)
        valid = False
    else:
        if hasattr(form, "save_extra"):
            form.save_extra(case)
    if autosave:
        return JsonResponse(
            {
                "saved": error is None,
                "at": time_format(timezone.localtime(), "H\\hi"),
                "errors": {name: [str(e) for e in errs] for name, errs in form.errors.items()},
            }
        )
    if not valid:
        return render(
            request, "installations/request_step.html", {**context, "form": form}, status=200
        )
    context = _step_context(case, step)  # the kind may have changed the steps
    if action == "next" and context["next_step"]:
        return redirect("installations:request_step", pk=case.pk, step=context["next_step"])
    if action == "previous" and context["previous_step"]:
        return redirect("installations:request_step", pk=case.pk, step=context["previous_step"])
    messages.success(request, _("Brouillon enregistré."))
    return redirect("installations:request_step", pk=case.pk, step=step)


def _submit_step(request, case):
    context = _step_context(case, "envoi")
    form = SubmitForm(request.POST if request.method == "POST" else None)
    missing = None
    if request.method == "POST" and form.is_valid():
        # The transition's guards, run once on the locked case, say what is missing: the
        # page does not ask them a second time before (the submission's query budget).
        if not ratelimit.hit("case-submit", request.user.pk, SUBMISSIONS_PER_HOUR, 3600):
            return ratelimit.limited(request)
        try:
            workflow.transition(
                case,
                CaseStatus.SUBMITTED,
                by=request.user,
                consent=form.cleaned_data["consent"],
            )
        except workflow.GuardFailed as exc:
            missing = exc.messages
        except workflow.WorkflowError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Votre demande est envoyée. Merci !"))
            return redirect(case)
    if missing is None:
        # Consent is asked on this page: what is missing is what stops a submission with it.
        missing = workflow.problems(case, "submit", consent=True)
    return render(
        request,
        "installations/request_submit.html",
        {
            **context,
            "form": form,
            "missing": missing,
            **_summary(case),
        },
    )


def _summary(case):
    return {
        "wished_placements": list(case.wished_placements.select_related("commune"))
        if case.kind == CaseKind.PLACEMENT
        else [],
        "communes": list(case.wished_communes.all()),
        "epcis": list(case.wished_epcis.all()),
        "need_labels": [NEED_LABELS[n] for n in case.needs if n in NEED_LABELS],
        "setting_labels": [SETTING_LABELS[s] for s in case.wished_settings if s in SETTING_LABELS],
    }


@role_required(NEWCOMER)
def my_case(request):
    """One case opens itself; none leads to the request (where a newcomer lands when they
    sign in, see ``portal.wayfinding``)."""
    cases = list(
        Case.objects.visible_to(request.user)
        .select_related("profession", "desk")
        .order_by("-created_at")[:20]
    )
    if not cases:
        return redirect("installations:request_start")
    if len(cases) == 1:
        return redirect(cases[0])
    return render(request, "installations/my_cases.html", {"cases": cases})


MEDIAN_CACHE_SECONDS = 600


def _median_duration(desk_id, step):
    """``median_duration``, kept ten minutes in the cache: a median over the desk's last fifty
    cases barely moves, and every « Mon dossier » of the desk asks for it."""
    key = f"installations:median-duration:{desk_id}:{step}"
    cached = cache.get(key)
    if cached is None:
        cached = (median_duration(desk_id, step),)  # a tuple: « no median » is cached too
        cache.set(key, cached, MEDIAN_CACHE_SECONDS)
    return cached[0]


@role_required(NEWCOMER)
def case_detail(request, pk):
    case = get_case_for(request.user, pk)
    status = STATUS_TEXT[case.status]
    events = timeline_rows(
        case.events.public().select_related("actor").order_by("created_at", "pk")
    )
    steps = list(case.steps.select_related("template"))
    done = sum(1 for step in steps if step.done_at)
    return render(
        request,
        "installations/case_newcomer.html",
        {
            "case": case,
            "status": status,
            "duration": _median_duration(case.desk_id, status["step"]) if status["step"] else None,
            # Messages have their own thread on this page.
            "thread": [event for event in events if event.kind == EventKind.MESSAGE],
            "timeline": [event for event in events if event.kind != EventKind.MESSAGE],
            "steps": steps,
            "steps_done": done,
            "message_form": TextForm(),  # its POST redirects back: never shown bound here
            "message_field": blank_field(TextForm, "body"),
            "can_withdraw": any(
                t.name == "withdraw" for t in workflow.allowed_transitions(case, request.user)
            ),
            "can_resume": case.status == CaseStatus.ON_HOLD,
            "missing": workflow.problems(case, "submit") if case.is_draft else [],
            "resume_step": resume_step(case) if case.is_draft else None,
            "invitations": list(Invitation.objects.for_user(request.user)),
            "simulator_url": simulator_url(profile_for_case(case)) if case.profession_id else "",
            "interested_vacancies": interested_vacancies(case),
            "panels": panels.load_panels(panels.Page.NEWCOMER, case, request),
            **_summary(case),
        },
    )


@role_required(NEWCOMER)
@require_POST
def post_message(request, pk):
    case = get_case_for(request.user, pk)
    form = TextForm(request.POST)
    if not ratelimit.hit("case-message", request.user.pk, MESSAGES_PER_10_MINUTES, 600):
        return ratelimit.limited(request)
    if form.is_valid():
        try:
            services.post_message(case, by=request.user, body=form.cleaned_data["body"])
        except services.CaseError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Message envoyé."))
    else:
        messages.error(request, " ".join(form.errors["body"]))
    return redirect(reverse("installations:case", kwargs={"pk": case.pk}) + "#messages")


@role_required(NEWCOMER)
def withdraw(request, pk):
    case = get_case_for(request.user, pk)
    if not case.is_open:
        messages.info(request, _("Ce dossier n'est plus en cours."))
        return redirect(case)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.transition(
                case, CaseStatus.WITHDRAWN, by=request.user, reason=form.cleaned_data["reason"]
            )
        except workflow.WorkflowError as exc:
            messages.error(request, " ".join(str(m) for m in exc.messages))
        else:
            messages.success(request, _("Votre demande est retirée."))
        return redirect(case)
    return render(request, "installations/withdraw.html", {"case": case, "form": form})


@role_required(NEWCOMER)
@require_POST
def resume(request, pk):
    case = get_case_for(request.user, pk)
    try:
        workflow.transition(case, CaseStatus.IN_PROGRESS, by=request.user)
    except workflow.WorkflowError as exc:
        messages.error(request, " ".join(str(m) for m in exc.messages))
    else:
        messages.success(request, _("Votre référent est prévenu : l'accompagnement reprend."))
    return redirect(case)


@role_required(NEWCOMER)
@require_POST
def vacancy_interest(request, vacancy_pk):
    # An offer without a structure (a practice, premises) is as reachable as a published
    # structure's; express_interest then refuses anything no longer open.
    vacancy = get_object_or_404(
        Vacancy.objects.filter(Q(structure__isnull=True) | Q(structure__published=True)),
        pk=vacancy_pk,
    )
    try:
        case = services.express_interest(user=request.user, vacancy=vacancy)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("structures:vacancies")
    if case is None:
        messages.info(
            request,
            _("Déposez d'abord votre demande : le poste y sera ajouté quand vous le signalerez."),
        )
        return redirect("installations:request_start")
    messages.success(request, _("Le poste est ajouté à votre dossier : votre référent le verra."))
    return redirect(case)


@require_GET
def commune_suggestions(request):
    """Autocomplete among covered communes, most populous first, 10 at most:
    [{"label": "Figeac (46100)", ...}], the label being what the commune field reads back."""
    text = request.GET.get("q", "").strip()
    if len(text) < 2:
        return JsonResponse({"results": []})
    communes = list(
        Commune.objects.covered()
        .search(text)
        .select_related("department")
        .order_by("-population", "name")[:10]
    )
    labels = commune_labels(communes)
    return JsonResponse(
        {
            "results": [
                {
                    "label": labels[c.insee_code],
                    "postal_codes": c.postal_codes,
                    "department": c.department.name,
                }
                for c in communes
            ]
        }
    )
