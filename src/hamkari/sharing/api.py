"""API over every registered shareable model: list (with search), count, detail. All through the chokepoint."""

from django.http import Http404
from ninja import Router, Schema
from ninja.errors import HttpError

from hamkari.sharing import audit, records
from hamkari.sharing.models import AuditAction
from hamkari.sharing.registry import get_spec
from hamkari.sharing.visibility import access

router = Router(tags=["records"])
MAX_LIMIT = 500


class RecordOut(Schema):
    id: int
    owner_agency: str
    owner_country: str | None
    handling: str
    reliability: str
    accuracy: str
    fields: dict
    created_at: str


class RecordPage(Schema):
    count: int
    results: list[RecordOut]


class CountOut(Schema):
    count: int


def _spec(slug):
    spec = get_spec(slug)
    if spec is None:
        raise Http404
    return spec


def _out(spec, obj) -> dict:
    return {
        "id": obj.pk, "owner_agency": obj.owner_agency.code, "owner_country": obj.owner_country_id,
        "handling": obj.handling, "reliability": obj.reliability, "accuracy": obj.accuracy,
        "fields": {f: _json(getattr(obj, f)) for f in spec.export_fields},
        "created_at": obj.created_at.isoformat(),
    }


def _json(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


@router.get("/{slug}", response=RecordPage)
def record_list(request, slug: str, q: str = "", limit: int = 50, offset: int = 0):
    spec = _spec(slug)
    if not (0 < limit <= MAX_LIMIT) or offset < 0:
        raise HttpError(400, f"limit must be between 1 and {MAX_LIMIT}, offset at least 0")
    if len(q) > records.MAX_SEARCH_LENGTH:
        raise HttpError(400, f"q is longer than {records.MAX_SEARCH_LENGTH} characters")
    qs = records.search(spec, request.user, q)
    page = list(qs[offset:offset + limit])
    audit.record(AuditAction.SEARCH, actor=request.user, request=request, object_type=spec.model._meta.label_lower,
                 detail={"query": records.clean_query(q), "offset": offset, "rows": len(page), "via": "api"})
    return {"count": qs.count(), "results": [_out(spec, o) for o in page]}


@router.get("/{slug}/count", response=CountOut)
def record_count(request, slug: str, q: str = ""):
    spec = _spec(slug)
    if len(q) > records.MAX_SEARCH_LENGTH:
        raise HttpError(400, f"q is longer than {records.MAX_SEARCH_LENGTH} characters")
    return {"count": records.search(spec, request.user, q).count()}


@router.get("/{slug}/{pk}", response=RecordOut)
def record_detail(request, slug: str, pk: int):
    spec = _spec(slug)
    obj = access(spec.model, request.user, pk)
    audit.record(AuditAction.VIEW, actor=request.user, obj=obj, request=request, detail={"via": "api"})
    return _out(spec, obj)
