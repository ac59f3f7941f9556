"""URLs of the export pages (see incidents/urls.py)."""

from django.urls import path

from hamkari.incidents import views_export

urlpatterns = [
    path("export/", views_export.export_page, name="export"),
    path("export/download/", views_export.export_download, name="export-download"),
]
