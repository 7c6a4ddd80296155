"""Admin of the single appointment: each desk's staff create their sessions, generate the slots
(« Créer les créneaux », idempotent) and publish them; the slots are booked from « Mon
dossier », so they are read here. The links' access log is the superusers'."""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from partners import sessions
from partners.models import AppointmentSession, AppointmentSlot, SessionAccess
from portal.admin_scope import ScopedInline, ScopedModelAdmin
from portal.formatting import count_fr


class AppointmentSessionForm(forms.ModelForm):
    class Meta:
        model = AppointmentSession
        fields = [
            "desk",
            "starts_at",
            "ends_at",
            "place",
            "video_url",
            "partners",
            "slot_minutes",
            "published",
        ]
        widgets = {"partners": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A session's partners are its desk's: once the desk is known, only those are offered.
        desk_id = self.instance.desk_id if self.instance.pk else None
        if desk_id and "partners" in self.fields:
            self.fields["partners"].queryset = self.fields["partners"].queryset.filter(
                desk_id=desk_id
            )

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("La fin doit venir après le début."))
        minutes = cleaned.get("slot_minutes")
        if minutes is not None and not 5 <= minutes <= 240:
            self.add_error("slot_minutes", _("Un créneau dure de 5 à 240 minutes."))
        desk, partners = cleaned.get("desk"), cleaned.get("partners")
        if desk and partners:
            others = [partner.name for partner in partners if partner.desk_id != desk.pk]
            if others:
                self.add_error(
                    "partners",
                    _("Ces partenaires ne sont pas ceux du guichet choisi : %(names)s.")
                    % {"names": ", ".join(others)},
                )
        if cleaned.get("published") and not (cleaned.get("place") or cleaned.get("video_url")):
            self.add_error("place", _("Indiquez un lieu ou un lien de visioconférence."))
        return cleaned


class AppointmentSlotInline(ScopedInline, admin.TabularInline):
    model = AppointmentSlot
    extra = 0
    fields = ["starts_at", "case", "booked_at", "attended", "summary_sent_at"]
    readonly_fields = ["starts_at", "case", "booked_at", "summary_sent_at"]
    can_delete = False
    ordering = ["starts_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("case")


@admin.register(AppointmentSession)
class AppointmentSessionAdmin(ScopedModelAdmin):
    form = AppointmentSessionForm
    inlines = [AppointmentSlotInline]
    list_display = ["__str__", "place", "slot_count", "published", "held", "desk_page"]
    list_filter = ["published", "held", "desk"]
    list_select_related = ["desk"]
    date_hierarchy = "starts_at"
    actions = ["create_slots", "publish"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("slots")

    @admin.display(description=_("créneaux (réservés)"))
    def slot_count(self, session):
        slots = list(session.slots.all())
        booked = sum(1 for slot in slots if slot.case_id)
        return f"{len(slots)} ({booked})"

    @admin.display(description=_("page du rendez-vous"))
    def desk_page(self, session):
        url = reverse("partners:session", kwargs={"pk": session.pk})
        return format_html('<a href="{}">{}</a>', url, _("liste et envois"))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "partners" and formfield is not None:
            formfield.queryset = formfield.queryset.filter(is_active=True).order_by("name")
        return formfield

    @admin.action(description=_("Créer les créneaux"))
    def create_slots(self, request, queryset):
        created = sum(sessions.generate_slots(session) for session in queryset)
        self.message_user(request, count_fr(created, "créneau créé", "créneaux créés") + ".")

    @admin.action(description=_("Publier"))
    def publish(self, request, queryset):
        ready = queryset.filter(published=False).exclude(place="", video_url="")
        count = ready.update(published=True)
        self.message_user(
            request, count_fr(count, "rendez-vous publié", "rendez-vous publiés") + "."
        )


@admin.register(SessionAccess)
class SessionAccessAdmin(ScopedModelAdmin):
    """Every opening of a partner's session link (superusers only: ``portal.backends``)."""

    list_display = ["at", "action", "session", "partner", "ip"]
    list_filter = ["action"]
    list_select_related = ["session", "session__desk", "partner"]
    readonly_fields = ["session", "partner", "at", "action", "ip"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
