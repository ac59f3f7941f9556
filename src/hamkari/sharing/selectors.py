"""Reads for sharing: record counts, sharing groups, the audit trail as focal points see it."""

from django.db.models import Count, Q

from hamkari.sharing.models import AuditAction, AuditEntry, SharingGroup
from hamkari.sharing.registry import all_specs
from hamkari.tenancy.roles import Perm


def record_counts(user, *, since):
    """(spec, total, new since) for every shareable model, counted through the chokepoint."""
    rows = []
    for spec in all_specs():
        counts = spec.model.objects.visible_to(user).aggregate(
            total=Count("pk"), recent=Count("pk", filter=Q(created_at__gte=since))
        )
        rows.append((spec, counts["total"], counts["recent"]))
    return rows


def groups_visible_to(user):
    """Sharing groups a user may see: those their agency manages or belongs to, or whose countries include theirs."""
    if not user.is_authenticated or user.agency_id is None:
        return SharingGroup.objects.none()
    q = Q(owner_agency_id=user.agency_id) | Q(agencies=user.agency_id)
    if user.country_id:
        q |= Q(countries=user.country_id)
    ids = SharingGroup.objects.filter(q).values("id")
    return SharingGroup.objects.filter(id__in=ids).select_related("owner_agency").prefetch_related(
        "countries", "agencies")


def groups_managed_by(agency):
    return SharingGroup.objects.filter(owner_agency=agency).order_by("name")


def can_manage_group(user, group) -> bool:
    return user.can(Perm.SHARING_MANAGE_GROUPS) and group.owner_agency_id == user.agency_id


def country_views(user):
    """Views of the user's country's records by anyone outside their agency, newest first."""
    if not user.can(Perm.AUDIT_VIEW_COUNTRY) and not user.can(Perm.AUDIT_VIEW_ALL):
        return AuditEntry.objects.none()
    qs = AuditEntry.objects.filter(action=AuditAction.VIEW)
    if user.can(Perm.AUDIT_VIEW_ALL):
        return qs.order_by("-seq")
    if user.country_id:
        qs = qs.filter(object_country=user.country_id)
    else:
        qs = qs.filter(object_agency=user.agency.code)
    return qs.order_by("-seq")


def foreign_viewers(user, *, since):
    """Who from another country (or body) viewed the user's country's records since a date, with counts."""
    qs = country_views(user).filter(at__gte=since)
    if user.country_id:
        qs = qs.exclude(actor_country=user.country_id)
    else:
        qs = qs.exclude(actor_agency=user.agency.code)
    rows = (
        qs.order_by().values("actor_username", "actor_agency", "actor_country")
        .annotate(count=Count("id")).order_by("-count")[:10]
    )
    from hamkari.tenancy.countries import country_name

    return [
        {"user": r["actor_username"], "agency": r["actor_agency"],
         "country": country_name(r["actor_country"]) if r["actor_country"] else "—", "count": r["count"]}
        for r in rows
    ]


def has_second_factor(user) -> bool:
    from django_otp import devices_for_user

    return any(True for _ in devices_for_user(user, confirmed=True))
