"""The HTTP API, assembled from each app's router (OpenAPI at /api/v1/docs)."""

from ninja import NinjaAPI
from ninja.security import django_auth

from hamkari.sharing.api import router as records_router

api = NinjaAPI(
    title="Hamkari API",
    version="1",
    urls_namespace="api",
    auth=django_auth,
    docs_url="/docs",
)
api.add_router("/records", records_router)
