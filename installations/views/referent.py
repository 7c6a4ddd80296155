"""The referent's workspace « Mes dossiers » and case page."""

import dataclasses
import hashlib
from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import F, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aids.eligibility import assess, profile_for_case, profile_query
from installations import panels, services, workflow
from installations.enums import CaseStatus, EventKind
from installations.filters import ReferentCaseFilter
from installations.forms import (
    MessageToApplicantForm,
    NextActionForm,
    NoteForm,
    TransitionForm,
)
from installations.models import Case
from installations.views.common import (
    blank_field,
    fields_html,
    get_case_for,
    interested_vacancies,
    timeline_rows,
)
from installations.views.newcomer import MESSAGES_PER_10_MINUTES, _summary
from portal import access_log, pagecache, ratelimit
from portal.choices import choice_labels
from portal.decorators import role_required
from portal.models import AccessAction
from portal.pagination import paginate, query_without_page
from portal.reversing import per_row
from portal.roles import SUPERUSER, Role

REFERENT_ROLES = (Role.REFERENT, SUPERUSER)
PAGE_SIZE = 25
# The case page shows many forms at once: each has its prefix, so that no two fields share
# an id (a label would otherwise focus another form's box), and its POST reads the same.
NOTE_PREFIX = "note"
MESSAGE_PREFIX = "message"
NEXT_ACTION_PREFIX = "next"
WORKSPACE_COLUMNS = (
    "reference",
    "status",
    "first_name",
    "last_name",
    "next_action_on",
    "last_activity_at",
    "applicant__email",
    "profession__label",
)
ASSESSMENT_DATA = ("aids", "structures", "territories")
ASSESSMENT_CACHE_SECONDS = 24 * 3600


@role_required(*REFERENT_ROLES)
def workspace(request):
    queryset = (
        Case.objects.visible_to(request.user)
        .exclude(status="draft")
        .select_related("applicant", "profession")
        # Only what a row shows: a narrow sort of the referent's cases, then 25 rows.
        .only(*WORKSPACE_COLUMNS)
        .with_overdue_flag()
        .order_by(F("next_action_on").asc(nulls_last=True), "-last_activity_at", "pk")
    )
    case_filter = ReferentCaseFilter(request.GET or None, queryset=queryset)
    page, page_range = paginate(request, case_filter.qs, PAGE_SIZE)
    page.object_list = list(page.object_list)
    statuses = choice_labels(CaseStatus)
    case_url = per_row("installations:referent_case")
    for case in page.object_list:
        case.status_label = statuses.get(case.status, case.status)
        case.page_url = case_url(case.pk)
    form = case_filter.form
    for field in form.fields.values():
        if hasattr(field.widget, "choices"):
            # The options read once, as fields_html keys on them (the professions: one query,
            # iterated rather than counted first).
            field.widget.choices = list(iter(field.choices))
    return render(
        request,
        "installations/workspace.html",
        {
            "filter_fields": fields_html(form, list(form.fields)),
            "page": page,
            "page_range": page_range,
            "query": query_without_page(request),
        },
    )


def _case_page(request, case, transition_form=None, open_transition=None):
    allowed = workflow.allowed_transitions(case, request.user)
    # Only the transition the referent opened (``?action=<name>``, or the one whose POST
    # failed, with its errors and what was typed) renders its form; the others are links.
    if open_transition is None:
        open_transition = request.GET.get("action")
    opened = next((rule for rule in allowed if rule.name == open_transition), None)
    if opened is None:
        open_transition = None
    elif transition_form is None:
        prefetch_related_objects([case], "wished_communes")  # read by the form
        transition_form = TransitionForm(
            case=case, transition=opened.name, public=opened.body_public, prefix=opened.name
        )
    events = timeline_rows(case.events.select_related("actor").order_by("created_at", "pk"))
    steps = list(case.steps.select_related("done_by", "template"))
    return render(
        request,
        "installations/case_referent.html",
        {
            "case": case,
            "timeline": events,
            "thread": [event for event in events if event.kind == EventKind.MESSAGE],
            "steps": steps,
            "steps_done": sum(1 for step in steps if step.done_at),
            "transitions": allowed,
            "transition_form": transition_form,
            "open_transition": open_transition,
            # Never shown bound (their POST redirects back): written once per process.
            "note_field": blank_field(NoteForm, "body", NOTE_PREFIX),
            "message_field": blank_field(MessageToApplicantForm, "body", MESSAGE_PREFIX),
            "next_action_field": fields_html(
                NextActionForm(
                    prefix=NEXT_ACTION_PREFIX, initial={"next_action_on": case.next_action_on}
                ),
                ("next_action_on",),
            ),
            "assessment": _assessment(case),
            "assessment_key": _assessment_key(case),
            "interested_vacancies": interested_vacancies(case),
            "panels": panels.load_panels(panels.Page.REFERENT, case, request),
            **_summary(case),
        },
    )


def _assessment_key(case):
    """The rendered aid assessment is cached under the case's profile (what the simulator's
    URL carries, its commune by INSEE code: the simulator's reference for it costs a query),
    today's date and the versions of the data it reads: any change to the case's profile, to
    an aid, a structure or a zoning shows at once."""
    if not case.profession_id or not pagecache.enabled():
        return None
    profile = profile_for_case(case)
    commune = profile.commune.insee_code if profile.commune else ""
    query = profile_query(dataclasses.replace(profile, commune=None))
    profile = urlencode(sorted([*query.items(), ("commune", commune)]))
    parts = [profile, timezone.localdate().isoformat(), *pagecache.versions(ASSESSMENT_DATA)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class _LazyAssessment:
    """Computed (5 queries) only when the cached fragment is missing and the template
    renders it."""

    def __init__(self, case):
        self.case = case
        self._value = None

    def __bool__(self):
        return bool(self.case.profession_id)

    def __getattr__(self, name):
        if self._value is None:
            self._value = assess(profile_for_case(self.case))
        return getattr(self._value, name)


def _assessment(case):
    """The same aid assessment as the simulator's, for the case's profile."""
    return _LazyAssessment(case) if case.profession_id else None


@role_required(*REFERENT_ROLES)
def case_page(request, pk):
    case = get_case_for(request.user, pk)
    access_log.record(
        request,
        AccessAction.CASE_READ,
        case,
        label=str(case.reference or case.pk),
        desk_id=case.desk_id,
    )
    return _case_page(request, case)


def _back(case, anchor=""):
    return redirect(reverse("installations:referent_case", kwargs={"pk": case.pk}) + anchor)


@role_required(*REFERENT_ROLES)
@require_POST
def add_note(request, pk):
    case = get_case_for(request.user, pk)
    form = NoteForm(request.POST, prefix=NOTE_PREFIX)
    if form.is_valid():
        services.add_note(case, by=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Note ajoutée."))
    else:
        messages.error(request, " ".join(form.errors["body"]))
    return _back(case, "#historique")


@role_required(*REFERENT_ROLES)
@require_POST
def post_message(request, pk):
    case = get_case_for(request.user, pk)
    if not ratelimit.hit("case-message", request.user.pk, MESSAGES_PER_10_MINUTES, 600):
        return ratelimit.limited(request)
    form = MessageToApplicantForm(request.POST, prefix=MESSAGE_PREFIX)
    if form.is_valid():
        services.post_message(case, by=request.user, body=form.cleaned_data["body"])
        messages.success(request, _("Message envoyé au demandeur."))
    else:
        messages.error(request, " ".join(form.errors["body"]))
    return _back(case, "#messages")


@role_required(*REFERENT_ROLES)
@require_POST
def set_next_action(request, pk):
    case = get_case_for(request.user, pk)
    form = NextActionForm(request.POST, prefix=NEXT_ACTION_PREFIX)
    if form.is_valid():
        services.set_next_action(case, by=request.user, on=form.cleaned_data["next_action_on"])
        messages.success(request, _("Prochaine action enregistrée."))
    else:
        messages.error(request, _("Date non reconnue."))
    return _back(case)


@role_required(*REFERENT_ROLES)
@require_POST
def toggle_step(request, pk, step_pk):
    case = get_case_for(request.user, pk)
    step = get_object_or_404(case.steps, pk=step_pk)
    done = request.POST.get("done") == "1"
    services.set_step_done(case, step, by=request.user, done=done)
    return _back(case, "#demarches")


@role_required(*REFERENT_ROLES)
@require_POST
def fire_transition(request, pk, name):
    case = get_case_for(request.user, pk)
    rule = workflow.BY_NAME.get(name)
    if rule is None:
        raise Http404
    form = TransitionForm(
        request.POST, case=case, transition=name, public=rule.body_public, prefix=name
    )
    if not form.is_valid():
        return _case_page(request, case, transition_form=form, open_transition=name)
    try:
        workflow.transition(
            case,
            rule.target,
            by=request.user,
            name=name,
            expected_version=form.cleaned_data["version"],
            **form.details(),
        )
    except workflow.StaleCase as exc:
        messages.error(request, exc.messages[0])
        return _back(case)
    except workflow.WorkflowError as exc:
        # A guard names the input it refuses: the error goes beside it (and the summary
        # links to it) when this transition's form shows that input.
        codes = getattr(exc, "codes", [None] * len(exc.messages))
        for message, code in zip(exc.messages, codes, strict=True):
            form.add_error(code if code in rule.fields else None, message)
        return _case_page(request, case, transition_form=form, open_transition=name)
    messages.success(
        request,
        _("Dossier mis à jour : %(status)s.")
        % {"status": Case.objects.get(pk=case.pk).get_status_display()},
    )
    return _back(case)
