"""The dashboard, at the root of insights/, and the CSV download of each of its charts (same filters)."""

from django.urls import path

from hamkari.insights import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("csv/<slug:chart>/", views.chart_csv, name="csv"),
]
