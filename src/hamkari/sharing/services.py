"""Writes for sharing: sharing groups and handling codes. Every change is audited."""

from django.db import transaction

from hamkari.sharing import audit
from hamkari.sharing.models import AuditAction, Handling


def _members(group):
    return {
        "countries": sorted(group.countries.values_list("iso2", flat=True)),
        "agencies": sorted(group.agencies.values_list("code", flat=True)),
    }


@transaction.atomic
def sharing_group_save(*, form, user, request=None):
    """Create or change a sharing group from a valid form; new groups belong to the user's agency."""
    group = form.instance
    is_new = group.pk is None
    before = {} if is_new else _members(group)
    if is_new:
        group.owner_agency = user.agency
    group = form.save()
    after = _members(group)
    audit.record(
        AuditAction.SHARING, actor=user, request=request, object_type="sharing.sharinggroup",
        object_id=str(group.uuid), object_agency=group.owner_agency.code,
        object_country=group.owner_agency.country_id or "",
        detail={"name": group.name, "created": is_new, "before": before, "after": after},
    )
    return group


def _owner_controls(obj, group) -> bool:
    """Is `group` managed by the record's owning agency or, for a country's record, by an agency of that country?"""
    manager = group.owner_agency
    if obj.owner_agency_id == manager.pk:
        return True
    return obj.owner_agency.country_id is not None and manager.country_id == obj.owner_agency.country_id


@transaction.atomic
def set_handling(*, obj, user, handling, sharing_group=None, reliability=None, accuracy=None, request=None):
    """Change a record's handling code (and grading). Only its own agency's focal points may."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from hamkari.tenancy.roles import Perm

    if obj.owner_agency_id != user.agency_id or not user.can(Perm.SHARING_SET_HANDLING):
        raise PermissionDenied
    if handling == Handling.RESTRICTED and sharing_group is None:
        raise ValidationError("a restricted record needs a sharing group")
    if handling == Handling.RESTRICTED and not _owner_controls(obj, sharing_group):
        # The owner decides: a group managed by another country's agency could be widened by that agency
        # later, sharing this record with countries its owner never chose.
        raise ValidationError("a restricted record needs a sharing group managed by its own country's agencies")
    before = {"handling": obj.handling, "sharing_group": str(obj.sharing_group.uuid) if obj.sharing_group else None,
              "reliability": obj.reliability, "accuracy": obj.accuracy}
    obj.handling = handling
    obj.sharing_group = sharing_group if handling == Handling.RESTRICTED else None
    if reliability:
        obj.reliability = reliability
    if accuracy:
        obj.accuracy = accuracy
    obj.updated_by = user
    obj.save()
    after = {"handling": obj.handling, "sharing_group": str(obj.sharing_group.uuid) if obj.sharing_group else None,
             "reliability": obj.reliability, "accuracy": obj.accuracy}
    audit.record(AuditAction.SHARING, actor=user, obj=obj, request=request, detail={"before": before, "after": after})
    return obj
