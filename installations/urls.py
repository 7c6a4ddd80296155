from django.urls import path

from installations.views import dashboard, newcomer, referent

app_name = "installations"

urlpatterns = [
    # Newcomer
    path("mon-dossier/", newcomer.my_case, name="my_case"),
    path("mon-dossier/nouvelle-demande/", newcomer.request_start, name="request_start"),
    path("mon-dossier/<int:pk>/", newcomer.case_detail, name="case"),
    path("mon-dossier/<int:pk>/demande/<slug:step>/", newcomer.request_step, name="request_step"),
    path("mon-dossier/<int:pk>/message/", newcomer.post_message, name="message"),
    path("mon-dossier/<int:pk>/retirer/", newcomer.withdraw, name="withdraw"),
    path("mon-dossier/<int:pk>/reprendre/", newcomer.resume, name="resume"),
    path("postes/<int:vacancy_pk>/interet/", newcomer.vacancy_interest, name="vacancy_interest"),
    path("api/communes/", newcomer.commune_suggestions, name="commune_suggestions"),
    # Desk staff
    path("guichet/tableau-de-bord/", dashboard.dashboard, name="dashboard"),
    # Referent
    path("espace-referent/", referent.workspace, name="workspace"),
    path("espace-referent/dossiers/<int:pk>/", referent.case_page, name="referent_case"),
    path("espace-referent/dossiers/<int:pk>/note/", referent.add_note, name="referent_note"),
    path(
        "espace-referent/dossiers/<int:pk>/message/",
        referent.post_message,
        name="referent_message",
    ),
    path(
        "espace-referent/dossiers/<int:pk>/prochaine-action/",
        referent.set_next_action,
        name="referent_next_action",
    ),
    path(
        "espace-referent/dossiers/<int:pk>/demarches/<int:step_pk>/",
        referent.toggle_step,
        name="referent_step",
    ),
    path(
        "espace-referent/dossiers/<int:pk>/statut/<slug:name>/",
        referent.fire_transition,
        name="referent_transition",
    ),
]
