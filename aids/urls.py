from django.urls import path

from aids import views

app_name = "aids"

urlpatterns = [
    path("aides/", views.catalogue, name="catalogue"),
    path("aides/simulateur/", views.simulator, name="simulator"),
    path("aides/<slug:slug>/", views.scheme_detail, name="scheme"),
]
