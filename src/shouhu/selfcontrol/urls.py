from django.urls import path

from . import views

app_name = "selfcontrol"
urlpatterns = [
    path("", views.home, name="home"),
    path("lists/<int:enterprise_id>/", views.risklist, name="risklist"),
    path("lists/<int:enterprise_id>/diff/", views.risklist_diff, name="risklist-diff"),
    path("daily/", views.daily, name="daily"),
    path("daily/<int:pk>/", views.daily_detail, name="daily-detail"),
    path("reports/<slug:kind>/new/", views.report_new, name="report-new"),
    path("reports/<int:pk>/", views.report_detail, name="report-detail"),
    path("stops/", views.stops, name="stops"),
    path("completion/", views.completion, name="completion"),
    path("enterprises/<int:enterprise_id>/", views.enterprise, name="enterprise"),
]
