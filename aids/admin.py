from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aids.enums import CareerStage, Discipline, Funder, Sector
from aids.models import Scheme
from portal.admin_scope import ScopedModelAdmin
from structures.models import PracticeMode
from territories.models import Desk


class ChoiceListField(forms.MultipleChoiceField):
    """Edits a JSON list of choices with checkboxes."""

    def __init__(self, *, choices, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=choices, widget=forms.CheckboxSelectMultiple, **kwargs)


class SchemeAdminForm(forms.ModelForm):
    cofunders = ChoiceListField(choices=Funder.choices, label=_("autres financeurs"))
    career_stages = ChoiceListField(
        choices=CareerStage.choices,
        label=_("situations concernées"),
        help_text=_("Aucune : toutes les situations."),
    )
    practice_modes = ChoiceListField(
        choices=PracticeMode.choices,
        label=_("modes d'exercice"),
        help_text=_("Aucun : tous les modes d'exercice."),
    )
    sectors = ChoiceListField(
        choices=Sector.choices,
        label=_("secteurs conventionnels"),
        help_text=_("Aucun : tous les secteurs."),
    )
    disciplines = ChoiceListField(
        choices=Discipline.choices,
        label=_("filières d'études"),
        help_text=_("Aucune : toutes les filières."),
    )
    zoning_values = ChoiceListField(
        choices=[(value, value) for value in ["ZIP", "ZAC", "ZAR", "FRR", "FRR+", "hors"]],
        label=_("classes de zonage acceptées"),
        help_text=_("ZIP, ZAC, ZAR pour un zonage ARS ; FRR, FRR+ pour la couche rurale."),
    )

    class Meta:
        model = Scheme
        # the rest: fieldsets
        fields = [
            "cofunders",
            "career_stages",
            "practice_modes",
            "sectors",
            "disciplines",
            "zoning_values",
        ]


class InForceFilter(admin.SimpleListFilter):
    title = _("en vigueur")
    parameter_name = "en_vigueur"

    def lookups(self, request, model_admin):
        return [("oui", _("en vigueur")), ("non", _("plus (ou pas encore) en vigueur"))]

    def queryset(self, request, queryset):
        in_force = Scheme.objects.in_force().values("pk")
        if self.value() == "oui":
            return queryset.filter(pk__in=in_force)
        if self.value() == "non":
            return queryset.exclude(pk__in=in_force)
        return queryset


@admin.register(Scheme)
class SchemeAdmin(ScopedModelAdmin):
    form = SchemeAdminForm
    list_display = [
        "name",
        "funder",
        "kind",
        "territory_level",
        "in_force",
        "published",
        "last_verified",
    ]
    list_filter = ["published", InForceFilter, "funder", "kind", "territory_level"]
    list_select_related = ["department", "epci"]
    search_fields = ["name", "short_name", "code", "summary"]
    prepopulated_fields = {"slug": ["name"], "code": ["name"]}
    filter_horizontal = ["professions"]
    autocomplete_fields = ["replaced_by"]
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "short_name",
                    "code",
                    "slug",
                    "funder",
                    "cofunders",
                    "kind",
                    "category",
                    "summary",
                ]
            },
        ),
        (
            _("Montant et engagements"),
            {
                "fields": [
                    "amounts",
                    "amount_text",
                    "amount_max",
                    "amount_period",
                    "duration",
                    "commitments",
                    "how_to_apply",
                    "official_url",
                    "contact",
                ]
            },
        ),
        (
            _("Territoire et validité"),
            {
                "fields": [
                    "territory_level",
                    "region_code",
                    "department",
                    "epci",
                    "valid_from",
                    "valid_until",
                    "replaced_by",
                ]
            },
        ),
        (
            _("Conditions d'éligibilité"),
            {
                "fields": [
                    "professions",
                    "career_stages",
                    "max_years_installed",
                    "practice_modes",
                    "first_installation",
                    "sectors",
                    "disciplines",
                    "cycles",
                    "internship_far",
                    "zoning_kind",
                    "zoning_values",
                    "ten_year_counted_from",
                    "no_other_aid_years",
                    "to_confirm",
                    "other_conditions",
                ]
            },
        ),
        (
            _("Source et publication"),
            {
                "fields": [
                    "sources",
                    "source",
                    "source_url",
                    "last_verified",
                    "published",
                    "desk",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(boolean=True, description=_("en vigueur"))
    def in_force(self, obj):
        return obj.is_in_force(timezone.localdate())

    def save_model(self, request, obj, form, change):
        if obj.desk_id is None:
            obj.desk = Desk.objects.of_user(request.user).first()
        super().save_model(request, obj, form, change)
