from django.urls import path

from partners.views import requests as request_views
from partners.views import sessions as session_views

app_name = "partners"

urlpatterns = [
    # --- requests to partners and the partner's link (partners.views.requests) ---
    path(
        "espace-referent/dossiers/<int:pk>/partenaires/demander/",
        request_views.ask,
        name="ask",
    ),
    path(
        "espace-referent/dossiers/<int:pk>/partenaires/<int:request_pk>/message/",
        request_views.referent_reply,
        name="request_reply",
    ),
    path(
        "espace-referent/dossiers/<int:pk>/partenaires/<int:request_pk>/revoquer/",
        request_views.revoke,
        name="request_revoke",
    ),
    path(
        "espace-referent/dossiers/<int:pk>/partenaires/<int:request_pk>/nouveau-lien/",
        request_views.resend,
        name="request_resend",
    ),
    path("partenaire/demande/<str:token>/", request_views.request_link, name="request_link"),
    # --- the single appointment (partners.views.sessions) ---
    path("mon-dossier/<int:pk>/rendez-vous/reserver/", session_views.book, name="book"),
    path(
        "mon-dossier/<int:pk>/rendez-vous/<int:slot_pk>/annuler/",
        session_views.cancel,
        name="cancel_booking",
    ),
    path("guichet/rendez-vous/<int:pk>/", session_views.session_detail, name="session"),
    path(
        "guichet/rendez-vous/<int:pk>/envoyer-listes/",
        session_views.send_lists,
        name="session_send_lists",
    ),
    path(
        "guichet/rendez-vous/<int:pk>/comptes-rendus/",
        session_views.send_summaries,
        name="session_send_summaries",
    ),
    path("partenaire/rendez-vous/<str:token>/", session_views.session_link, name="session_link"),
    path(
        "partenaire/rendez-vous/<str:token>/pdf/",
        session_views.session_link_pdf,
        name="session_link_pdf",
    ),
]
