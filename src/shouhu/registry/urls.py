from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("enterprises/", views.enterprise_list, name="enterprise-list"),
    path("enterprises/<int:pk>/", views.enterprise_detail, name="enterprise-detail"),
    path("people/<int:pk>/login/", views.person_login, name="person-login"),
    path("licences/renewals/", views.renewals, name="renewals"),
    path("licences/<int:pk>/", views.licence_detail, name="licence-detail"),
]
