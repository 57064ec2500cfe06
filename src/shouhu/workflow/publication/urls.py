from django.urls import path

from . import views

app_name = "publication"
urlpatterns = [
    path("", views.public, name="public"),
    path("clues/", views.clues, name="clues"),
    path("manage/", views.manage, name="manage"),
]
