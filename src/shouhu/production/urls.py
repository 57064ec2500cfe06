from django.urls import path

from . import views, views_records, views_suppliers

app_name = "production"
urlpatterns = [
    path("batches/", views.batch_list, name="batches"),
    path("batches/new/", views.batch_new, name="batch-new"),
    path("batches/<int:pk>/", views.batch_detail, name="batch"),
    path("batches/<int:pk>/do/<slug:action>/", views.batch_action, name="batch-action"),
    path("tests/<int:pk>/", views_records.test_detail, name="test"),
    path("ccp/<int:pk>/", views_records.ccp_detail, name="ccp"),
    path("clearances/<int:pk>/", views_records.clearance_detail, name="clearance"),
    path("lots/", views.lot_list, name="lots"),
    path("lots/receive/", views.lot_receive, name="lot-receive"),
    path("lots/<int:pk>/", views_records.lot_detail, name="lot"),
    path("records/", views.record_index, name="records"),
    path("records/<int:number>/", views.record_list, name="record-list"),
    path("records/entry/<int:pk>/", views.record_detail, name="record"),
    path("suppliers/", views_suppliers.supplier_list, name="suppliers"),
    path("suppliers/<int:pk>/", views_suppliers.supplier_detail, name="supplier"),
    path("suppliers/<int:pk>/do/<slug:action>/", views_suppliers.supplier_action, name="supplier-action"),
    path("nonconforming/", views.nonconforming_list, name="nonconforming"),
]
