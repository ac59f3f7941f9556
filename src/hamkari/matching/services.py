"""Writes of matching: match and notify, disclosure requests and decisions, judgements. Every step that a person
takes is audited in the tamper-evident trail (sharing.audit).

Disclosure, and why it is done this way. The owner's focal point approves by choosing
- `fields`: which fields of the record to disclose. Their values are copied into the request (`disclosed`) and
  shown to the requesting agency on the hit: the owner shares exactly those, nothing else;
- `handling`: optionally, a handling code under which the record itself becomes visible to the requester:
  "restricted" puts the record in a new sharing group managed by the owner's agency, holding the record's
  previous group members (if it was restricted) plus the requester's agency; "regional" opens it to every
  member agency. Both go through `sharing.services.set_handling`, the one place that changes handling codes,
  so the chokepoint (`visible_to`) needs no exception for disclosures, and the change is audited there too.
  A new group is made rather than widening the record's existing one: other records of the owner use that
  group, and they must not be shared by this decision. "" leaves the record's handling as it is.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamkari.matching import index
from hamkari.matching.models import (
    DisclosureRequest, DisclosureStatus, Hit, HitStatus, Judgement, OptOut, Verdict,
)
from hamkari.matching.records import entity_model
from hamkari.sharing import audit
from hamkari.sharing.models import AuditAction, Handling
from hamkari.tenancy.roles import Perm, Role

MAX_TEXT = 4000


# --- links ---------------------------------------------------------------------------------------------------

def _url(name, args, fallback):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the pages come with the web layer; until then a stable path
        return fallback


def hit_url(hit) -> str:
    return _url("matching:hit-detail", [hit.reference], f"/matching/hits/{hit.reference}/")


def hit_list_url() -> str:
    return _url("matching:hit-list", [], "/matching/hits/")


def disclosure_url(request) -> str:
    return _url("matching:disclosure-detail", [request.pk], f"/matching/disclosures/{request.pk}/")


# --- who is told ---------------------------------------------------------------------------------------------

def focal_points(agency_ids):
    """Active users who are their agency's focal point: named on the agency, or holding the focal point role."""
    from hamkari.tenancy.models import Agency, User

    agency_ids = [a for a in set(agency_ids) if a is not None]
    named = Agency.objects.filter(pk__in=agency_ids, focal_point__isnull=False).values("focal_point_id")
    return list(User.objects.filter(
        Q(agency_id__in=agency_ids, role_grants__role=Role.FOCAL_POINT) | Q(pk__in=named, agency_id__in=agency_ids),
        is_active=True).distinct())


def notify_new_hits(hits) -> int:
    """One notification per focal point of every agency involved in `hits`, coalesced with their unread one."""
    from hamkari.notifications.services import notify

    by_agency: dict[int, list[Hit]] = {}
    for hit in hits:
        for agency_id in {hit.a_agency_id, hit.b_agency_id}:
            by_agency.setdefault(agency_id, []).append(hit)
    told = 0
    for agency_id, agency_hits in by_agency.items():
        refs = [h.reference for h in agency_hits]
        url = hit_url(agency_hits[0]) if len(agency_hits) == 1 else hit_list_url()
        told += notify(focal_points([agency_id]), "hit.new", {"count": len(agency_hits), "references": refs[:20]},
                       url)
    return told


def match_and_notify(refs, *, notify: bool = True) -> index.MatchStats:
    stats = index.match_entities(refs)
    if notify and stats.new_hits:
        notify_new_hits(stats.new_hits)
    return stats


# --- scope of a user -----------------------------------------------------------------------------------------

def country_wide(user) -> bool:
    """Analysts and focal points of a country see their whole country's hits; others their agency's."""
    return bool(user.country_id) and (user.has_role(Role.ANALYST) or user.has_role(Role.FOCAL_POINT))


def side_of(user, hit) -> str | None:
    """"a" or "b": the side of the hit that is the user's own (their agency's, or country's); None if neither."""
    for side in ("a", "b"):
        if getattr(hit, f"{side}_agency_id") == user.agency_id:
            return side
    if country_wide(user):
        for side in ("a", "b"):
            if getattr(hit, f"{side}_country_id") == user.country_id:
                return side
    return None


def other(side: str) -> str:
    return "b" if side == "a" else "a"


def entity_visible(user, kind: str, entity_id: int) -> bool:
    """Through the chokepoint, and nothing else."""
    return entity_model(kind).objects.visible_to(user).filter(pk=entity_id).exists()


# --- disclosure ----------------------------------------------------------------------------------------------

def _clean_text(value, name, *, required=True) -> str:
    text = (value or "").replace("\x00", "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        raise ValidationError({name: [_("Enter text.")]})
    if required and not text:
        raise ValidationError({name: [_("This field is required.")]})
    if len(text) > MAX_TEXT:
        raise ValidationError({name: [_("At most %(max)d characters.") % {"max": MAX_TEXT}]})
    return text


def _audit(action, *, actor, request_obj, step, extra=None, request=None):
    target_agency = request_obj.target_agency
    audit.record(action, actor=actor, request=request, object_type="matching.disclosurerequest",
                 object_id=str(request_obj.pk), object_country=target_agency.country_id or "",
                 object_agency=target_agency.code,
                 detail={"disclosure": step, "hit": request_obj.hit.reference,
                         "target": f"{request_obj.target_kind}:{request_obj.target_id}",
                         "requester_agency": request_obj.requester_agency.code, **(extra or {})})


@transaction.atomic
def request_disclosure(*, user, hit: Hit, reason: str, request=None) -> DisclosureRequest:
    """Ask the owner of the other side of `hit` to disclose it. Asking again while a request is open returns
    the open request."""
    if not user.can(Perm.DISCLOSURE_REQUEST):
        raise PermissionDenied
    side = side_of(user, hit)
    if side is None or hit.status != HitStatus.OPEN:
        raise PermissionDenied
    target = other(side)
    kind, entity_id = getattr(hit, f"{target}_kind"), getattr(hit, f"{target}_id")
    if entity_visible(user, kind, entity_id):
        raise ValidationError(_("You may already see this record: there is nothing to request."))
    reason = _clean_text(reason, "reason")
    existing = DisclosureRequest.objects.filter(hit=hit, requester_agency_id=user.agency_id,
                                                status=DisclosureStatus.REQUESTED).first()
    if existing is not None:
        return existing
    obj = DisclosureRequest.objects.create(
        hit=hit, requester=user, requester_agency_id=user.agency_id, target_kind=kind, target_id=entity_id,
        target_agency_id=getattr(hit, f"{target}_agency_id"), reason=reason)
    _audit(AuditAction.SHARING, actor=user, request_obj=obj, step="requested", request=request,
           extra={"reason": reason})
    from hamkari.notifications.services import notify

    notify(focal_points([obj.target_agency_id]), "disclosure.requested",
           {"reference": hit.reference, "requester_agency": obj.requester_agency.code,
            "requester_country": obj.requester_agency.country_id or ""}, disclosure_url(obj), coalesce=False)
    return obj


def can_decide(user, request_obj) -> bool:
    """The owning agency's users who may decide disclosures (its focal points)."""
    return user.can(Perm.DISCLOSURE_DECIDE) and user.agency_id == request_obj.target_agency_id


def disclosable_fields(kind: str) -> list[str]:
    """Fields of a kind that an owner may choose to disclose: the registry's export fields."""
    from hamkari.sharing.registry import all_specs

    model = entity_model(kind)
    spec = next((s for s in all_specs() if s.model is model), None)
    fields = list(spec.export_fields) if spec else []
    return [*fields, "other_names"] if kind == "person" else fields


def _snapshot(obj, kind, fields) -> dict:
    out = {}
    for name in fields:
        if name == "other_names":
            out[name] = " | ".join(obj.other_names.order_by("id").values_list("name", flat=True))
        else:
            value = getattr(obj, name)
            out[name] = "" if value is None else str(value)
    return out


def _disclosure_group(obj, requester_agency, request_obj):
    """A new sharing group managed by the owner: the record's current group members plus the requester."""
    from hamkari.sharing.models import SharingGroup

    group = SharingGroup.objects.create(
        name=f"Disclosure {request_obj.hit.reference} to {requester_agency.code}"[:200],
        description=f"Made when disclosure request {request_obj.pk} was approved.",
        owner_agency_id=obj.owner_agency_id)
    if obj.handling == Handling.RESTRICTED and obj.sharing_group_id:
        group.countries.set(obj.sharing_group.countries.all())
        group.agencies.set(obj.sharing_group.agencies.all())
    group.agencies.add(requester_agency)
    audit.record(AuditAction.SHARING, actor=request_obj.decided_by, object_type="sharing.sharinggroup",
                 object_id=str(group.uuid), object_agency=obj.owner_agency.code,
                 object_country=obj.owner_agency.country_id or "",
                 detail={"name": group.name, "created": True, "disclosure": request_obj.pk,
                         "after": {"countries": sorted(group.countries.values_list("iso2", flat=True)),
                                   "agencies": sorted(group.agencies.values_list("code", flat=True))}})
    return group


def _open_request_for(user, request_obj) -> DisclosureRequest:
    """The request, locked for the decision, if the user may decide it and it is still open."""
    request_obj = DisclosureRequest.objects.select_for_update().select_related(
        "hit", "requester_agency", "target_agency").get(pk=request_obj.pk)
    if not can_decide(user, request_obj):
        raise PermissionDenied
    if request_obj.status != DisclosureStatus.REQUESTED:
        raise ValidationError(_("This request has already been decided."))
    return request_obj


@transaction.atomic
def approve_disclosure(*, user, request_obj: DisclosureRequest, fields=None, handling: str = "",
                       request=None) -> DisclosureRequest:
    """Approve: disclose `fields` (default: every disclosable field) and, with `handling` "restricted" or
    "regional", make the record itself visible to the requester (see the module docstring)."""
    from hamkari.sharing.services import set_handling

    request_obj = _open_request_for(user, request_obj)
    allowed = disclosable_fields(request_obj.target_kind)
    fields = allowed if fields is None else list(fields)
    unknown = [f for f in fields if f not in allowed]
    if unknown or not fields:
        raise ValidationError({"fields": [_("Choose fields of the record to disclose.")]})
    if handling not in ("", Handling.RESTRICTED, Handling.REGIONAL):
        raise ValidationError({"handling": [_("Choose restricted or regional, or leave the handling as it is.")]})
    model = entity_model(request_obj.target_kind)
    obj = model.objects.filter(pk=request_obj.target_id).select_related("owner_agency").first()
    if obj is None:
        raise ValidationError(_("The record no longer exists."))
    request_obj.status = DisclosureStatus.APPROVED
    request_obj.decided_by = user
    request_obj.decided_at = timezone.now()
    request_obj.shared_fields = fields
    request_obj.disclosed = _snapshot(obj, request_obj.target_kind, fields)
    request_obj.handling = handling
    if handling == Handling.RESTRICTED:
        if obj.handling in (Handling.REGIONAL, Handling.PUBLIC):
            raise ValidationError({"handling": [_("The record is shared more widely already; restricting it "
                                                  "would take it away from others.")]})
        group = _disclosure_group(obj, request_obj.requester_agency, request_obj)
        set_handling(obj=obj, user=user, handling=Handling.RESTRICTED, sharing_group=group, request=request)
        request_obj.sharing_group = group
    elif handling == Handling.REGIONAL:
        set_handling(obj=obj, user=user, handling=Handling.REGIONAL, request=request)
    request_obj.save()
    _audit(AuditAction.SHARING, actor=user, request_obj=request_obj, step="approved", request=request,
           extra={"fields": fields, "handling": handling,
                  "sharing_group": str(request_obj.sharing_group.uuid) if request_obj.sharing_group else None})
    _tell_requester(request_obj, "disclosure.approved")
    return request_obj


@transaction.atomic
def decline_disclosure(*, user, request_obj: DisclosureRequest, reason: str, request=None) -> DisclosureRequest:
    request_obj = _open_request_for(user, request_obj)
    request_obj.decline_reason = _clean_text(reason, "reason")
    request_obj.status = DisclosureStatus.DECLINED
    request_obj.decided_by = user
    request_obj.decided_at = timezone.now()
    request_obj.save()
    _audit(AuditAction.SHARING, actor=user, request_obj=request_obj, step="declined", request=request,
           extra={"reason": request_obj.decline_reason})
    _tell_requester(request_obj, "disclosure.declined")
    return request_obj


def _tell_requester(request_obj, kind):
    from hamkari.notifications.services import notify

    users = [request_obj.requester] if request_obj.requester_id else []
    notify(users, kind, {"reference": request_obj.hit.reference,
                         "owner_agency": request_obj.target_agency.code,
                         "owner_country": request_obj.target_agency.country_id or ""},
           hit_url(request_obj.hit), coalesce=False)


# --- judgements ----------------------------------------------------------------------------------------------

@transaction.atomic
def judge(*, user, left: tuple[str, int], right: tuple[str, int], verdict: str, comment: str = "",
          request=None) -> Judgement:
    """Record a verdict on a pair of entities the user may both see. "not same" dismisses the pair's hit (and
    keeps it from coming back); a later "same" or "unsure" reopens it."""
    if not (user.can(Perm.HIT_VIEW) and user.can(Perm.RECORD_READ_PERSONAL)):
        raise PermissionDenied
    if verdict not in Verdict.values:
        raise ValidationError({"verdict": [_("Choose same, not the same or unsure.")]})
    (a_kind, a_id), (b_kind, b_id) = index.ordered((left[0], int(left[1])), (right[0], int(right[1])))
    if (a_kind, a_id) == (b_kind, b_id) or a_kind != b_kind:
        raise ValidationError(_("A judgement is about two different records of the same kind."))
    from django.http import Http404

    for kind, pk in ((a_kind, a_id), (b_kind, b_id)):
        if kind not in index.MATCHABLE or not entity_visible(user, kind, pk):
            raise Http404
    comment = _clean_text(comment, "comment", required=False)
    judgement = Judgement.objects.create(a_kind=a_kind, a_id=a_id, b_kind=b_kind, b_id=b_id, verdict=verdict,
                                         comment=comment, user=user, agency_id=user.agency_id)
    hit = Hit.objects.filter(a_kind=a_kind, a_id=a_id, b_kind=b_kind, b_id=b_id).first()
    if hit is not None:
        if verdict == Verdict.NOT_SAME and hit.status == HitStatus.OPEN:
            hit.status = HitStatus.DISMISSED
            hit.save(update_fields=["status", "updated_at"])
        elif verdict != Verdict.NOT_SAME and hit.status == HitStatus.DISMISSED:
            hit.status = HitStatus.OPEN
            hit.save(update_fields=["status", "updated_at"])
    model = entity_model(a_kind)
    audit.record(AuditAction.UPDATE, actor=user, request=request, object_type="matching.judgement",
                 object_id=str(judgement.pk), object_agency=user.agency.code, object_country=user.country_id or "",
                 detail={"judgement": verdict, "a": f"{a_kind}:{a_id}", "b": f"{b_kind}:{b_id}",
                         "hit": hit.reference if hit else None, "model": model._meta.label_lower,
                         "comment": comment})
    return judgement


# --- opting out ----------------------------------------------------------------------------------------------

@transaction.atomic
def set_opt_out(*, user, kind: str, entity_id: int, opted_out: bool, request=None) -> bool:
    """Take the owner's entity out of matching (or put it back). Only the owning agency's users who may set
    handling codes (its focal points) may. The entity is matched again, or forgotten, after the commit.
    Returns whether anything changed."""
    from hamkari.matching import signals

    if kind not in index.MATCHABLE:
        raise ValidationError({"kind": [_("Choose a kind of entity.")]})
    obj = entity_model(kind).objects.visible_to(user).filter(pk=entity_id).first()
    if obj is None:
        from django.http import Http404

        raise Http404
    if obj.owner_agency_id != user.agency_id or not user.can(Perm.SHARING_SET_HANDLING):
        raise PermissionDenied
    if opted_out:
        _row, changed = OptOut.objects.get_or_create(kind=kind, entity_id=obj.pk,
                                                     defaults={"agency_id": obj.owner_agency_id, "user": user})
    else:
        changed = OptOut.objects.filter(kind=kind, entity_id=obj.pk).delete()[0] > 0
    if changed:
        audit.record(AuditAction.SHARING, actor=user, obj=obj, request=request,
                     detail={"matching": "opted_out" if opted_out else "opted_in"})
        signals.queue(kind, obj.pk)
    return changed
