from django.urls import path

from hamkari.sharing import views

app_name = "sharing"
urlpatterns = [
    path("records/", views.record_index, name="records"),
    path("records/<slug:slug>/", views.record_list, name="record-list"),
    path("records/<slug:slug>/export.csv", views.record_export, name="record-export"),
    path("records/<slug:slug>/<int:pk>/", views.record_detail, name="record-detail"),
    path("groups/", views.group_list, name="group-list"),
    path("groups/new/", views.group_edit, name="group-create"),
    path("groups/<uuid:uuid>/", views.group_detail, name="group-detail"),
    path("groups/<uuid:uuid>/edit/", views.group_edit, name="group-edit"),
    path("audit/", views.audit_log, name="audit"),
]
