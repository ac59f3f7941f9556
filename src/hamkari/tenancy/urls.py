from django.urls import path

from hamkari.tenancy import views

app_name = "tenancy"
urlpatterns = [
    path("agencies/", views.agency_list, name="agency-list"),
    path("agencies/new/", views.agency_create, name="agency-create"),
    path("agencies/<slug:code>/", views.agency_detail, name="agency-detail"),
    path("agencies/<slug:code>/edit/", views.agency_edit, name="agency-edit"),
    path("agencies/<slug:code>/focal-point/", views.agency_focal_point, name="agency-focal-point"),
    path("agencies/<slug:code>/users/new/", views.user_create, name="user-create"),
    path("users/<int:pk>/", views.user_edit, name="user-edit"),
    path("users/<int:pk>/created/", views.user_created, name="user-created"),
    path("users/<int:pk>/reset-second-factor/", views.user_reset_otp, name="user-reset-otp"),
    path("countries/", views.country_list, name="country-list"),
]
