"""Admin of ambassadors (approved by the desk's staff) and their introductions."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ambassadors.models import Ambassador, Introduction, Topic
from portal.admin_scope import ScopedModelAdmin
from portal.formatting import count_fr


class AmbassadorAdminForm(forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("sujets"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Ambassador
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "kind",
            "profession",
            "commune",
            "topics",
            "presentation",
            "approved",
            "is_active",
            "user",
        ]


@admin.register(Ambassador)
class AmbassadorAdmin(ScopedModelAdmin):
    form = AmbassadorAdminForm
    list_display = [
        "__str__",
        "kind",
        "profession",
        "topic_list",
        "approved",
        "is_active",
        "consent_at",
    ]
    list_filter = ["approved", "is_active", "kind"]
    list_select_related = ["commune", "profession"]
    search_fields = ["first_name", "last_name", "email", "commune__name"]
    autocomplete_fields = ["commune"]
    raw_id_fields = ["user"]
    readonly_fields = ["consent_at", "created_at"]
    actions = ["approve"]

    @admin.display(description=_("sujets"))
    def topic_list(self, ambassador):
        return ", ".join(str(label) for label in ambassador.topic_labels)

    @admin.action(description=_("Valider les ambassadeurs sélectionnés"))
    def approve(self, request, queryset):
        count = queryset.filter(consent_at__isnull=False).update(approved=True)
        self.message_user(
            request, count_fr(count, "ambassadeur validé", "ambassadeurs validés") + "."
        )


@admin.register(Introduction)
class IntroductionAdmin(ScopedModelAdmin):
    list_display = [
        "case",
        "ambassador",
        "newcomer_answer",
        "ambassador_answer",
        "introduced_at",
        "proposed_at",
    ]
    list_filter = ["newcomer_answer", "ambassador_answer"]
    list_select_related = ["case", "ambassador", "ambassador__commune"]
    search_fields = ["case__reference", "ambassador__last_name"]
    exclude = ["newcomer_token", "ambassador_token"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
