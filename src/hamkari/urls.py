from django.contrib import admin
from django.urls import include, path

from hamkari.api.urls import api

urlpatterns = [
    path("", include("hamkari.core.urls")),
    path("accounts/", include("hamkari.accounts.urls")),
    path("tenancy/", include("hamkari.tenancy.urls")),
    path("sharing/", include("hamkari.sharing.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("django-admin/", admin.site.urls),
]
