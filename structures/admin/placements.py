"""Admin of training sites: staff manage the sites of their desk's communes."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from structures.admin.offer import OfferAdmin
from structures.models import Placement


@admin.register(Placement)
class PlacementAdmin(OfferAdmin):
    list_display = [
        "name",
        "profession",
        "commune",
        "accepts_externs",
        "accepts_interns",
        "accepts_junior_doctors",
        "places_per_semester",
        "offers_housing",
        "published",
    ]
    list_filter = [
        "published",
        "accepts_externs",
        "accepts_interns",
        "accepts_junior_doctors",
        "offers_housing",
        "transport_help",
        "commune__epci",
    ]
    list_select_related = ["commune", "profession"]
    search_fields = ["name", "search_name", "commune__name", "supervisor_name"]
    autocomplete_fields = ["structure", "commune", "profession", "supervisor"]
    fieldsets = [
        (None, {"fields": ["name", "profession", "published", "description"]}),
        (
            _("Accueil"),
            {"fields": ["structure", "supervisor", "supervisor_name", "commune"]},
        ),
        (
            _("Agrément et places"),
            {
                "fields": [
                    ("accepts_externs", "accepts_interns", "accepts_junior_doctors"),
                    ("winter_semester", "summer_semester"),
                    "places_per_semester",
                ]
            },
        ),
        (
            _("Ce qui est proposé"),
            {"fields": [("offers_housing", "transport_help"), "offer_details"]},
        ),
        (_("Contact"), {"fields": ["contact_email", "contact_phone"]}),
    ]
