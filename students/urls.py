from django.urls import path

from students import views

app_name = "students"

urlpatterns = [
    path("stages/<int:placement_pk>/interet/", views.placement_interest, name="placement_interest"),
    path("mon-dossier/<int:pk>/logement/", views.housing_request, name="housing_request"),
    path(
        "espace-referent/dossiers/<int:pk>/terrain-de-stage/",
        views.confirm_placement,
        name="referent_placement",
    ),
]
