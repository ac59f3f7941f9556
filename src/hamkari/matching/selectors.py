"""Reads of matching: hit lists, one hit as a user may see it, disclosure queues, identities, index status.

Who sees which hits: users with `hit.view` see the hits that involve their agency's entities; analysts and
focal points of a country see those of their whole country. Whether they see the *other* side's record is
decided for each hit through the chokepoint (`Model.objects.visible_to(user)`): when both records are
visible, the view holds both records and the explanation; otherwise only "possible match held by <country>,
<agency>", the score band and the reference (and what an approved disclosure gave their agency). The score,
the explanation and the other record's fields never reach a view in which the other record is hidden: the
explanation cites the other record's names.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.http import Http404

from hamkari.matching.models import (
    CappedKey, DisclosureRequest, DisclosureStatus, Hit, HitStatus, Judgement, MatchKey, MatchRecord, Verdict,
)
from hamkari.matching.models import MATCHABLE as MATCHABLE_KINDS
from hamkari.matching.records import entity_model
from hamkari.matching.services import country_wide, other, side_of
from hamkari.tenancy.roles import Perm


# --- hit lists -----------------------------------------------------------------------------------------------

def hit_scope(user) -> Q | None:
    """The hits a user may list, as a filter on Hit's own columns (no joins); None when none."""
    if not getattr(user, "is_authenticated", False) or not user.can(Perm.HIT_VIEW) or user.agency_id is None:
        return None
    if country_wide(user):
        return Q(a_country_id=user.country_id) | Q(b_country_id=user.country_id)
    return Q(a_agency_id=user.agency_id) | Q(b_agency_id=user.agency_id)


def hits_for(user, *, status: str | None = HitStatus.OPEN, band: str | None = None, kind: str | None = None,
             other_country: str | None = None, since=None):
    """The hits a user may list, newest first. Filters: status (None = any), band, entity kind, the country
    holding the other side (matches either side that is not the user's own country/agency), found since."""
    scope = hit_scope(user)
    if scope is None:
        return Hit.objects.none()
    qs = Hit.objects.filter(scope)
    if status:
        qs = qs.filter(status=status)
    if band:
        qs = qs.filter(band=band)
    if kind:
        qs = qs.filter(a_kind=kind)
    if other_country:
        code = other_country.upper()
        qs = qs.filter(Q(a_country_id=code) | Q(b_country_id=code))
    if since is not None:
        qs = qs.filter(created_at__gte=since)
    return qs.select_related("a_agency", "b_agency").order_by("-created_at", "-id")


def hit_counts(user) -> dict:
    """{band: open hits} for the user's scope (for a dashboard badge)."""
    rows = hits_for(user).order_by().values("band").annotate(n=Count("id"))
    return {r["band"]: r["n"] for r in rows}


def access_hit(user, reference: str) -> Hit:
    """The hit with this reference if it is in the user's scope; Http404 otherwise (as a missing one)."""
    scope = hit_scope(user)
    if scope is None or not isinstance(reference, str):
        raise Http404
    hit = Hit.objects.filter(scope, reference=reference).select_related("a_agency", "b_agency").first()
    if hit is None:
        raise Http404
    return hit


# --- one hit as a user sees it -------------------------------------------------------------------------------

@dataclass
class SideView:
    kind: str
    country: str  # ISO code, "" for an international body
    agency_code: str
    agency_name: str
    visible: bool
    entity_id: int | None = None  # only when visible
    record: object | None = None  # the model instance, only when visible (read through visible_to)


@dataclass
class HitView:
    hit: Hit
    reference: str
    band: str
    status: str
    created_at: object
    mine: SideView
    other: SideView
    both_visible: bool
    score: float | None = None  # only when both records are visible
    features: list = field(default_factory=list)  # only when both records are visible
    explanation: str = ""  # only when both records are visible
    disclosed: dict = field(default_factory=dict)  # fields an approved disclosure gave the user's agency
    request: DisclosureRequest | None = None  # the user's agency's latest request on this hit
    can_request: bool = False


def _side(hit, side, visible, records) -> SideView:
    agency = getattr(hit, f"{side}_agency")
    kind, pk = getattr(hit, f"{side}_kind"), getattr(hit, f"{side}_id")
    return SideView(kind=kind, country=getattr(hit, f"{side}_country_id") or "", agency_code=agency.code,
                    agency_name=agency.name, visible=visible, entity_id=pk if visible else None,
                    record=records.get((kind, pk)) if visible else None)


def hit_views(user, hits) -> list[HitView]:
    """Views of hits for `user` (hits from hits_for or access_hit). One visible_to query per entity kind on
    the page, one query for the agency's disclosure requests: no query per hit."""
    hits = [h for h in hits if side_of(user, h) is not None]
    wanted: dict[str, set[int]] = {}
    for hit in hits:
        for side in ("a", "b"):
            wanted.setdefault(getattr(hit, f"{side}_kind"), set()).add(getattr(hit, f"{side}_id"))
    records = {}
    for kind, ids in wanted.items():
        qs = entity_model(kind).objects.visible_to(user).filter(pk__in=list(ids)).select_related("owner_agency")
        for obj in qs:
            records[(kind, obj.pk)] = obj
    requests = {}
    for r in DisclosureRequest.objects.filter(hit__in=hits, requester_agency_id=user.agency_id).order_by(
            "created_at", "id"):
        requests[r.hit_id] = r  # the latest wins
    views = []
    for hit in hits:
        mine, theirs = side_of(user, hit), None
        theirs = other(mine)
        mine_visible = (getattr(hit, f"{mine}_kind"), getattr(hit, f"{mine}_id")) in records
        other_visible = (getattr(hit, f"{theirs}_kind"), getattr(hit, f"{theirs}_id")) in records
        both = mine_visible and other_visible
        request = requests.get(hit.pk)
        view = HitView(
            hit=hit, reference=hit.reference, band=hit.band, status=hit.status, created_at=hit.created_at,
            mine=_side(hit, mine, mine_visible, records), other=_side(hit, theirs, other_visible, records),
            both_visible=both, request=request,
            disclosed=dict(request.disclosed) if request and request.status == DisclosureStatus.APPROVED else {},
            can_request=(not other_visible and hit.status == HitStatus.OPEN and user.can(Perm.DISCLOSURE_REQUEST)
                         and (request is None or request.status == DisclosureStatus.DECLINED)),
        )
        if both:
            view.score, view.features, view.explanation = hit.score, list(hit.features), hit.explanation
        else:
            _redact(hit)
        views.append(view)
    return views


def _redact(hit) -> None:
    """Blank what the hit row holds of the hidden side (the explanation cites its names, the score says how close
    it is) on this instance, so that a template reaching `view.hit.explanation` shows nothing. The instance
    cannot be saved afterwards (Hit.save refuses), so the blanks never reach the database."""
    hit.features, hit.explanation, hit.score = [], "", None
    hit._redacted = True


def hit_view(user, hit) -> HitView:
    views = hit_views(user, [hit])
    if not views:
        raise Http404
    return views[0]


# --- disclosure ----------------------------------------------------------------------------------------------

def disclosures_to_decide(user, *, status: str | None = DisclosureStatus.REQUESTED):
    """Requests for the user's agency's records, for those who may decide them."""
    if not user.can(Perm.DISCLOSURE_DECIDE) or user.agency_id is None:
        return DisclosureRequest.objects.none()
    qs = DisclosureRequest.objects.filter(target_agency_id=user.agency_id)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("hit", "requester", "requester_agency").order_by("-created_at", "-id")


def disclosures_requested_by(user):
    """Requests made by the user's agency, newest first."""
    if user.agency_id is None:
        return DisclosureRequest.objects.none()
    return DisclosureRequest.objects.filter(requester_agency_id=user.agency_id).select_related(
        "hit", "target_agency").order_by("-created_at", "-id")


def access_disclosure(user, pk) -> DisclosureRequest:
    """A request the user's agency made or must decide; Http404 otherwise."""
    if user.agency_id is None:
        raise Http404
    try:
        return DisclosureRequest.objects.select_related("hit", "requester_agency", "target_agency").get(
            Q(requester_agency_id=user.agency_id) | Q(target_agency_id=user.agency_id), pk=pk)
    except (DisclosureRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- judgements and identities -------------------------------------------------------------------------------

def judgements_on(user, left: tuple[str, int], right: tuple[str, int]):
    """The history of judgements on a pair the user may both see, newest first."""
    from hamkari.matching.index import ordered
    from hamkari.matching.services import entity_visible

    (a_kind, a_id), (b_kind, b_id) = ordered((left[0], int(left[1])), (right[0], int(right[1])))
    if not (entity_visible(user, a_kind, a_id) and entity_visible(user, b_kind, b_id)):
        return Judgement.objects.none()
    return Judgement.objects.filter(a_kind=a_kind, a_id=a_id, b_kind=b_kind, b_id=b_id).select_related("user")


def _find(parent, x):
    while parent.setdefault(x, x) != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


def identities() -> list[set[tuple[str, int]]]:
    """Every identity: connected components of the pairs whose latest judgement is "same" (union-find).
    A later "not same" or "unsure" on a pair removes that edge, which is how a merge is undone."""
    from hamkari.matching.index import latest_verdicts

    parent: dict = {}
    for (a, b), verdict in latest_verdicts().items():
        if verdict == Verdict.SAME:
            ra, rb = _find(parent, a), _find(parent, b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict = {}
    for x in list(parent):
        groups.setdefault(_find(parent, x), set()).add(x)
    return [g for g in groups.values() if len(g) > 1]


def identity_of(kind: str, entity_id: int) -> set[tuple[str, int]]:
    """The entity's identity (itself included), from the "same" judgements reachable from it."""
    from hamkari.matching.index import latest_verdicts

    start = (kind, int(entity_id))
    seen, frontier = {start}, [start]
    while frontier:
        node = frontier.pop()
        for (a, b), verdict in latest_verdicts(*node).items():
            if verdict != Verdict.SAME:
                continue
            for nxt in (a, b):
                if nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
    return seen


def identity_for(user, kind: str, entity_id: int) -> list[object]:
    """The records of the entity's identity that the user may see (through the chokepoint), the entity first.
    Records the user may not see are left out without a trace."""
    members = identity_of(kind, entity_id)
    by_kind: dict[str, list[int]] = {}
    for k, pk in members:
        by_kind.setdefault(k, []).append(pk)
    out = []
    for k, ids in by_kind.items():
        out.extend(entity_model(k).objects.visible_to(user).filter(pk__in=ids))
    out.sort(key=lambda o: (o.pk != entity_id, o.pk))
    return out


# --- index status --------------------------------------------------------------------------------------------

def index_status() -> dict:
    by_kind = dict(MatchRecord.objects.order_by().values_list("kind").annotate(n=Count("id")))
    hits = dict(Hit.objects.order_by().values_list("status").annotate(n=Count("id")))
    return {"records": by_kind, "keys": MatchKey.objects.count(), "hits": hits,
            "capped": list(CappedKey.objects.order_by("-count", "key").values_list("key", "count")),
            "disclosures": dict(DisclosureRequest.objects.order_by().values_list("status").annotate(n=Count("id"))),
            "judgements": Judgement.objects.count()}


# --- on an entity's page -------------------------------------------------------------------------------------

def entity_hits(user, kind: str, entity_id: int, *, limit: int = 20) -> list[HitView]:
    """Hits on one entity that the user may list (any status), as the user may see them."""
    if kind not in MATCHABLE_KINDS:
        return []
    qs = hits_for(user, status=None).filter(Q(a_kind=kind, a_id=entity_id) | Q(b_kind=kind, b_id=entity_id))
    return hit_views(user, list(qs[:limit]))


def is_opted_out(kind: str, entity_id: int) -> bool:
    from hamkari.matching.models import OptOut

    return OptOut.objects.filter(kind=kind, entity_id=entity_id).exists()
