"""Admin of the partners: each desk's staff keep their partners and named contacts; the
requests are written by the case pages (read here, closable); the link's access log is the
superusers'."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from installations.enums import Need
from installations.models import StepTemplate
from partners.models import Partner, PartnerAccess, PartnerContact, PartnerMessage, PartnerRequest
from portal.admin_scope import ScopedInline, ScopedModelAdmin


def step_code_choices():
    return [
        (code, f"{title} ({code})")
        for code, title in StepTemplate.objects.filter(code__isnull=False, is_active=True)
        .order_by("position", "code")
        .values_list("code", "title")
    ]


class PartnerAdminForm(forms.ModelForm):
    step_codes = forms.MultipleChoiceField(
        label=_("démarches traitées"),
        choices=step_code_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Le partenaire est proposé quand un référent le sollicite pour ces démarches."),
    )
    needs = forms.MultipleChoiceField(
        label=_("besoins traités"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Partner
        fields = ["desk", "name", "kind", "step_codes", "needs", "website", "is_active"]


class PartnerContactInline(ScopedInline, admin.TabularInline):
    model = PartnerContact
    extra = 1
    fields = [
        "name",
        "role",
        "email",
        "phone",
        "is_primary",
        "absent_from",
        "absent_until",
        "is_active",
    ]


@admin.register(Partner)
class PartnerAdmin(ScopedModelAdmin):
    form = PartnerAdminForm
    inlines = [PartnerContactInline]
    list_display = ["name", "kind", "desk", "is_active"]
    list_filter = ["kind", "is_active", "desk"]
    list_select_related = ["desk"]
    search_fields = ["name", "contacts__name", "contacts__email"]


class PartnerMessageInline(ScopedInline, admin.TabularInline):
    model = PartnerMessage
    extra = 0
    fields = ["created_at", "author", "author_name", "body"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PartnerRequest)
class PartnerRequestAdmin(ScopedModelAdmin):
    """Written by the case pages; the desk may close a request, nothing else."""

    inlines = [PartnerMessageInline]
    list_display = ["case", "partner", "contact", "status", "due_on", "created_at"]
    list_filter = ["status", "public", "partner"]
    list_select_related = ["case", "partner", "contact"]
    search_fields = ["case__reference", "partner__name", "contact__name"]
    date_hierarchy = "created_at"
    exclude = ["token_secret"]
    readonly_fields = [
        "case",
        "partner",
        "contact",
        "step",
        "need",
        "question",
        "context",
        "due_on",
        "public",
        "created_by",
        "created_at",
        "first_answer_at",
        "expires_at",
        "revoked_at",
        "partner_reminded_on",
        "referent_warned_on",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(PartnerAccess)
class PartnerAccessAdmin(ScopedModelAdmin):
    """Every opening of a partner's link (superusers only: ``portal.backends``)."""

    list_display = ["at", "action", "request", "ip"]
    list_filter = ["action"]
    list_select_related = ["request", "request__case", "request__partner"]
    readonly_fields = ["request", "at", "action", "ip"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


from partners import admin_sessions  # noqa: E402, F401  (the single appointment)
