from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from hamkari.api.urls import api

urlpatterns = [
    path("", include("hamkari.core.urls")),
    path("accounts/", include("hamkari.accounts.urls")),
    path("tenancy/", include("hamkari.tenancy.urls")),
    path("sharing/", include("hamkari.sharing.urls")),
    path("incidents/", include("hamkari.incidents.urls")),
    path("entities/", include("hamkari.entities.urls")),
    path("places/", include("hamkari.places.urls")),
    path("matching/", include("hamkari.matching.urls")),
    path("notifications/", include("hamkari.notifications.urls")),
    path("insights/", include("hamkari.insights.urls")),
    path("statistics/", include("hamkari.insights.urls_public")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    re_path(r"^api/docs/?$", RedirectView.as_view(url="/api/v1/docs", permanent=False), name="api-docs"),
    path("django-admin/", admin.site.urls),
]
