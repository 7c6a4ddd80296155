"""Admin of the référents' profiles: the territory and topics they cover, their capacity and
absences. The account picker offers the desk's referent accounts (``User.visible_to``)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from installations.models import Referent
from portal.admin_scope import ScopedModelAdmin


@admin.register(Referent)
class ReferentAdmin(ScopedModelAdmin):
    list_display = ["user", "desk", "capacity", "absent_until", "organisation"]
    list_select_related = ["user", "user__desk_membership__desk"]
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    autocomplete_fields = ["communes"]
    filter_horizontal = ["epcis"]
    list_filter = ["absent_until"]

    @admin.display(description=_("guichet"))
    def desk(self, referent):
        membership = getattr(referent.user, "desk_membership", None)
        return membership.desk if membership else "—"
