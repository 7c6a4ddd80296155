"""Admin of the care offer: staff see and edit only the objects of their desk's communes."""

import csv

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from portal.admin_scope import ScopedInline, ScopedModelAdmin
from portal.csv import csv_response
from portal.formatting import count_fr
from structures.forms import StructureImportForm
from structures.importers import STRUCTURE_CSV_FIELDS, import_structures_csv, structure_csv_row
from structures.models import (
    Membership,
    Profession,
    Professional,
    Structure,
    Vacancy,
    VacancySubscription,
)
from territories.models import desk_communes_of


class OfferAdmin(ScopedModelAdmin):
    """Places of the care offer: web addresses typed without a scheme are https."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Profession)
class ProfessionAdmin(ScopedModelAdmin):
    """The nomenclature every desk shares: only superusers change it (``portal.backends``)."""

    list_display = ["label", "code", "kind", "parent", "position"]
    list_filter = ["kind"]
    list_select_related = ["parent"]
    search_fields = ["label", "code"]


class VacancyInline(ScopedInline, admin.TabularInline):
    model = Vacancy
    extra = 0
    fields = ["profession", "practice_mode", "working_time", "status", "confirmed_on"]
    autocomplete_fields = ["profession"]
    show_change_link = True


@admin.register(Structure)
class StructureAdmin(OfferAdmin):
    list_display = ["name", "kind", "commune", "published", "opening_year", "updated_at"]
    list_filter = ["kind", "published", "commune__department", "commune__epci"]
    list_select_related = ["commune"]
    search_fields = ["name", "search_name", "commune__name", "commune__insee_code"]
    autocomplete_fields = ["commune", "cpts"]
    readonly_fields = ["location_is_approximate", "created_at", "updated_at"]
    inlines = [VacancyInline]
    actions = ["export_csv"]
    change_list_template = "structures/admin/structure_change_list.html"
    fieldsets = [
        (None, {"fields": ["name", "kind", "published", "description", "services"]}),
        (
            _("Adresse"),
            {"fields": ["address", "commune", "latitude", "longitude", "location_is_approximate"]},
        ),
        (_("Contact"), {"fields": ["phone", "email", "website"]}),
        (_("Rattachement"), {"fields": ["cpts", "opening_year", "created_at", "updated_at"]}),
    ]

    def get_urls(self):
        return [
            path(
                "importer/",
                self.admin_site.admin_view(self.import_view),
                name="structures_structure_import",
            ),
            path(
                "exporter/",
                self.admin_site.admin_view(self.export_all_view),
                name="structures_structure_export",
            ),
            *super().get_urls(),
        ]

    @admin.action(description=_("Exporter la sélection en CSV"))
    def export_csv(self, request, queryset):
        return self._csv(queryset.select_related("commune"))

    def export_all_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return self._csv(self.get_queryset(request).select_related("commune").order_by("pk"))

    def _csv(self, queryset):
        rows = [STRUCTURE_CSV_FIELDS, *map(structure_csv_row, queryset)]
        return csv_response(rows, filename="structures.csv")

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:structures_structure_changelist")
        form = StructureImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            raw = form.cleaned_data["file"].read()
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = raw.decode("latin-1")
            try:
                report = import_structures_csv(
                    text, allowed_communes=desk_communes_of(request.user)
                )
            except csv.Error as error:
                form.add_error(
                    "file", _("Ce fichier n'est pas un CSV lisible (%(error)s).") % {"error": error}
                )
        if report is not None:
            messages.success(
                request,
                _("%(created)s, %(updated)s, %(skipped)s.")
                % {
                    "created": count_fr(report.created, "structure créée", "structures créées"),
                    "updated": count_fr(report.updated, "mise à jour", "mises à jour"),
                    "skipped": count_fr(len(report.skipped), "ligne ignorée", "lignes ignorées"),
                },
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Importer des structures (CSV)"),
            "form": form,
            "report": report,
            "columns": STRUCTURE_CSV_FIELDS,
            "export_url": reverse("admin:structures_structure_export"),
        }
        return TemplateResponse(request, "structures/admin/structure_import.html", context)


class MembershipInline(ScopedInline, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["structure"]


@admin.register(Professional)
class ProfessionalAdmin(OfferAdmin):
    list_display = ["__str__", "profession", "commune", "status", "birth_year", "source"]
    list_filter = ["status", "source", "profession", "public_listing"]
    list_select_related = ["profession", "commune"]
    search_fields = ["last_name", "first_name", "rpps", "commune__name"]
    autocomplete_fields = ["profession", "commune", "user"]
    inlines = [MembershipInline]
    readonly_fields = ["created_at"]

    def get_autocomplete_fields(self, request):
        # The account picker needs the accounts admin: without it, no account field at all.
        fields = list(super().get_autocomplete_fields(request))
        return fields if self._reaches_accounts(request) else [f for f in fields if f != "user"]

    def get_exclude(self, request, obj=None):
        return None if self._reaches_accounts(request) else ["user"]

    def _reaches_accounts(self, request):
        return request.user.has_perm("portal.view_user")


@admin.register(Vacancy)
class VacancyAdmin(OfferAdmin):
    list_display = [
        "profession",
        "structure",
        "practice_mode",
        "working_time",
        "status",
        "published_on",
        "confirmed_on",
    ]
    list_filter = ["status", "practice_mode", "working_time", "profession", "structure__kind"]
    list_select_related = ["profession", "structure"]
    search_fields = ["structure__name", "profession__label", "structure__commune__name"]
    autocomplete_fields = ["structure", "profession"]
    date_hierarchy = "published_on"
    actions = ["mark_confirmed"]

    @admin.action(description=_("Confirmer aujourd'hui les postes sélectionnés"))
    def mark_confirmed(self, request, queryset):
        from django.utils import timezone

        count = queryset.update(confirmed_on=timezone.localdate())
        messages.success(request, count_fr(count, "poste confirmé", "postes confirmés") + ".")


@admin.register(VacancySubscription)
class VacancySubscriptionAdmin(ScopedModelAdmin):
    """Personal data of every desk's public: superusers only (``portal.backends``)."""

    list_display = ["user", "profession", "department", "epci", "created_at", "last_sent_on"]
    list_select_related = ["user", "profession", "department", "epci"]
    search_fields = ["user__email"]
