from django.urls import path

from . import views

app_name = "obligations"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("count/", views.todo_badge, name="count"),
    path("overdue/", views.overdue, name="overdue"),
    path("notifications/", views.notifications, name="notifications"),
    path("preferences/", views.preferences, name="preferences"),
    path("<int:pk>/", views.detail, name="detail"),
]
