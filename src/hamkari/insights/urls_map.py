"""The map and the route flows (under insights/map/): the full-screen page, the region's geometry, the data the
charts draw, their tables and CSV downloads."""

from django.urls import path

from hamkari.insights import map_views

urlpatterns = [
    path("", map_views.map_page, name="map"),
    path("regions.geojson", map_views.regions, name="map-regions"),
    path("data/", map_views.map_data, name="map-data"),
    path("flows/", map_views.flows_data, name="map-flows"),
    path("tables/<slug:part>/", map_views.map_fragment, name="map-tables"),
    path("csv/<slug:kind>/", map_views.map_csv, name="map-csv"),
]
