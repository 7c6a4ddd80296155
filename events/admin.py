"""Admin of events: staff and coordinators reach their desk's events and what hangs off them
(``manageable_by``), superusers everything."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events import services
from events.enums import EventStatus
from events.models import Event, GuestMessage, Invitation, PrintJob
from portal.admin_scope import ScopedModelAdmin

COORDINATION_SPACE = "coordination_space"


@admin.register(Event)
class EventAdmin(ScopedModelAdmin):
    list_display = [
        "title",
        "kind",
        "starts_at",
        "commune",
        "desk",
        "status",
        "is_published",
        COORDINATION_SPACE,
    ]
    list_filter = ["status", "kind", "is_published", "desk"]
    list_select_related = ["commune", "desk"]
    search_fields = ["title", "venue_name", "commune__name"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["partner_structures", "partner_epcis"]
    # Publishing, cancelling and seat accounting go through events.services (guests are told):
    # the coordination pages do it, not a bare field here.
    # The coordination space is where an event lives (guests, invitations, check-in): every
    # page of this admin points there, and opening one goes through the same service.
    readonly_fields = [
        COORDINATION_SPACE,
        "status",
        "cancellation_reason",
        "created_by",
        "created_at",
        "updated_at",
    ]
    actions = ["publish"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return [COORDINATION_SPACE, *(name for name in fields if name != COORDINATION_SPACE)]

    @admin.display(description=_("Espace coordination"))
    def coordination_space(self, obj):
        if obj is None or obj.pk is None:
            return format_html(
                '{} <a href="{}">{}</a>',
                _("Les invitations, l'ouverture et l'accueil se font dans l'espace coordination :"),
                reverse("events:office_create"),
                _("y créer l'évènement"),
            )
        return format_html(
            '<a href="{}">{}</a>',
            reverse("events:office_event", args=[obj.pk]),
            _("Ouvrir dans l'espace coordination"),
        )

    @admin.action(description=_("Ouvrir les évènements choisis (brouillons)"))
    def publish(self, request, queryset):
        drafts = list(queryset.filter(status=EventStatus.DRAFT))
        for event in drafts:
            services.publish(event)
        self.message_user(
            request,
            ngettext(
                "%(count)d évènement ouvert : envoyez ses invitations depuis l'espace "
                "coordination.",
                "%(count)d évènements ouverts : envoyez leurs invitations depuis l'espace "
                "coordination.",
                len(drafts),
            )
            % {"count": len(drafts)},
            messages.SUCCESS,
        )

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
