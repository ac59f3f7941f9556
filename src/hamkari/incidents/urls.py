"""Incident URLs, assembled from the reporting, import and export modules (one owner each)."""

from hamkari.incidents import urls_export, urls_import, urls_report

app_name = "incidents"
urlpatterns = [*urls_report.urlpatterns, *urls_import.urlpatterns, *urls_export.urlpatterns]
