"""The link chart, under insights/network/ (namespace "insights"): the page, its JSON and its exports."""

from django.urls import path

from hamkari.insights import network_views as views

urlpatterns = [
    path("", views.chart, name="network"),
    path("expand/<str:kind>/<str:key>/", views.expand, name="network-expand"),
    path("path/", views.path, name="network-path"),
    path("communities/", views.community_view, name="network-communities"),
    path("export/<str:fmt>/", views.export, name="network-export"),
]
