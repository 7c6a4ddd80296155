from django.urls import path  # noqa: F401  (each section below adds its routes)

app_name = "partners"

urlpatterns = [
    # --- requests to partners and the partner's link (partners.views.requests) ---
    # --- the single appointment (partners.views.sessions) ---
]
