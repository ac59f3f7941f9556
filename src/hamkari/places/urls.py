from django.urls import path

from hamkari.places import views

app_name = "places"
urlpatterns = [
    path("search", views.search, name="search"),
    path("search.json", views.search_json, name="search-json"),
]
