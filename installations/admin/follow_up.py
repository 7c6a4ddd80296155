"""Admin of what the code wrote while following the cases up: the reminders sent, for
checking, never edited by hand."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from installations.models import Reminder
from portal.admin_scope import ScopedModelAdmin


class WrittenByTheCodeAdmin(ScopedModelAdmin):
    """Rows written by the code: nobody adds or edits them here (only superusers delete:
    ``portal.backends``)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Reminder)
class ReminderAdmin(WrittenByTheCodeAdmin):
    list_display = [
        "created_at",
        "case",
        "rule",
        "period",
        "recipient",
        "mail_status",
        "mail_error",
    ]
    list_filter = ["rule", "mail__status"]
    list_select_related = ["case", "recipient", "mail"]
    search_fields = ["case__reference", "recipient__email"]
    date_hierarchy = "created_at"

    @admin.display(description=_("envoi"), ordering="mail__status")
    def mail_status(self, reminder):
        return reminder.mail.get_status_display() if reminder.mail else "—"

    @admin.display(description=_("erreur"))
    def mail_error(self, reminder):
        return reminder.mail.last_error[:120] if reminder.mail and reminder.mail.last_error else ""
