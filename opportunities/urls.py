from django.urls import path  # noqa: F401  (each section below adds its routes)

app_name = "opportunities"

urlpatterns = [
    # --- matching, interest and introductions (opportunities.views.matching) ---
    # --- departures to anticipate (opportunities.views.departures) ---
]
