from django.urls import path

from . import views

app_name = "complaints"
urlpatterns = [
    path("", views.portal, name="portal"),
    path("status/", views.status, name="status"),
    path("inbox/", views.inbox, name="inbox"),
    path("<int:pk>/", views.detail, name="detail"),
]
