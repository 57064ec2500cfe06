from django.urls import path

from . import views

app_name = "checklists"
urlpatterns = [
    path("runs/", views.run_list, name="runs"),
    path("runs/<int:pk>/", views.run_sheet, name="run"),
    path("runs/<int:pk>/items/<str:item_id>/score", views.run_score, name="score"),
    path("runs/<int:pk>/<str:action>", views.run_action, name="action"),
]
