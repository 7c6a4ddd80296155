"""Admin of the hotline log: staff of the desk record calls and turn them into draft cases."""

from django.contrib import admin, messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hotline import services as hotline
from hotline.models import HotlineRecord
from portal.admin_scope import ScopedModelAdmin
from territories.models import Desk


class FollowUpFilter(admin.SimpleListFilter):
    title = _("suite à donner")
    parameter_name = "suite"

    def lookups(self, request, model_admin):
        return [("a-faire", _("À faire")), ("faite", _("Faite")), ("aucune", _("Aucune"))]

    def queryset(self, request, queryset):
        if self.value() == "a-faire":
            return queryset.needing_follow_up()
        if self.value() == "faite":
            return queryset.filter(follow_up_needed=True, follow_up_done=True)
        if self.value() == "aucune":
            return queryset.filter(follow_up_needed=False)
        return queryset


@admin.register(HotlineRecord)
class HotlineRecordAdmin(ScopedModelAdmin):
    """A form quick to fill during the call: the caller, the question, the answer."""

    list_display = [
        "received_at",
        "channel",
        "caller",
        "profession",
        "request_kind",
        "subject",
        "follow_up_needed",
        "follow_up_done",
        "case",
    ]
    list_filter = ["channel", FollowUpFilter, "request_kind", "profession"]
    list_select_related = ["profession", "case", "desk"]
    list_editable = ["follow_up_done"]
    search_fields = [
        "caller_last_name",
        "caller_first_name",
        "caller_email",
        "caller_phone",
        "subject",
        "answer",
        "case__reference",
    ]
    date_hierarchy = "received_at"
    autocomplete_fields = ["case", "profession"]
    actions = ["make_draft_case"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("received_at", "channel"),
                    ("caller_first_name", "caller_last_name"),
                    ("caller_email", "caller_phone"),
                    ("profession", "request_kind"),
                    "subject",
                    "answer",
                    ("follow_up_needed", "follow_up_done"),
                    "case",
                ]
            },
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        # A desk's staff file calls for their desk (``save_model``); anyone else names it.
        fieldsets = super().get_fieldsets(request, obj)
        if not Desk.objects.of_user(request.user).exists():
            return [(None, {"fields": ["desk", *fieldsets[0][1]["fields"]]})]
        return fieldsets

    def save_model(self, request, obj, form, change):
        if not change:
            obj.recorded_by = request.user
        if not obj.desk_id:
            obj.desk = Desk.objects.of_user(request.user).first()
        super().save_model(request, obj, form, change)

    @admin.display(description=_("appelant"), ordering="caller_last_name")
    def caller(self, record):
        return record.caller_name or "—"

    @admin.action(description=_("Transformer en brouillon de dossier pour l'appelant"))
    def make_draft_case(self, request, queryset):
        records = list(queryset.select_related("desk", "profession")[:20])
        made = 0
        for record in records:
            try:
                hotline.to_draft_case(record, by=request.user)
                made += 1
            except hotline.HotlineError as exc:
                self.message_user(request, f"{record} : {exc.message}", messages.ERROR)
        if made:
            self.message_user(
                request,
                ngettext(
                    "%(n)d brouillon préparé : l'appelant a reçu un e-mail pour le compléter.",
                    "%(n)d brouillons préparés : chaque appelant a reçu un e-mail.",
                    made,
                )
                % {"n": made},
                messages.SUCCESS,
            )
        if len(records) == 1 and made:
            return redirect("admin:hotline_hotlinerecord_change", records[0].pk)
        return None
