from django.urls import path

from . import views

app_name = "disposal"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/do/<slug:action>/", views.case_action, name="case-action"),
]
