"""Admin of the cases: the list staff triage, the assignment and the refusal."""

from functools import lru_cache

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext, override
from django.utils.translation import gettext_lazy as _

from installations import workflow
from installations.admin.case_list import SubmittedFilter, search_q
from installations.enums import REFERENT_LOAD_STATES, CaseStatus
from installations.filters import (
    absent_referent_q,
    arrived_this_month_q,
    installed_this_month_q,
)
from installations.models import Case, CaseEvent, Referent, ReminderRule
from installations.routing import suggest_referents
from portal import access_log
from portal.admin_actions import applied, render_action_page, shown_version
from portal.admin_scope import ScopedInline, ScopedModelAdmin
from portal.csv import csv_response
from portal.models import AccessAction
from territories.models import Commune

# The list's status column: a word or two (the full label shows on hover).
SHORT_STATUS = {
    CaseStatus.DRAFT: _("brouillon"),
    CaseStatus.SUBMITTED: _("à attribuer"),
    CaseStatus.ASSIGNED: _("attribué"),
    CaseStatus.IN_PROGRESS: _("en cours"),
    CaseStatus.ON_HOLD: _("en pause"),
    CaseStatus.INSTALLED: _("installé·e"),
    CaseStatus.CLOSED: _("clos"),
    CaseStatus.DECLINED: _("décliné"),
    CaseStatus.WITHDRAWN: _("retiré"),
}


@lru_cache(maxsize=8)
def status_labels(language):
    """``{status: (label, short label)}`` in ``language``, translated once: a status's label
    read row by row (``get_status_display``) translates all nine labels each time."""
    with override(language):
        return {
            status: (str(status.label), str(SHORT_STATUS.get(status, status.label)))
            for status in CaseStatus
        }


class OverdueFilter(admin.SimpleListFilter):
    """Late as the reminders see it: each desk's service level (``Case.objects.late_q``)."""

    title = _("retard")
    parameter_name = "retard"

    def lookups(self, request, model_admin):
        return [("oui", _("En retard")), ("non", _("Dans les temps"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.overdue()
        if self.value() == "non":
            return queryset.on_time()
        return queryset


class ReferentFilter(admin.SimpleListFilter):
    title = _("référent")
    parameter_name = "referent"

    def lookups(self, request, model_admin):
        referents = Referent.objects.visible_to(request.user).select_related("user")
        today = timezone.localdate()
        return [("aucun", _("Aucun"))] + [
            (str(r.user_id), f"{r.user}" + (f" ({_('absent')})" if r.is_absent(today) else ""))
            for r in referents.order_by("user__last_name")
        ]

    def queryset(self, request, queryset):
        if self.value() == "aucun":
            return queryset.filter(referent__isnull=True)
        if self.value():
            return queryset.filter(referent_id=self.value())
        return queryset


class AbsentReferentFilter(admin.SimpleListFilter):
    title = _("référent absent")
    parameter_name = "referent_absent"

    def lookups(self, request, model_admin):
        return [("oui", _("Référent absent en ce moment"))]

    def queryset(self, request, queryset):
        if self.value() == "oui":
            return queryset.filter(absent_referent_q())
        return queryset


class LateRuleFilter(admin.SimpleListFilter):
    """Late for one service-level rule (``Case.objects.late``), as the desk dashboard counts."""

    title = _("retard par engagement")
    parameter_name = "retard_engagement"
    rules = {
        ReminderRule.TRIAGE: _("Attribution en retard"),
        ReminderRule.FIRST_CONTACT: _("Premier contact en retard"),
        ReminderRule.IDLE: _("Sans activité trop longtemps"),
        ReminderRule.WAKE: _("Fin de pause dépassée"),
    }

    def lookups(self, request, model_admin):
        return [(str(rule.value), label) for rule, label in self.rules.items()]

    def queryset(self, request, queryset):
        if self.value() in {rule.value for rule in self.rules}:
            return queryset.late(ReminderRule(self.value()))
        return queryset


class FollowedFilter(admin.SimpleListFilter):
    """The cases a referent is following: what counts in their load against their capacity."""

    title = _("suivi")
    parameter_name = "suivi"

    def lookups(self, request, model_admin):
        return [("en_cours", _("Suivi par un référent (attribué, en cours, en pause)"))]

    def queryset(self, request, queryset):
        if self.value() == "en_cours":
            return queryset.filter(status__in=REFERENT_LOAD_STATES)
        return queryset


class ThisMonthFilter(admin.SimpleListFilter):
    """This month's arrivals and installations, as the desk dashboard defines them."""

    title = _("ce mois-ci")
    parameter_name = "ce_mois"

    def lookups(self, request, model_admin):
        return [
            ("arrivees", _("Demandes envoyées ce mois-ci")),
            ("installations", _("Installations enregistrées ce mois-ci")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "arrivees":
            return queryset.filter(arrived_this_month_q())
        if self.value() == "installations":
            return queryset.filter(installed_this_month_q())
        return queryset


class CaseEventInline(ScopedInline, admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    fields = ["created_at", "kind", "actor", "from_status", "to_status", "body", "is_public"]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]
    verbose_name_plural = _("historique")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class AssignForm(forms.Form):
    def __init__(self, *args, cases, referents, **kwargs):
        super().__init__(*args, **kwargs)
        self.cases = cases
        self.suggestions = suggest_referents(cases)
        for case in cases:
            suggestion = self.suggestions[case.pk]
            choices = [("", _("— Choisir —"))] + [
                (str(r.user_id), str(r.user))
                for r in referents
                if r.user.desk_membership.desk_id == case.desk_id
            ]
            self.fields[f"referent_{case.pk}"] = forms.ChoiceField(
                label=f"{case.reference} — {case.applicant_name}",
                choices=choices,
                required=False,
                initial=str(suggestion.referent.pk) if suggestion.referent else "",
                help_text=suggestion.reason,
            )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif communiqué au demandeur"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        error_messages={"required": _("Le motif est obligatoire.")},
    )


@admin.register(Case)
class CaseAdmin(ScopedModelAdmin):
    # Nine columns fit a 1,280 px screen beside the filters: applicant and profession share
    # one, statuses and dates are short, « en retard » is a word (css/admin-cases.css).
    list_display = [
        "reference",
        "applicant_and_profession",
        "wished_territory",
        "short_status",
        "referent",
        "age",
        "last_activity",
        "overdue_flag",
    ]
    list_filter = [
        "status",
        "desk",
        "profession",
        ReferentFilter,
        OverdueFilter,
        LateRuleFilter,
        FollowedFilter,
        AbsentReferentFilter,
        ThisMonthFilter,
        SubmittedFilter,
        "kind",
        "origin",
    ]
    # What the rows show (no desk: each join more costs PostgreSQL ~2 ms to plan the page).
    list_select_related = ["applicant", "profession", "referent"]
    # A prefix search, indexed, with no join (installations/admin/case_list.py): the fields
    # below only show the search box, ``get_search_results`` does the searching.
    search_fields = ["^reference", "^last_name", "^first_name"]
    search_help_text = _(
        "Le début de la référence, du nom, du prénom ou de l'adresse e-mail, le numéro du "
        "dossier, ou le nom d'une commune souhaitée."
    )
    # No date_hierarchy: it read the filtered cases twice more on every page (« envoyée »
    # filters the same dates, with no query).
    list_per_page = 50
    ordering = ["-submitted_at", "-pk"]
    actions = ["assign_referent", "decline", "export_csv"]
    inlines = [CaseEventInline]
    raw_id_fields = ["placement_site"]
    filter_horizontal = ["wished_placements"]
    readonly_fields = [
        "reference",
        "applicant",
        "desk",
        "referent",
        "status",
        "version",
        "created_at",
        "submitted_at",
        "assigned_at",
        "first_contact_at",
        "resume_on",
        "installed_on",
        "installed_commune",
        "installed_structure",
        "installed_mode",
        "professional",
        "closed_at",
        "last_activity_at",
        "consent_at",
        "wished_communes_list",
    ]
    fieldsets = [
        (
            _("Dossier"),
            {"fields": ["reference", "status", "desk", "referent", "applicant", "version"]},
        ),
        (
            _("Demandeur"),
            {"fields": ["civility", "first_name", "last_name", "phone", "contact_preference"]},
        ),
        (_("Profession"), {"fields": ["profession", "situation", "rpps"]}),
        (
            _("Projet"),
            {
                "fields": [
                    "wished_communes_list",
                    "wished_epcis",
                    "practice_mode",
                    "wished_settings",
                    "target_date",
                    "needs",
                    "needs_details",
                    "project_text",
                ]
            },
        ),
        (
            _("Dates"),
            {
                "fields": [
                    "created_at",
                    "submitted_at",
                    "assigned_at",
                    "first_contact_at",
                    "resume_on",
                    "next_action_on",
                    "last_activity_at",
                    "consent_at",
                    "closed_at",
                ]
            },
        ),
        (
            _("Installation"),
            {
                "fields": [
                    "installed_on",
                    "installed_commune",
                    "installed_structure",
                    "installed_mode",
                    "professional",
                ]
            },
        ),
        (
            _("Nature, origine et stage"),
            {
                "fields": [
                    ("kind", "origin"),
                    ("placement_level", "faculty", "study_year"),
                    ("placement_start", "placement_end", "housing_needed"),
                    "wished_placements",
                    "placement_site",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .with_overdue_flag()
            .prefetch_related(
                Prefetch("wished_communes", queryset=Commune.objects.only("insee_code", "name"))
            )
        )

    def get_search_results(self, request, queryset, search_term):
        condition = search_q(search_term, within=queryset)
        if condition is None:
            return queryset, False
        return queryset.filter(condition), False  # subqueries only: no row repeated

    def action_checkbox(self, case):
        # Django renders this box through a template, once per row: written here it is the
        # same markup for a fiftieth of the time.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            ACTION_CHECKBOX_NAME,
            case.pk,
            format_html(_("Select this object for an action - {}"), case),
        )

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if change and obj is not None and request.method == "GET":
            access_log.record(
                request,
                AccessAction.CASE_READ,
                obj,
                label=str(obj.reference or obj.pk),
                desk_id=obj.desk_id,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def has_add_permission(self, request):
        return False  # a case starts on the public form (or from a hotline call)

    class Media:
        css = {"all": ["css/admin-cases.css"]}

    def changelist_view(self, request, extra_context=None):
        # The list is the desk's worktable: at 1,280 px the table takes the width the admin's
        # side menu would (the breadcrumbs and the dashboard lead everywhere else).
        return super().changelist_view(
            request, {"is_nav_sidebar_enabled": False, **(extra_context or {})}
        )

    @admin.display(description=_("demandeur, profession"), ordering="last_name")
    def applicant_and_profession(self, case):
        return format_html(
            '{}<span class="case-profession">{}</span>',
            case.applicant_name,
            case.profession or "—",
        )

    @admin.display(description=_("statut"), ordering="status")
    def short_status(self, case):
        full, short = status_labels(get_language()).get(case.status, (case.status, case.status))
        return format_html('<span title="{}">{}</span>', full, short)

    @admin.display(description=_("territoire souhaité"))
    def wished_territory(self, case):
        names = [commune.name for commune in case.wished_communes.all()]
        if len(names) > 2:
            return f"{', '.join(names[:2])} (+{len(names) - 2})"
        return ", ".join(names) or "—"

    @admin.display(description=_("communes souhaitées"))
    def wished_communes_list(self, case):
        return ", ".join(c.name for c in case.wished_communes.all()) or "—"

    @admin.display(description=_("âge"), ordering="submitted_at")
    def age(self, case):
        if not case.submitted_at:
            return "—"
        days = (timezone.now() - case.submitted_at).days
        label = ngettext("%(days)d jour", "%(days)d jours", days) % {"days": days}
        return format_html('<span title="{}">{}</span>', label, _("%(days)d j") % {"days": days})

    @admin.display(description=_("dernière activité"), ordering="last_activity_at")
    def last_activity(self, case):
        moment = timezone.localtime(case.last_activity_at)
        return format_html(
            '<time datetime="{}" title="{}">{}</time>',
            moment.isoformat(timespec="seconds"),  # HTML takes no microseconds
            moment.strftime("%d/%m/%Y %H:%M"),
            moment.strftime("%d/%m/%y"),
        )

    @admin.display(description=_("retard"), ordering="is_overdue")
    def overdue_flag(self, case):
        if case.is_overdue:
            return format_html('<strong class="case-late">{}</strong>', _("en retard"))
        return ""

    # --- Actions ---------------------------------------------------------------------------
    @admin.action(description=_("Attribuer à un référent"))
    def assign_referent(self, request, queryset):
        cases = list(
            queryset.filter(status__in=[CaseStatus.SUBMITTED, CaseStatus.ASSIGNED])
            .select_related("desk")
            .prefetch_related("wished_communes", "wished_epcis")[:50]
        )
        if not cases:
            self.message_user(
                request, _("Aucun dossier à attribuer dans la sélection."), messages.WARNING
            )
            return None
        referents = list(
            Referent.objects.visible_to(request.user)
            .filter(user__desk_membership__desk__in={case.desk_id for case in cases})
            .select_related("user", "user__desk_membership")
        )
        form = AssignForm(applied(request), cases=cases, referents=referents)
        if form.is_bound and form.is_valid():
            users = {str(r.user_id): r.user for r in referents}
            done, problems = 0, []
            for case in cases:
                chosen = form.cleaned_data.get(f"referent_{case.pk}")
                if not chosen:
                    continue
                try:
                    workflow.transition(
                        case,
                        CaseStatus.ASSIGNED,
                        by=request.user,
                        expected_version=shown_version(request, case),
                        referent=users[chosen],
                    )
                    done += 1
                except workflow.WorkflowError as exc:
                    problems.append(f"{case.reference} : {exc}")
            if done:
                self.message_user(
                    request,
                    ngettext("%(count)d dossier attribué.", "%(count)d dossiers attribués.", done)
                    % {"count": done},
                    messages.SUCCESS,
                )
            for problem in problems:
                self.message_user(request, problem, messages.ERROR)
            return None
        return render_action_page(
            self,
            request,
            action="assign_referent",
            title=_("Attribuer à un référent"),
            objects=cases,
            form=form,
            submit=_("Attribuer"),
            intro=_(
                "Le référent proposé couvre le territoire souhaité, a les compétences demandées "
                "et le moins de dossiers en cours sous sa capacité ; les référents absents sont "
                "écartés. Vous pouvez en choisir un autre."
            ),
        )

    @admin.action(description=_("Décliner (motif obligatoire)"))
    def decline(self, request, queryset):
        cases = list(queryset.filter(status=CaseStatus.SUBMITTED)[:50])
        if not cases:
            self.message_user(
                request, _("Seules les demandes envoyées peuvent être déclinées."), messages.WARNING
            )
            return None
        form = DeclineForm(applied(request))
        if form.is_bound and form.is_valid():
            done = 0
            for case in cases:
                try:
                    workflow.transition(
                        case,
                        CaseStatus.DECLINED,
                        by=request.user,
                        expected_version=shown_version(request, case),
                        reason=form.cleaned_data["reason"],
                    )
                    done += 1
                except workflow.WorkflowError as exc:
                    self.message_user(request, f"{case.reference} : {exc}", messages.ERROR)
            self.message_user(
                request,
                ngettext("%(count)d demande déclinée.", "%(count)d demandes déclinées.", done)
                % {"count": done},
                messages.SUCCESS,
            )
            return None
        return render_action_page(
            self,
            request,
            action="decline",
            title=_("Décliner des demandes"),
            objects=cases,
            form=form,
            submit=_("Décliner"),
            intro=_(
                "Ces demandes seront déclinées et chaque demandeur recevra le motif par e-mail :"
            ),
            listed=[f"{case.reference} — {case.applicant_name}" for case in cases],
        )

    @admin.action(description=_("Exporter en CSV"))
    def export_csv(self, request, queryset):
        header = [
            "référence",
            "statut",
            "demandeur",
            "e-mail",
            "profession",
            "guichet",
            "référent",
            "communes souhaitées",
            "envoyé le",
            "dernière activité",
        ]
        cases = queryset.select_related("applicant", "profession", "desk", "referent")

        def rows():
            yield header
            for case in cases.order_by("pk").iterator(chunk_size=500):
                yield [
                    case.reference,
                    case.get_status_display(),
                    case.applicant_name,
                    case.applicant.email,
                    case.profession,
                    case.desk,
                    case.referent,
                    self.wished_communes_list(case),
                    case.submitted_at.strftime("%d/%m/%Y") if case.submitted_at else "",
                    timezone.localtime(case.last_activity_at).strftime("%d/%m/%Y %H:%M"),
                ]

        return csv_response(rows(), filename="dossiers.csv", streaming=True)
