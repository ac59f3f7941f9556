"""URLs of the import pages (see incidents/urls.py)."""

from django.urls import path

from hamkari.incidents import views_import

urlpatterns = [
    path("import/", views_import.import_page, name="import"),
    path("import/template.xlsx", views_import.template_download, {"kind": "xlsx"}, name="import-template-xlsx"),
    path("import/template.csv", views_import.template_download, {"kind": "csv"}, name="import-template-csv"),
    path("import/<int:pk>/", views_import.import_detail, name="import-detail"),
    path("import/<int:pk>/status/", views_import.import_status, name="import-status"),
    path("import/<int:pk>/report.csv", views_import.import_report, name="import-report"),
]
