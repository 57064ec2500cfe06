from django.urls import path

from . import views

app_name = "haccp"
urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/versions/", views.versions, name="versions"),
    path("plans/<int:pk>/verifications/", views.verifications, name="verifications"),
    path("deviations/<int:pk>/", views.deviation, name="deviation"),
    path("supervise/", views.supervise, name="supervise"),
]
