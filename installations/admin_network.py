"""Admin of housing, ambassadors and the hotline log. Staff see and edit only their desk's
rows (the desk covering the object's commune, or the case's desk)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from installations import hotline, housing
from installations.models import (
    Ambassador,
    Case,
    HotlineRecord,
    HousingAllocation,
    HousingOffer,
    HousingPeriod,
    HousingRequest,
    Introduction,
)
from installations.models.ambassadors import Topic
from installations.models.housing import HousingRequestStatus
from structures.models import desk_communes_of
from territories.models import Desk


class CommuneScopedAdmin(admin.ModelAdmin):
    show_full_result_count = False

    def get_queryset(self, request):
        return self.model.objects.visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        communes = desk_communes_of(request.user)
        if db_field.name == "commune" and communes is not None:
            kwargs["queryset"] = communes.order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# --- Housing ---------------------------------------------------------------------------------
class HousingPeriodInline(admin.TabularInline):
    model = HousingPeriod
    extra = 1
    fields = ["label", "starts_on", "ends_on", "capacity", "monthly_price", "taken"]
    readonly_fields = ["taken"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_taken()

    @admin.display(description=_("places attribuées"))
    def taken(self, period):
        return getattr(period, "taken", 0) if period.pk else "—"


@admin.register(HousingOffer)
class HousingOfferAdmin(CommuneScopedAdmin):
    list_display = ["name", "kind", "commune", "is_active"]
    list_filter = ["kind", "is_active"]
    list_select_related = ["commune"]
    search_fields = ["name", "commune__name"]
    inlines = [HousingPeriodInline]
    raw_id_fields = ["structure"]


class AllocateForm(forms.Form):
    def __init__(self, *args, requests, **kwargs):
        super().__init__(*args, **kwargs)
        for item in requests:
            choices = [("", _("— Ne pas attribuer —"))] + [
                (
                    str(period.pk),
                    _("%(offer)s — %(period)s (%(free)s place(s) libre(s) sur %(capacity)s)")
                    % {
                        "offer": period.offer.name,
                        "period": period.label,
                        "free": max(0, period.capacity - period.taken),
                        "capacity": period.capacity,
                    },
                )
                for period in housing.periods_for(item)
            ]
            self.fields[f"period_{item.pk}"] = forms.ChoiceField(
                label=(
                    f"{item.case.applicant_name} — "
                    f"{item.starts_on:%d/%m/%Y} → {item.ends_on:%d/%m/%Y}"
                ),
                choices=choices,
                required=False,
                help_text=_("Souhaité : %(offer)s") % {"offer": item.wished_offer.name}
                if item.wished_offer
                else "",
            )


@admin.register(HousingRequest)
class HousingRequestAdmin(admin.ModelAdmin):
    list_display = ["case", "applicant", "starts_on", "ends_on", "wished_offer", "status", "place"]
    list_filter = ["status", "wished_offer"]
    list_select_related = [
        "case",
        "case__applicant",
        "wished_offer",
        "allocation__period__offer",
    ]
    search_fields = ["case__reference", "case__last_name", "case__first_name"]
    date_hierarchy = "starts_on"
    show_full_result_count = False
    actions = ["allocate", "mark_declined"]
    readonly_fields = ["case", "status", "created_at"]
    fields = ["case", "starts_on", "ends_on", "wished_offer", "notes", "status", "created_at"]

    def get_queryset(self, request):
        return HousingRequest.objects.visible_to(request.user)

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("demandeur"))
    def applicant(self, item):
        return item.case.applicant_name

    @admin.display(description=_("logement attribué"))
    def place(self, item):
        allocation = getattr(item, "allocation", None) if item.status == "allocated" else None
        if allocation is None:
            return "—"
        return f"{allocation.period.offer.name}, {allocation.period.label} (n° {allocation.place})"

    @admin.action(description=_("Attribuer un logement"))
    def allocate(self, request, queryset):
        requests = list(
            queryset.filter(status=HousingRequestStatus.PENDING).select_related(
                "case", "wished_offer"
            )[:30]
        )
        if not requests:
            self.message_user(
                request, _("Aucune demande en attente dans la sélection."), messages.WARNING
            )
            return None
        form = AllocateForm(request.POST if "apply" in request.POST else None, requests=requests)
        if "apply" in request.POST and form.is_valid():
            periods = HousingPeriod.objects.visible_to(request.user)
            done = 0
            for item in requests:
                chosen = form.cleaned_data.get(f"period_{item.pk}")
                if not chosen:
                    continue
                period = periods.filter(pk=chosen).first()
                if period is None:
                    continue
                try:
                    housing.allocate(item, period, by=request.user)
                    done += 1
                except housing.HousingError as exc:
                    self.message_user(request, f"{item.case} : {exc.message}", messages.ERROR)
            if done:
                self.message_user(
                    request,
                    ngettext("%(n)d logement attribué.", "%(n)d logements attribués.", done)
                    % {"n": done},
                    messages.SUCCESS,
                )
            return None
        return render(
            request,
            "installations/students/admin_allocate.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Attribuer un logement"),
                "form": form,
                "requests": requests,
                "opts": self.model._meta,
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
                "action": "allocate",
            },
        )

    @admin.action(description=_("Marquer « sans solution »"))
    def mark_declined(self, request, queryset):
        count = 0
        for item in queryset.filter(status=HousingRequestStatus.PENDING).select_related("case"):
            housing.set_status(item, HousingRequestStatus.DECLINED, by=request.user)
            count += 1
        self.message_user(request, _("%(n)d demande(s) mise(s) à jour.") % {"n": count})


@admin.register(HousingAllocation)
class HousingAllocationAdmin(admin.ModelAdmin):
    list_display = ["period", "place", "request", "allocated_by", "allocated_at"]
    list_select_related = ["period__offer", "request__case", "allocated_by"]
    list_filter = ["period__offer"]
    search_fields = ["request__case__reference", "request__case__last_name"]
    show_full_result_count = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(request__in=HousingRequest.objects.visible_to(request.user))
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- Ambassadors -----------------------------------------------------------------------------
class AmbassadorAdminForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("sujets"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Ambassador
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "kind",
            "profession",
            "commune",
            "topics",
            "presentation",
            "approved",
            "is_active",
            "user",
        ]


@admin.register(Ambassador)
class AmbassadorAdmin(CommuneScopedAdmin):
    form = AmbassadorAdminForm
    list_display = [
        "__str__",
        "kind",
        "profession",
        "topic_list",
        "approved",
        "is_active",
        "consent_at",
    ]
    list_filter = ["approved", "is_active", "kind"]
    list_select_related = ["commune", "profession"]
    search_fields = ["first_name", "last_name", "email", "commune__name"]
    autocomplete_fields = ["commune"]
    raw_id_fields = ["user"]
    readonly_fields = ["consent_at", "created_at"]
    actions = ["approve"]

    @admin.display(description=_("sujets"))
    def topic_list(self, ambassador):
        return ", ".join(str(label) for label in ambassador.topic_labels)

    @admin.action(description=_("Valider les ambassadeurs sélectionnés"))
    def approve(self, request, queryset):
        count = queryset.filter(consent_at__isnull=False).update(approved=True)
        self.message_user(request, _("%(n)d ambassadeur(s) validé(s).") % {"n": count})


@admin.register(Introduction)
class IntroductionAdmin(admin.ModelAdmin):
    list_display = [
        "case",
        "ambassador",
        "newcomer_answer",
        "ambassador_answer",
        "introduced_at",
        "proposed_at",
    ]
    list_filter = ["newcomer_answer", "ambassador_answer"]
    list_select_related = ["case", "ambassador", "ambassador__commune"]
    search_fields = ["case__reference", "ambassador__last_name"]
    exclude = ["newcomer_token", "ambassador_token"]
    show_full_result_count = False

    def get_queryset(self, request):
        return Introduction.objects.filter(case__in=Case.objects.visible_to(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- Hotline ---------------------------------------------------------------------------------
class FollowUpFilter(admin.SimpleListFilter):
    title = _("suite à donner")
    parameter_name = "suite"

    def lookups(self, request, model_admin):
        return [("a-faire", _("À faire")), ("faite", _("Faite")), ("aucune", _("Aucune"))]

    def queryset(self, request, queryset):
        if self.value() == "a-faire":
            return queryset.needing_follow_up()
        if self.value() == "faite":
            return queryset.filter(follow_up_needed=True, follow_up_done=True)
        if self.value() == "aucune":
            return queryset.filter(follow_up_needed=False)
        return queryset


@admin.register(HotlineRecord)
class HotlineRecordAdmin(admin.ModelAdmin):
    """A form quick to fill during the call: the caller, the question, the answer."""

    list_display = [
        "received_at",
        "channel",
        "caller",
        "profession",
        "request_kind",
        "subject",
        "follow_up_needed",
        "follow_up_done",
        "case",
    ]
    list_filter = ["channel", FollowUpFilter, "request_kind", "profession"]
    list_select_related = ["profession", "case", "desk"]
    list_editable = ["follow_up_done"]
    search_fields = [
        "caller_last_name",
        "caller_first_name",
        "caller_email",
        "caller_phone",
        "subject",
        "answer",
        "case__reference",
    ]
    date_hierarchy = "received_at"
    show_full_result_count = False
    autocomplete_fields = ["case", "profession"]
    actions = ["make_draft_case"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("received_at", "channel"),
                    ("caller_first_name", "caller_last_name"),
                    ("caller_email", "caller_phone"),
                    ("profession", "request_kind"),
                    "subject",
                    "answer",
                    ("follow_up_needed", "follow_up_done"),
                    "case",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        return HotlineRecord.objects.visible_to(request.user)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return [(None, {"fields": ["desk", *fieldsets[0][1]["fields"]]})]
        return fieldsets

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        if not obj.desk_id:
            obj.desk = Desk.objects.of_user(request.user).first()
        super().save_model(request, obj, form, change)

    def has_add_permission(self, request):
        return request.user.is_superuser or Desk.objects.of_user(request.user).exists()

    @admin.display(description=_("appelant"), ordering="caller_last_name")
    def caller(self, record):
        return record.caller_name or "—"

    @admin.action(description=_("Transformer en brouillon de dossier pour l'appelant"))
    def make_draft_case(self, request, queryset):
        records = list(queryset.select_related("desk", "profession")[:20])
        made = 0
        for record in records:
            try:
                hotline.to_draft_case(record, by=request.user)
                made += 1
            except hotline.HotlineError as exc:
                self.message_user(request, f"{record} : {exc.message}", messages.ERROR)
        if made:
            self.message_user(
                request,
                ngettext(
                    "%(n)d brouillon préparé : l'appelant a reçu un e-mail pour le compléter.",
                    "%(n)d brouillons préparés : chaque appelant a reçu un e-mail.",
                    made,
                )
                % {"n": made},
                messages.SUCCESS,
            )
        if len(records) == 1 and made:
            return redirect("admin:installations_hotlinerecord_change", records[0].pk)
        return None


# --- The case list: filter by kind and origin, and see the placement fields ----------------------
def _extend_case_admin():
    from installations.admin import CaseAdmin

    CaseAdmin.list_filter = [*CaseAdmin.list_filter, "kind", "origin"]
    CaseAdmin.fieldsets = [
        *CaseAdmin.fieldsets,
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
    CaseAdmin.raw_id_fields = [*getattr(CaseAdmin, "raw_id_fields", []), "placement_site"]
    CaseAdmin.filter_horizontal = [
        *getattr(CaseAdmin, "filter_horizontal", []),
        "wished_placements",
    ]

    from installations.admin import StepTemplateAdmin

    StepTemplateAdmin.list_display = [*StepTemplateAdmin.list_display, "case_kind"]
    StepTemplateAdmin.list_filter = [*StepTemplateAdmin.list_filter, "case_kind"]


_extend_case_admin()
