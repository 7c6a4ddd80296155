from django.urls import path

from opportunities.views import departures, matching

app_name = "opportunities"

urlpatterns = [
    # --- matching, interest and introductions (opportunities.views.matching) ---
    path("mon-dossier/offres/<int:vacancy_pk>/interet/", matching.interest, name="interest"),
    path("guichet/offres/<int:pk>/correspondances/", matching.offer_matches, name="offer_matches"),
    path(
        "guichet/correspondances/<int:pk>/mettre-en-relation/",
        matching.introduce,
        name="introduce",
    ),
    # --- departures to anticipate (opportunities.views.departures) ---
    path("guichet/departs/", departures.departures, name="departures"),
    path("guichet/departs/export.csv", departures.departures_csv, name="departures_csv"),
]
