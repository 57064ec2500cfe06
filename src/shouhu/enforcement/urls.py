from django.urls import path

from . import credit_views, views

app_name = "enforcement"
urlpatterns = [
    path("", views.index, name="index"),
    path("clues/", views.clues, name="clues"),
    path("clues/<int:pk>/register/", views.clue_register, name="clue-register"),
    path("statistics/", views.statistics, name="statistics"),
    path("<int:pk>/", views.case_detail, name="case"),
    path("<int:pk>/do/<slug:action>/", views.case_action, name="case-action"),
    path("<int:pk>/documents/<slug:kind>/", views.document, name="document"),
    path("credit/<int:enterprise_id>/", credit_views.credit_file, name="credit"),
    path("credit/<int:enterprise_id>/do/<slug:action>/", credit_views.credit_action, name="credit-action"),
    path("public/credit/<int:enterprise_id>/", credit_views.public_credit, name="public-credit"),
    path("public/typical/", credit_views.public_typical, name="public-typical"),
]
