from django.urls import path

from ambassadors import views

app_name = "ambassadors"

urlpatterns = [
    path("espace-referent/dossiers/<int:pk>/ambassadeur/", views.propose, name="propose"),
    path("ambassadeurs/devenir/", views.register, name="register"),
    path("ambassadeurs/reponse/<str:token>/", views.answer, name="answer"),
]
