from django.urls import path

from . import views

app_name = "labelstore"
urlpatterns = [
    path("", views.check, name="check"),
    path("checks/<int:pk>/", views.check_detail, name="check-detail"),
    path("checks/jobs/<str:job_id>/", views.check_job, name="check-job"),
    path("sweeps/", views.sweeps, name="sweeps"),
    path("sweeps/<int:pk>/", views.sweep_detail, name="sweep-detail"),
    path("sweeps/<int:pk>/report.<str:kind>", views.sweep_report, name="sweep-report"),
]
