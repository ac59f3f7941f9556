from django.urls import path

from hamkari.tenancy import views

app_name = "tenancy"
urlpatterns = [
    path("agencies/", views.agency_list, name="agency-list"),
    path("agencies/<slug:code>/", views.agency_detail, name="agency-detail"),
]
