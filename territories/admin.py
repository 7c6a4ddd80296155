from django.contrib import admin

from territories.models import Commune, Department, Desk, DeskMember, Epci, desk_communes_of


class ReferenceDataAdmin(admin.ModelAdmin):
    """Reference geography comes from ``load_territories``: read-only here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

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
    show_full_result_count = False

    def has_change_permission(self, request, obj=None):
        if request.user.is_superuser:
            return True
        desk = Desk.objects.of_user(request.user).first()
        if desk is None or not request.user.has_perm("territories.change_commune"):
            return False
        return obj is None or Commune.objects.covered_by(desk).filter(pk=obj.pk).exists()

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return ()
        return [f.name for f in Commune._meta.fields if f.editable and f.name not in ZONING_FIELDS]


class DeskMemberInline(admin.TabularInline):
    """Who belongs to a desk decides what they reach: only superusers change it."""

    model = DeskMember
    extra = 0
    raw_id_fields = ["user"]

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Desk)
class DeskAdmin(admin.ModelAdmin):
    list_display = ["name", "phone", "email", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["departments", "epcis"]
    inlines = [DeskMemberInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(members__user=request.user)

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if request.user.is_superuser else {}

    def get_readonly_fields(self, request, obj=None):
        # The territory a desk covers scopes every other object: staff edit their contact
        # details and identity, not their reach.
        if request.user.is_superuser:
            return ()
        return ["slug", "departments", "epcis", "is_active"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class CommuneScopedAdmin(admin.ModelAdmin):
    show_full_result_count = False

    def get_queryset(self, request):
        return self.model.objects.visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        communes = desk_communes_of(request.user)
        if db_field.name == "commune" and communes is not None:
            kwargs["queryset"] = communes.order_by("name")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
