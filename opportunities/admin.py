from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from opportunities.models import Match
from portal.admin_scope import ScopedModelAdmin


@admin.register(Match)
class MatchAdmin(ScopedModelAdmin):
    """Read-mostly: the matching writes the rows, the desk introduces from its page."""

    list_display = ["case", "vacancy", "score", "found_at", "notified_at", "introduced_at"]
    list_filter = ["vacancy__kind"]
    list_select_related = ["case", "vacancy__profession", "vacancy__structure"]
    search_fields = ["case__reference", "vacancy__title"]
    readonly_fields = [
        "case",
        "vacancy",
        "score",
        "reasons",
        "found_at",
        "notified_at",
        "introduced_at",
        "introduced_by",
        "desk_page",
    ]
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.display(description=_("correspondances de l'offre"))
    def desk_page(self, obj):
        url = reverse("opportunities:offer_matches", kwargs={"pk": obj.vacancy_id})
        return format_html('<a href="{}">{}</a>', url, _("Voir et mettre en relation"))
