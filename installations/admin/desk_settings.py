"""Admin of what a desk sets up: its service levels, and the checklist
templates every desk's new cases copy (staff read them, superusers change them:
``portal.backends``)."""

from django.contrib import admin

from installations.models import ServiceLevel, StepTemplate
from portal.admin_scope import ScopedModelAdmin


@admin.register(StepTemplate)
class StepTemplateAdmin(ScopedModelAdmin):
    list_display = ["title", "profession", "practice_modes", "position", "is_active", "case_kind"]
    list_filter = ["profession", "is_active", "case_kind"]
    list_editable = ["position", "is_active"]
    search_fields = ["title"]


@admin.register(ServiceLevel)
class ServiceLevelAdmin(ScopedModelAdmin):
    list_display = [
        "desk",
        "triage_working_days",
        "first_contact_working_days",
        "idle_days",
        "draft_first_reminder_days",
        "draft_second_reminder_days",
        "follow_up_months",
    ]
    list_select_related = ["desk"]
