from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("mes-donnees/", views.my_data, name="my_data"),
    path("mes-donnees/mes-donnees.json", views.export_json, name="export_json"),
    path("mes-donnees/imprimable/", views.export_html, name="export_html"),
    path("mes-donnees/supprimer-mon-compte/", views.delete_account, name="delete_account"),
    path("mes-donnees/compte-supprime/", views.account_deleted, name="account_deleted"),
]
