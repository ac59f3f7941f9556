"""API over hits: the list and one hit as the caller may see it (hit/no-hit where the other record is not
visible to them), a disclosure request, a judgement. Reads go through the same selectors as the pages, which
decide visibility through the chokepoint; writes through the same services, which check roles and audit."""

from datetime import datetime
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema, Status

from hamkari.api.common import CountryCode, Limit, Offset, Text, responses
from hamkari.matching import selectors, services
from hamkari.sharing import audit
from hamkari.sharing.models import AuditAction
from hamkari.tenancy.roles import Perm

router = Router(tags=["hits"])

Reference = Annotated[str, Path(pattern=r"^[-A-Z0-9]{1,32}$", description="the hit's reference, e.g. HIT-2026-000123")]
KindCode = Literal["person", "organization", "phone", "vehicle", "document", "account"]


class SideOut(Schema):
    kind: str
    country: str | None = Field(description="ISO code of the country holding the record; null for an international body")
    agency: str = Field(description="code of the agency holding the record")
    visible: bool = Field(description="whether the caller may see this record")
    id: int | None = Field(description="the record's id (under /entities/{kind}/), only when visible")


class FeatureOut(Schema):
    code: str
    field: str
    weight: float
    params: dict
    detail: str


class HitOut(Schema):
    reference: str
    band: str = Field(description="high, medium or low")
    status: str = Field(description="open, dismissed (judged not the same) or withdrawn")
    created_at: datetime
    mine: SideOut
    other: SideOut
    both_visible: bool
    score: float | None = Field(description="0 to 1; only when the caller may see both records")
    features: list[FeatureOut] = Field(description="the explanation; empty unless both records are visible")
    disclosed: dict[str, str] = Field(description="fields the other record's owner disclosed to the caller's agency")
    disclosure_status: str | None = Field(description="the caller's agency's latest request: requested, approved "
                                                      "or declined")
    can_request_disclosure: bool


class HitPage(Schema):
    count: int
    limit: int
    offset: int
    results: list[HitOut]


class HitFilters(Schema):
    status: Literal["open", "dismissed", "withdrawn", "any"] = "open"
    band: Literal["high", "medium", "low"] | None = None
    kind: KindCode | None = None
    country: CountryCode | None = Field(None, description="the country holding the other record")
    limit: Limit = 50
    offset: Offset = 0


class DisclosureIn(Schema):
    reason: Annotated[Text, Field(min_length=1, max_length=2000)]


class DisclosureOut(Schema):
    id: int
    hit: str
    status: str
    created_at: datetime


class JudgementIn(Schema):
    verdict: Literal["same", "not_same", "unsure"]
    comment: Annotated[Text, Field(max_length=2000)] = ""


class JudgementOut(Schema):
    id: int
    hit: str
    verdict: str
    hit_status: str
    created_at: datetime


def _side(side) -> dict:
    return {"kind": side.kind, "country": side.country or None, "agency": side.agency_code,
            "visible": side.visible, "id": side.entity_id if side.visible else None}


def _hit_out(view) -> dict:
    return {"reference": view.reference, "band": view.band, "status": view.status, "created_at": view.created_at,
            "mine": _side(view.mine), "other": _side(view.other), "both_visible": view.both_visible,
            "score": view.score if view.both_visible else None,
            "features": [{"code": f.get("code", ""), "field": f.get("field", ""), "weight": f.get("weight", 0.0),
                          "params": f.get("params") or {}, "detail": f.get("detail", "")}
                         for f in view.features] if view.both_visible else [],
            "disclosed": {k: str(v) for k, v in view.disclosed.items()},
            "disclosure_status": view.request.status if view.request else None,
            "can_request_disclosure": view.can_request}


def _require_hit_view(request):
    from django.core.exceptions import PermissionDenied

    if not request.user.can(Perm.HIT_VIEW) or request.user.agency_id is None:
        raise PermissionDenied


@router.get("", response=responses({200: HitPage}), summary="Hits on your agency's (or country's) records")
def hit_list(request: HttpRequest, filters: Query[HitFilters]):
    _require_hit_view(request)
    qs = selectors.hits_for(request.user, status=None if filters.status == "any" else filters.status,
                            band=filters.band, kind=filters.kind, other_country=filters.country)
    hits = list(qs[filters.offset:filters.offset + filters.limit])
    views = selectors.hit_views(request.user, hits)
    audit.record(AuditAction.SEARCH, actor=request.user, request=request, object_type="matching.hit",
                 detail={"query": filters.dict(exclude_none=True), "rows": len(views), "via": "api"})
    return {"count": qs.count(), "limit": filters.limit, "offset": filters.offset,
            "results": [_hit_out(v) for v in views]}


@router.get("/{reference}", response=responses({200: HitOut}, 404), summary="One hit")
def hit_detail(request: HttpRequest, reference: Reference):
    _require_hit_view(request)
    view = selectors.hit_view(request.user, selectors.access_hit(request.user, reference))
    if view.both_visible:
        audit.record(AuditAction.VIEW, actor=request.user, obj=view.other.record, request=request,
                     detail={"via": "api", "hit": view.reference})
    return _hit_out(view)


@router.post("/{reference}/disclosure-requests", response=responses({201: DisclosureOut}, 404),
             summary="Ask the other record's owner to disclose it")
def disclosure_request(request: HttpRequest, reference: Reference, body: DisclosureIn):
    _require_hit_view(request)
    hit = selectors.access_hit(request.user, reference)
    obj = services.request_disclosure(user=request.user, hit=hit, reason=body.reason, request=request)
    return Status(201, {"id": obj.pk, "hit": hit.reference, "status": obj.status, "created_at": obj.created_at})


@router.post("/{reference}/judgements", response=responses({201: JudgementOut}, 404),
             summary="Judge whether the two records are the same (both must be visible to you)")
def judgement_add(request: HttpRequest, reference: Reference, body: JudgementIn):
    _require_hit_view(request)
    view = selectors.hit_view(request.user, selectors.access_hit(request.user, reference))
    if not view.both_visible:
        from django.http import Http404

        raise Http404
    judgement = services.judge(user=request.user, left=(view.mine.kind, view.mine.entity_id),
                               right=(view.other.kind, view.other.entity_id), verdict=body.verdict,
                               comment=body.comment, request=request)
    view.hit.refresh_from_db()
    return Status(201, {"id": judgement.pk, "hit": view.reference, "verdict": judgement.verdict,
                        "hit_status": view.hit.status, "created_at": judgement.created_at})
