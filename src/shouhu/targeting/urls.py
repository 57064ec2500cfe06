from django.urls import path

from . import views

app_name = "targeting"

urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("evaluation/", views.evaluation, name="evaluation"),
]
