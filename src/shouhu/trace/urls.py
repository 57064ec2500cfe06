from django.urls import path

from . import views

app_name = "trace"
urlpatterns = [
    path("lookup/", views.lookup, name="lookup"),
    path("recalls/", views.recall_list, name="recalls"),
    path("recalls/<int:pk>/", views.recall_detail, name="recall"),
    path("recalls/<int:pk>/do/<slug:action>/", views.recall_action, name="recall-action"),
    path("recalls/start/batch/<int:batch_pk>/", views.recall_start, name="recall-start"),
    path("", views.trace_page, name="trace"),
]
