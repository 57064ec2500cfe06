from django.urls import path

from . import views

app_name = "sampling"
urlpatterns = [
    path("", views.index, name="index"),
    path("coverage/", views.coverage, name="coverage"),
    path("tasks/<int:pk>/sample/", views.sample_new, name="sample-new"),
    path("samples/<int:pk>/", views.sample_detail, name="sample"),
    path("import/", views.results_import, name="import"),
    path("statistics/", views.statistics, name="statistics"),
    path("samples/", views.samples, name="samples"),
    path("results/", views.public, name="public"),
    path("labs/", views.labs, name="labs"),
]
