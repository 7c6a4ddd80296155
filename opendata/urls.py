from django.urls import path

from opendata import api

app_name = "opendata"

urlpatterns = [
    # --- public read API (opendata.api) ---
    path("api/", api.documentation, name="api"),
    path("api/v1/openapi.json", api.openapi_document, name="api_openapi"),
    path("api/v1/structures/", api.structures, name="api_structures"),
    path("api/v1/offres/", api.offers, name="api_offers"),
    path("api/v1/evenements/", api.events, name="api_events"),
    path("api/v1/dispositifs/", api.schemes, name="api_schemes"),
]
