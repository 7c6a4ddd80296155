from django.urls import path

from structures.views import directory, offers, opendata, placements, vacancies

app_name = "structures"

urlpatterns = [
    path("annuaire/", directory.directory, name="directory"),
    path("annuaire/carte.json", directory.markers, name="markers"),
    path("annuaire/structures.csv", opendata.structures_csv, name="structures_csv"),
    path("annuaire/structures.json", opendata.structures_json, name="structures_json"),
    path("annuaire/<int:pk>/", directory.structure_detail, name="structure"),
    path("postes/", vacancies.vacancy_list, name="vacancies"),
    path("postes/postes.csv", opendata.vacancies_csv, name="vacancies_csv"),
    path("postes/postes.json", opendata.vacancies_json, name="vacancies_json"),
    path("postes/alertes/", vacancies.subscriptions, name="subscriptions"),
    path("postes/alertes/<int:pk>/supprimer/", vacancies.unsubscribe, name="unsubscribe"),
    path("postes/confirmer/<str:token>/", vacancies.vacancy_confirm, name="vacancy_confirm"),
    path("postes/<int:pk>/", vacancies.vacancy_detail, name="vacancy"),
    path("offres/proposer/", offers.offer_new, name="offer_new"),
    path(
        "offres/proposer/confirmer/<str:token>/",
        offers.offer_email_confirm,
        name="offer_email_confirm",
    ),
    path("offres/modifier/<str:token>/", offers.offer_edit, name="offer_edit"),
    path("stages/", placements.placement_list, name="placements"),
    path("stages/carte.json", placements.placement_markers, name="placement_markers"),
    path("stages/<int:pk>/", placements.placement_detail, name="placement"),
]
