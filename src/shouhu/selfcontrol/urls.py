from django.urls import path

from . import views, views_selfinspection

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
    path("self-inspections/", views_selfinspection.selfinspections, name="selfinspections"),
    path("self-inspections/<int:pk>/", views_selfinspection.selfinspection, name="selfinspection"),
    path(
        "self-inspections/<int:pk>/print/",
        views_selfinspection.selfinspection_print,
        name="selfinspection-print",
    ),
    path("enterprises/<int:enterprise_id>/", views.enterprise, name="enterprise"),
    path("enterprises/<int:enterprise_id>/books.pdf", views_selfinspection.books_pdf, name="books-pdf"),
    path("books/jobs/<slug:job_id>/", views_selfinspection.books_job, name="books-job"),
    path("books/jobs/<slug:job_id>/file", views_selfinspection.books_file, name="books-file"),
]
