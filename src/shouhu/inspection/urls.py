from django.urls import path

from . import views

app_name = "inspection"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/team/", views.team, name="team"),
    path("<int:pk>/record.pdf", views.record_pdf, name="pdf"),
    path("enterprise/", views.enterprise, name="enterprise"),
    path("results/", views.public, name="public"),
]
