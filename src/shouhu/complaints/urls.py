from django.urls import path

from . import views

app_name = "complaints"
urlpatterns = [
    path("", views.portal, name="portal"),
    path("status/", views.status, name="status"),
    path("inbox/", views.inbox, name="inbox"),
    path("statistics/", views.statistics, name="statistics"),
    path("articles/", views.articles, name="articles"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/documents/<slug:kind>/", views.document, name="document"),
]
