from django.urls import path

from . import views

app_name = "trace"
urlpatterns = [
    path("lookup/", views.lookup, name="lookup"),
    path("recalls/", views.recall_list, name="recalls"),
    path("", views.trace_page, name="trace"),
]
