from django.urls import path

from . import views

app_name = "contract"
urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/<str:action>", views.act, name="act"),
    path("supervise/", views.supervise, name="supervise"),
]
