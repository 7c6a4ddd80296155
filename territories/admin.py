from django.contrib import admin

from territories.models import Commune, Department, Desk, DeskMember, Epci


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


@admin.register(Commune)
class CommuneAdmin(ReferenceDataAdmin):
    list_display = ["name", "insee_code", "postal_codes", "department", "epci", "population"]
    list_filter = ["department"]
    list_select_related = ["department", "epci"]
    search_fields = ["name", "insee_code", "postal_codes"]
    show_full_result_count = False


class DeskMemberInline(admin.TabularInline):
    model = DeskMember
    extra = 0
    raw_id_fields = ["user"]


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

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
