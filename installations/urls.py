from django.urls import path

from installations.views import ambassadors, newcomer, referent, report, students, welcome_pack

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
    path("dossiers/<int:pk>/livret.pdf", welcome_pack.download, name="welcome_pack"),
    path(
        "dossiers/<int:pk>/livret/preparer/",
        welcome_pack.regenerate,
        name="welcome_pack_regenerate",
    ),
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
    # Students, ambassadors, yearly report (issue 9)
    path(
        "stages/<int:placement_pk>/interet/", students.placement_interest, name="placement_interest"
    ),
    path("mon-dossier/<int:pk>/logement/", students.housing_request, name="housing_request"),
    path(
        "espace-referent/dossiers/<int:pk>/terrain-de-stage/",
        students.confirm_placement,
        name="referent_placement",
    ),
    path(
        "espace-referent/dossiers/<int:pk>/ambassadeur/",
        ambassadors.propose,
        name="referent_ambassador",
    ),
    path("ambassadeurs/devenir/", ambassadors.register, name="ambassador_register"),
    path("ambassadeurs/reponse/<str:token>/", ambassadors.answer, name="ambassador_answer"),
    path("bilan/", report.report_page, name="report"),
    path("bilan/<slug:slug>/", report.report_page, name="report_desk"),
    path("bilan/<slug:slug>/bilan.csv", report.report_csv, name="report_csv"),
    path("bilan/<slug:slug>/bilan.pdf", report.report_pdf, name="report_pdf"),
]
