from django.urls import path

from . import views

app_name = "anomaly"

urlpatterns = [
    path("", views.alerts, name="alerts"),
    path("run/", views.run, name="run"),
    path("<int:pk>/", views.alert, name="alert"),
    path("<int:pk>/<str:action>/", views.triage, name="triage"),
]
