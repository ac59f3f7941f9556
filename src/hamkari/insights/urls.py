"""The regional picture: the dashboard and its map and route flows (urls_dashboard, urls_map), the link chart
(urls_network). Public statistics have their own prefix, without log-in (urls_public, in hamkari/urls.py)."""

from django.urls import include, path

app_name = "insights"

urlpatterns = [
    path("", include("hamkari.insights.urls_dashboard")),
    path("map/", include("hamkari.insights.urls_map")),
    path("network/", include("hamkari.insights.urls_network")),
]
