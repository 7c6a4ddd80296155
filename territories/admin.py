from django.contrib import admin
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from portal.admin_scope import ScopedInline, ScopedModelAdmin
from territories.models import (
    ZONE_VALUES,
    Commune,
    CommuneZoning,
    Department,
    Desk,
    DeskMember,
    Epci,
    ZoningLayer,
)


class ReferenceDataAdmin(ScopedModelAdmin):
    """Reference geography comes from ``load_territories``: never added or removed here (and
    only superusers change departments and EPCIs: ``portal.backends``)."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Department)
class DepartmentAdmin(ReferenceDataAdmin):
    list_display = ["code", "name", "region_name"]
    search_fields = ["code", "name"]


@admin.register(Epci)
class EpciAdmin(ReferenceDataAdmin):
    list_display = ["name", "siren", "nature", "seat_department", "member_count", "population"]
    list_filter = ["nature", "seat_department"]
    search_fields = ["name", "siren"]


class CommuneZoningInline(ScopedInline, admin.TabularInline):
    """A commune's class in each layer, as imported: read here, changed by a new import."""

    model = CommuneZoning
    fields = ["layer", "value", "source", "validity"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("layer")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("source"))
    def source(self, row):
        return row.layer.source

    @admin.display(description=_("validité"))
    def validity(self, row):
        return validity(row.layer)


@admin.register(Commune)
class CommuneAdmin(ReferenceDataAdmin):
    """Geography is read-only; its zoning is the layers' (``manage.py import_zoning``), shown
    inline with each layer's source."""

    list_display = ["name", "insee_code", "postal_codes", "department", "epci", "population"]
    list_filter = ["department"]
    list_select_related = ["department", "epci"]
    search_fields = ["name", "insee_code", "postal_codes"]
    inlines = [CommuneZoningInline]

    def has_change_permission(self, request, obj=None):
        # The geography changes with the reference data (departments, EPCIs): superusers.
        return request.user.has_perm("territories.change_department")


def validity(layer):
    start = layer.valid_from.strftime("%d/%m/%Y")
    if layer.valid_until is None:
        return _("depuis le %(start)s") % {"start": start}
    end = layer.valid_until.strftime("%d/%m/%Y")
    return _("du %(start)s au %(end)s") % {"start": start, "end": end}


# Annotation name → class, for the counts of each layer's list row.
COUNTED_VALUES = {
    f"count_{index}": value
    for index, value in enumerate(dict.fromkeys(v for vs in ZONE_VALUES.values() for v in vs))
}


@admin.register(ZoningLayer)
class ZoningLayerAdmin(ReferenceDataAdmin):
    """The layers come from ``manage.py import_zoning`` (or the demo): everyone reads them and
    how many communes each class holds; only a superuser corrects a name or a date."""

    list_display = [
        "name",
        "kind",
        "profession_group",
        "source",
        "decided_on",
        "validity",
        "is_demo",
        "counts",
    ]
    list_filter = ["kind", "profession_group", "is_demo"]
    search_fields = ["name", "source"]

    def get_queryset(self, request):
        counts = {
            name: Count("classes", filter=Q(classes__value=value))
            for name, value in COUNTED_VALUES.items()
        }
        return super().get_queryset(request).annotate(**counts)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("territories.change_department")

    @admin.display(description=_("validité"))
    def validity(self, layer):
        return validity(layer)

    @admin.display(description=_("communes par classe"))
    def counts(self, layer):
        parts = [
            f"{value} : {getattr(layer, name)}"
            for name, value in COUNTED_VALUES.items()
            if getattr(layer, name, 0)
        ]
        return " ; ".join(parts) or "—"


@admin.register(CommuneZoning)
class CommuneZoningAdmin(ReferenceDataAdmin):
    """Each commune's class per layer, filtered by layer, class or department; the staff of a
    desk see their communes'."""

    list_display = ["commune", "value", "layer"]
    list_filter = ["layer", "value", "commune__department"]
    list_select_related = ["commune", "layer"]
    search_fields = ["commune__name", "commune__insee_code"]

    def has_change_permission(self, request, obj=None):
        return False


class DeskMemberInline(ScopedInline, admin.TabularInline):
    """Who belongs to a desk decides what they reach: only superusers change it
    (``portal.backends``)."""

    model = DeskMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Desk)
class DeskAdmin(ScopedModelAdmin):
    list_display = ["name", "phone", "email", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["departments", "epcis"]
    inlines = [DeskMemberInline]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if self._changes_reach(request) else {}

    def get_readonly_fields(self, request, obj=None):
        # The territory a desk covers scopes every other object, as its members do: staff
        # edit their contact details and identity, not their reach.
        if self._changes_reach(request):
            return ()
        return ["slug", "departments", "epcis", "is_active"]

    def _changes_reach(self, request):
        return request.user.has_perm("territories.change_deskmember")
