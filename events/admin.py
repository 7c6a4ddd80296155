from django.contrib import admin

from events.models import Event, GuestMessage, Invitation, PrintJob


class DeskScopedAdmin(admin.ModelAdmin):
    """Staff and coordinators see and edit only their desk's events (and what hangs off
    them); superusers everything. The scope is ``Event.objects.manageable_by``."""

    event_path = "event"
    show_full_result_count = False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        manageable = Event.objects.manageable_by(request.user)
        if self.event_path == "":
            return queryset.filter(pk__in=manageable.values("pk"))
        return queryset.filter(**{f"{self.event_path}__in": manageable.values("pk")})


@admin.register(Event)
class EventAdmin(DeskScopedAdmin):
    event_path = ""
    list_display = ["title", "kind", "starts_at", "commune", "desk", "status", "is_published"]
    list_filter = ["status", "kind", "is_published", "desk"]
    list_select_related = ["commune", "desk"]
    search_fields = ["title", "venue_name", "commune__name"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["partner_structures", "partner_epcis"]
    # Publishing, cancelling and seat accounting go through events.services (guests are told):
    # the coordination pages do it, not a bare field here.
    readonly_fields = ["status", "cancellation_reason", "created_by", "created_at", "updated_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "desk" and not request.user.is_superuser:
            from territories.models import Desk

            kwargs["queryset"] = Desk.objects.of_user(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Invitation)
class InvitationAdmin(DeskScopedAdmin):
    list_display = ["last_name", "first_name", "email", "event", "status", "guests", "sent_at"]
    list_filter = ["status", "event__desk"]
    list_select_related = ["event"]
    search_fields = ["last_name", "first_name", "email", "event__title"]
    raw_id_fields = ["event", "user", "professional"]
    readonly_fields = [
        "token",
        "status",
        "guests",
        "answered_at",
        "checked_in_at",
        "sent_at",
        "created_at",
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "event":
            kwargs["queryset"] = Event.objects.manageable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(GuestMessage)
class GuestMessageAdmin(DeskScopedAdmin):
    list_display = ["subject", "event", "audience", "recipients", "created_at"]
    list_filter = ["audience"]
    list_select_related = ["event"]
    search_fields = ["subject", "event__title"]
    readonly_fields = [
        "event",
        "audience",
        "subject",
        "body",
        "recipients",
        "sent_by",
        "created_at",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(PrintJob)
class PrintJobAdmin(DeskScopedAdmin):
    list_display = ["kind", "event", "status", "done", "total", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["event"]
    search_fields = ["event__title"]
    readonly_fields = [field.name for field in PrintJob._meta.fields]

    def has_add_permission(self, request):
        return False
