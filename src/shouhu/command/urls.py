from django.urls import path

from . import views

app_name = "command"
urlpatterns = [
    path("", views.index, name="index"),
    path("refresh/", views.refresh, name="refresh"),
    path("enterprises/<int:pk>/", views.enterprise, name="enterprise"),
    path("briefs/<int:pk>/", views.brief_pdf, name="brief"),
    path("<str:code>/", views.division, name="division"),
    path("<str:code>/enterprises/", views.enterprises, name="enterprises"),
    path("<str:code>/export/", views.export, name="export"),
    path("<str:code>/brief/", views.brief_new, name="brief-new"),
]
