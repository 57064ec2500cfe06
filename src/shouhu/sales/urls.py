from django.urls import path

from . import views

app_name = "sales"
urlpatterns = [
    path("", views.index, name="index"),
    path("sellers/<int:pk>/", views.seller, name="seller"),
    path("shops/<int:pk>/", views.shop, name="shop"),
    path("requests/", views.requests, name="requests"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("signals/", views.signals, name="signals"),
    path("sweeps/<int:sweep_pk>/", views.sweep_link, name="sweep-link"),
    path("links/", views.links, name="links"),
    path("reach/", views.reach, name="reach"),
    path("inspections/<int:pk>/conclude", views.inspection_conclude, name="inspection-conclude"),
]
