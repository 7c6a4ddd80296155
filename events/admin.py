"""Admin of events: staff and coordinators reach their desk's events and what hangs off them
(``manageable_by``), superusers everything."""

from django import forms
from django.contrib import admin, messages
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from events import services
from events.enums import EventStatus
from events.models import CoHost, Event, GuestMessage, Invitation, PrintJob
from portal.admin_scope import ScopedModelAdmin
from portal.formatting import ngettext_fr as ngettext
from portal.images import clean_image
from territories.models import desk_communes_of

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
    filter_horizontal = ["partner_structures", "partner_epcis", "co_hosts"]
    # 1,089 communes are no select: searched (territories' CommuneAdmin has search_fields).
    autocomplete_fields = ["commune"]
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

    def get_autocomplete_fields(self, request):
        # The search answers only those who may read the communes' admin (the staff);
        # a coordinator chooses among their desk's communes instead (below).
        if request.user.has_perm("territories.view_commune"):
            return super().get_autocomplete_fields(request)
        return [name for name in super().get_autocomplete_fields(request) if name != "commune"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "commune" and "commune" not in self.get_autocomplete_fields(request):
            communes = desk_communes_of(request.user)
            if communes is not None and formfield is not None:
                formfield.queryset = formfield.queryset.filter(pk__in=communes.values("pk"))
        return formfield

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
        opened = [event for event in drafts if services.publish(event)]
        self.message_user(
            request,
            ngettext(
                "%(count)d évènement ouvert : envoyez ses invitations depuis l'espace "
                "coordination.",
                "%(count)d évènements ouverts : envoyez leurs invitations depuis l'espace "
                "coordination.",
                len(opened),
            )
            % {"count": len(opened)},
            messages.SUCCESS,
        )
        if past := len(drafts) - len(opened):
            self.message_user(
                request,
                ngettext(
                    "%(count)d évènement déjà passé reste une archive : il ne peut pas être "
                    "ouvert.",
                    "%(count)d évènements déjà passés restent des archives : ils ne peuvent pas "
                    "être ouverts.",
                    past,
                )
                % {"count": past},
                messages.WARNING,
            )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Invitation)
class InvitationAdmin(ScopedModelAdmin):
    list_display = [
        "last_name",
        "first_name",
        "email",
        "event",
        "status",
        "guests",
        "sent_at",
        "letter_sent_at",
    ]
    # "event" offers the user's desk's events only (portal.admin_scope scopes relation filters).
    list_filter = ["event", "status", "event__desk"]
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
        "letter_sent_at",
        "call_needed_at",
        "called_at",
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


class CoHostForm(forms.ModelForm):
    """A logo is checked by opening it (``portal.images``) and stored re-encoded as PNG."""

    class Meta:
        model = CoHost
        fields = ["desk", "name", "logo", "signatory_name", "signatory_title"]
        # A plain file field: portal.images opens the file itself (Django's image field would
        # accept a GIF or a 10,000-pixel picture and answer in its own words).
        field_classes = {"logo": forms.FileField}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            return clean_image(logo)
        return logo


@admin.register(CoHost)
class CoHostAdmin(ScopedModelAdmin):
    form = CoHostForm
    list_display = ["name", "desk", "signatory_name", "has_logo"]
    list_filter = ["desk"]
    list_select_related = ["desk"]
    search_fields = ["name", "signatory_name"]

    @admin.display(description=_("logo"), boolean=True)
    def has_logo(self, obj):
        return bool(obj.logo)
