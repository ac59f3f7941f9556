"""The HTTP API, assembled from each app's router. Mounted at /api/v1/; OpenAPI document at /api/v1/openapi.json,
its documentation page at /api/docs (which leads to /api/v1/docs).

Authentication: an API token (`Authorization: Bearer hmk_...`, made on /accounts/tokens/) or the browser
session once the second factor is proven. See docs/api.md.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from hamkari.accounts.tokens import SecondFactorSessionAuth, TokenAuth
from hamkari.api.exports import router as exports_router
from hamkari.api.imports import router as imports_router
from hamkari.entities.api import router as entities_router
from hamkari.incidents.api import incidents_router, seizures_router
from hamkari.matching.api import router as hits_router
from hamkari.sharing.api import router as records_router

DESCRIPTION = """\
Hamkari's HTTP API: incidents, seizures, entities, imports, exports and hits (cross-border matches).

**Authentication.** Make a token on the *API tokens* page of your account and send it as
`Authorization: Bearer <token>`. A *read* token may only read; a *read and write* token may also report and change
records. A browser session (after the second factor) works too. Either way you see exactly what your roles and
the owners' sharing rules let you see: a record you may not see answers 404, exactly like one that does not exist.

**Lists** take `limit` (at most 500) and `offset` and answer `{"count", "limit", "offset", "results"}`; the
incident list pages by `cursor` instead (pass its `next_cursor`), as fast on the last page as on the first.

**Errors** answer `{"detail": "..."}` (422: `{"detail": [{"loc", "msg", "type"}]}`), never a 5xx for bad input.
"""


class LocalSwagger(Swagger):
    """Swagger UI from the platform's own static files, never from a CDN (DESIGN rule 8, and the CSP).

    django-ninja serves its own copy of Swagger UI when "ninja" is an installed app (which also makes
    `collectstatic` pick the files up); otherwise it would load them from a CDN. Until it is installed, this
    shows a plain page that links to the OpenAPI document instead."""

    def render_page(self, request, api, **kwargs):
        if "ninja" in settings.INSTALLED_APPS:
            return super().render_page(request, api, **kwargs)
        url = self.get_openapi_url(api, kwargs)
        page = format_html(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head><body>'
            "<h1>{title}</h1><p>{text} <a href=\"{url}\">{url}</a></p></body></html>",
            title=api.title, url=url, text=_("The OpenAPI document of this API:"))
        return HttpResponse(page)


ERROR_REF = {"$ref": "#/components/schemas/Message"}
VALIDATION_REF = {"$ref": "#/components/schemas/ValidationErrors"}
ERROR_DESCRIPTIONS = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
                      413: "Content Too Large", 422: "Unprocessable Entity"}


def document_errors(schema: dict) -> dict:
    """Declare, on every operation, the errors any route of this API may give, unless it declares them itself.

    Every route is authenticated (401), may be refused for the token's scope, a role or CSRF (403), and checks
    its input (400, 422); a route with a path parameter answers 404 for what does not exist or may not be seen;
    one that takes a body refuses an oversized one (413). All are {"detail": ...} bodies (422: a list)."""
    for path, operations in schema.get("paths", {}).items():
        for method, operation in operations.items():
            codes = [400, 401, 403, 422]
            if "{" in path:
                codes.append(404)
            if method in ("post", "put", "patch"):
                codes.append(413)
            declared = operation.setdefault("responses", {})
            for code in codes:
                if code not in declared and str(code) not in declared:
                    declared[code] = {"description": ERROR_DESCRIPTIONS[code], "content": {
                        "application/json": {"schema": VALIDATION_REF if code == 422 else ERROR_REF}}}
    return schema


class HamkariAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        return document_errors(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))


api = HamkariAPI(
    title="Hamkari API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[TokenAuth(), SecondFactorSessionAuth()],
    docs=LocalSwagger(),
    docs_url="/docs",
)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    # The services' own reasons ("only for your own agency") are shown; they never describe a record.
    return api.create_response(request, {"detail": str(exc) or _("You may not do this.")}, status=403)


@api.exception_handler(DjangoValidationError)
def _invalid(request, exc):
    messages = exc.messages if hasattr(exc, "messages") else [str(exc)]
    return api.create_response(request, {"detail": " ".join(str(m) for m in messages)}, status=400)


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return api.create_response(request, {"detail": _("The request body is too large.")}, status=413)


@api.exception_handler(SuspiciousOperation)
def _suspicious(request, exc):
    return api.create_response(request, {"detail": _("The request was refused as malformed.")}, status=400)


api.add_router("/records", records_router)
api.add_router("/incidents", incidents_router)
api.add_router("/seizures", seizures_router)
api.add_router("/entities", entities_router)
api.add_router("/imports", imports_router)
api.add_router("/exports", exports_router)
api.add_router("/hits", hits_router)
