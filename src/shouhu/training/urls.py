from django.urls import path

from . import views

app_name = "training"
urlpatterns = [
    path("", views.home, name="home"),
    path("bank/", views.bank_page, name="bank"),
    path("spot-checks/", views.spotchecks, name="spotchecks"),
    path("people/<int:pk>/", views.person_training, name="person"),
    path("exam/", views.exam_start, name="exam-start"),
    path("exam/paper/", views.exam_paper, name="exam-paper"),
]
