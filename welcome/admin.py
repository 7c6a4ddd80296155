"""Admin of the welcome pack: each desk's practical guide (its resources), and the packs the
code rendered, for checking, never edited by hand."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from installations.admin.follow_up import WrittenByTheCodeAdmin
from portal.admin_scope import ScopedModelAdmin
from welcome.models import PracticalResource, WelcomePack


@admin.register(PracticalResource)
class PracticalResourceAdmin(ScopedModelAdmin):
    list_display = ["title", "category", "desk", "phone", "position"]
    list_filter = ["category", "desk"]
    list_editable = ["position"]
    list_select_related = ["desk"]
    search_fields = ["title", "text"]


@admin.register(WelcomePack)
class WelcomePackAdmin(WrittenByTheCodeAdmin):
    list_display = ["created_at", "case", "size", "render_ms", "download"]
    list_select_related = ["case"]
    search_fields = ["case__reference"]

    @admin.display(description=_("fichier"))
    def download(self, pack):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("welcome:download", args=[pack.case_id]),
            _("Télécharger"),
        )
