from django.urls import path

from . import views

app_name = "cleanroom"
urlpatterns = [
    path("", views.home, name="home"),
    path("zones/<int:pk>/", views.zone_detail, name="zone"),
    path("zones/<int:pk>/read/", views.reading_new, name="read"),
    path("compliance/", views.compliance, name="compliance"),
]
