"""Public statistics (mounted at statistics/ in hamkari/urls.py): no log-in, aggregates of public records only."""

from django.urls import path

from hamkari.insights import public_views

app_name = "public_stats"

urlpatterns = [
    path("", public_views.statistics, name="statistics"),
    path("statistics.csv", public_views.statistics_csv, name="csv"),
]
