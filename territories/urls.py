from django.urls import path

from territories import views

urlpatterns = [
    path("guichets/<slug:slug>/logo", views.desk_logo, name="desk_logo"),
]
