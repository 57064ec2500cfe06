from django.urls import path

from . import views

app_name = "licensing"
urlpatterns = [
    path("", views.application_list, name="applications"),
    path("new/", views.application_new, name="application-new"),
    path("<int:pk>/", views.application_detail, name="application"),
    path("<int:pk>/do/<slug:action>/", views.application_action, name="application-action"),
    path("<int:pk>/report.<str:fmt>", views.review_report, name="report"),
    path("verifications/<int:pk>/", views.verification_detail, name="verification"),
    path("verifications/<int:pk>/do/<slug:action>/", views.verification_action, name="verification-action"),
    path("verifications/<int:pk>/record.<str:fmt>", views.verification_record, name="record"),
    path("documents/<int:pk>/", views.document_file, name="document"),
    path("rectifications/", views.rectification_list, name="rectifications"),
    path("changes/", views.change_list, name="changes"),
    path("licences/<int:pk>/reverify/", views.reverify, name="reverify"),
]
