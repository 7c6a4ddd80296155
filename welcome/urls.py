from django.urls import path

from welcome import views

app_name = "welcome"

urlpatterns = [
    path("dossiers/<int:pk>/livret.pdf", views.download, name="download"),
    path("dossiers/<int:pk>/livret/preparer/", views.regenerate, name="regenerate"),
]
