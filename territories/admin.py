from django.contrib import admin

from portal.admin_scope import ScopedInline, ScopedModelAdmin
from territories.models import Commune, Department, Desk, DeskMember, Epci


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


ZONING_FIELDS = ["doctor_zoning", "rural_zoning", "zoning_source", "zoning_date"]


@admin.register(Commune)
class CommuneAdmin(ReferenceDataAdmin):
    """Geography stays read-only; the zoning (ZIP/ZAC, ZRR/FRR) is edited by the staff of the
    desk covering the commune (or imported with ``manage.py import_zoning``)."""

    list_display = [
        "name",
        "insee_code",
        "postal_codes",
        "department",
        "epci",
        "population",
        "doctor_zoning",
        "rural_zoning",
    ]
    list_filter = ["department", "doctor_zoning", "rural_zoning"]
    list_select_related = ["department", "epci"]
    search_fields = ["name", "insee_code", "postal_codes"]

    def get_readonly_fields(self, request, obj=None):
        # The geography itself changes with the reference data (departments, EPCIs).
        if request.user.has_perm("territories.change_department"):
            return ()
        return [f.name for f in Commune._meta.fields if f.editable and f.name not in ZONING_FIELDS]


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
