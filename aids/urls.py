from django.urls import path

from aids import api, views

app_name = "aids"

urlpatterns = [
    path("aides/", views.catalogue, name="catalogue"),
    path("aides/simulateur/", views.simulator, name="simulator"),
    path("aides/<slug:slug>/", views.scheme_detail, name="scheme"),
    path("api/v1/eligibilite/", api.eligibility, name="api_eligibility"),
    # The page /api/ and the document of the whole API: opendata.urls (it lists every part).
]
