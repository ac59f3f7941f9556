"""URLs of the report pages (see incidents/urls.py): list, detail, history, the report form and drafts."""

from django.urls import path

from hamkari.incidents import views

urlpatterns = [
    path("", views.incident_list, name="list"),
    path("new/", views.incident_new, name="new"),
    path("new/row/<slug:kind>/", views.form_row, name="form-row"),
    path("drafts/", views.draft_list, name="drafts"),
    path("drafts/<int:pk>/delete/", views.draft_delete, name="draft-delete"),
    path("<int:pk>/", views.incident_detail, name="detail"),
    path("<int:pk>/edit/", views.incident_edit, name="edit"),
    path("<int:pk>/history/", views.incident_history, name="history"),
]
