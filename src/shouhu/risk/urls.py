from django.urls import path

from . import views

app_name = "risk"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("grades/", views.grades, name="grades"),
    path("grades/export/", views.grades_export, name="grades-export"),
    path("enterprises/<int:pk>/", views.enterprise, name="enterprise"),
    path("plans/", views.plans, name="plans"),
    path("tasks/", views.tasks, name="tasks"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/calendar/", views.plan_calendar, name="plan-calendar"),
    path("plans/<int:pk>/export/", views.plan_export, name="plan-export"),
    path("conflicts/", views.conflicts, name="conflicts"),
]
