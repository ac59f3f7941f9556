"""Entity pages: /entities/<kind>/<pk>/ (one URL name per kind, "entities:phone-detail", so that each takes
only the pk and the access-control matrix can check it like any record page)."""

from django.urls import path

from hamkari.entities import views
from hamkari.entities.models import ENTITY_FIELDS

app_name = "entities"
urlpatterns = []
for _kind in ENTITY_FIELDS:
    urlpatterns += [
        path(f"{_kind}/<int:pk>/", views.entity_detail, {"kind": _kind}, name=f"{_kind}-detail"),
        path(f"{_kind}/<int:pk>/sharing/", views.entity_sharing, {"kind": _kind}, name=f"{_kind}-sharing"),
    ]
