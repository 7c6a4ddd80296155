"""Admin of events: staff and coordinators reach their desk's events and what hangs off them
(``manageable_by``), superusers everything."""

from django.contrib import admin

from events.models import Event, GuestMessage, Invitation, PrintJob
from portal.admin_scope import ScopedModelAdmin


@admin.register(Event)
class EventAdmin(ScopedModelAdmin):
    list_display = ["title", "kind", "starts_at", "commune", "desk", "status", "is_published"]
    list_filter = ["status", "kind", "is_published", "desk"]
    list_select_related = ["commune", "desk"]
    search_fields = ["title", "venue_name", "commune__name"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["partner_structures", "partner_epcis"]
    # Publishing, cancelling and seat accounting go through events.services (guests are told):
    # the coordination pages do it, not a bare field here.
    readonly_fields = ["status", "cancellation_reason", "created_by", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Invitation)
class InvitationAdmin(ScopedModelAdmin):
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


@admin.register(GuestMessage)
class GuestMessageAdmin(ScopedModelAdmin):
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
class PrintJobAdmin(ScopedModelAdmin):
    list_display = ["kind", "event", "status", "done", "total", "created_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["event"]
    search_fields = ["event__title"]
    readonly_fields = [field.name for field in PrintJob._meta.fields]

    def has_add_permission(self, request):
        return False
