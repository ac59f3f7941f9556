"""What every API router shares: error bodies, paging, input types that refuse what the database cannot hold.

Rule 7 (DESIGN.md): malformed requests get a 4xx with a message, never a 5xx. Most of that is done by typing
the input precisely, so that django-ninja (pydantic) refuses it with 422 before any query runs: identifiers
within the database's integer range, limits and offsets with a stated maximum, strings without NUL (PostgreSQL
text cannot hold it), codes matching their pattern, enumerations as enumerations.
"""

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Path, Schema
from pydantic import AfterValidator

from hamkari.sharing import audit
from hamkari.sharing.models import Accuracy, AuditAction, Handling, Reliability

MAX_LIMIT = 500
DEFAULT_LIMIT = 50
MAX_OFFSET = 1_000_000_000
MAX_ID = 2**63 - 1  # BigAutoField
MAX_TEXT = 200  # search words and other free-text filters


def _no_nul(value: str) -> str:
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    return value


# Free text: anything but NUL. The pattern only documents it (the validator gives the clearer message).
_NO_NUL_DOC = {"pattern": "^[^\\u0000]*$"}
Text = Annotated[str, AfterValidator(_no_nul), Field(json_schema_extra=_NO_NUL_DOC)]
SearchText = Annotated[str, Field(max_length=MAX_TEXT, json_schema_extra=_NO_NUL_DOC), AfterValidator(_no_nul)]
CountryCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 code, e.g. AF",
                                   examples=["AF"])]
AgencyCode = Annotated[str, Field(pattern=r"^[-A-Za-z0-9_]{1,32}$", description="agency code, e.g. AF-CNPA")]
RecordId = Annotated[int, Path(ge=1, le=MAX_ID, description="the record's id")]
HandlingCode = Annotated[str, Field(pattern="^(" + "|".join(Handling.values) + ")$")]
ReliabilityCode = Annotated[str, Field(pattern="^(" + "|".join(Reliability.values) + ")$")]
AccuracyCode = Annotated[str, Field(pattern="^(" + "|".join(Accuracy.values) + ")$")]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT, description=f"page size, at most {MAX_LIMIT}")]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description="records to skip")]


def omittable(**kwargs):
    """A field that may be left out but not sent as null: `name: Type = omittable()` (Type without None)."""
    return Field(None, **kwargs)


def drop_null_defaults(schema: dict, model=None) -> None:
    """`json_schema_extra` of request bodies: an omittable field's default (None, "not sent") would read as "null
    is fine" in the OpenAPI document; keep it only where null is indeed accepted."""
    for prop in schema.get("properties", {}).values():
        if "default" in prop and prop["default"] is None:
            types = [prop.get("type"), *(alt.get("type") for alt in prop.get("anyOf", []))]
            if "null" not in types:
                del prop["default"]


# --- error bodies ---------------------------------------------------------------------------------------------

class Message(Schema):
    detail: str


class ValidationProblem(Schema):
    loc: list[str | int] = []
    msg: str
    type: str


class ValidationErrors(Schema):
    detail: list[ValidationProblem]


def errors(*codes: int) -> dict[int, Any]:
    """Response declarations for the errors a route may give, so the OpenAPI document lists them all."""
    out = {code: Message for code in codes}
    if 422 in codes:
        out[422] = ValidationErrors
    return out


# What every authenticated route may answer: not logged in, refused (scope, role, CSRF), malformed input.
COMMON_ERRORS = (400, 401, 403, 422)


def responses(ok: dict[int, Any], *extra: int) -> dict[int, Any]:
    return {**ok, **errors(*COMMON_ERRORS, *extra)}


# --- output pieces --------------------------------------------------------------------------------------------

class RecordMeta(Schema):
    """Who owns a shareable record and how it is shared and graded."""

    id: int
    owner_agency: str = Field(description="code of the owning agency")
    owner_country: str | None = Field(description="ISO code of the owning country; null for an international body")
    handling: str = Field(description="national, restricted, regional or public")
    reliability: str = Field(description="source reliability: A, B, C or X")
    accuracy: str = Field(description="information accuracy: 1 to 4")
    created_at: datetime
    updated_at: datetime


def meta(obj) -> dict:
    return {"id": obj.pk, "owner_agency": obj.owner_agency.code, "owner_country": obj.owner_country_id,
            "handling": obj.handling, "reliability": obj.reliability, "accuracy": obj.accuracy,
            "created_at": obj.created_at, "updated_at": obj.updated_at}


# --- paging and auditing --------------------------------------------------------------------------------------

def page(request: HttpRequest, qs, *, limit: int, offset: int, convert, object_type: str, query: dict,
         count: int | None = None) -> dict:
    """One page of a visible queryset, with the total, and the search written to the audit trail."""
    rows = list(qs[offset:offset + limit])
    total = qs.count() if count is None else count
    audit.record(AuditAction.SEARCH, actor=request.user, request=request, object_type=object_type,
                 detail={"query": {k: _plain(v) for k, v in query.items() if v not in (None, "", [])},
                         "offset": offset, "rows": len(rows), "via": "api"})
    return {"count": total, "limit": limit, "offset": offset, "results": [convert(o) for o in rows]}


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def audit_view(request: HttpRequest, obj, **detail):
    audit.record(AuditAction.VIEW, actor=request.user, obj=obj, request=request, detail={"via": "api", **detail})
