"""The visibility chokepoint: the one filter that decides which shareable records a user may read.

Every list, detail, count, search, export, aggregate and API path reads shareable records through
`Model.objects.visible_to(user)` or `access(Model, user, pk)`. The filter is built from columns of the
record (owning agency and country, handling code, sharing group) and the user's agency and roles, never
from one permission row per record, so it stays one indexed query however many records there are.

The rules (README, "Who sees what"):
- nobody without an agency, or inactive, sees anything;
- `public` records: every user whose roles let them read records;
- `regional` records: users of member agencies (the eight states and the international bodies);
- `national` records: users of the owning country (for an international body, of the owning agency);
- `restricted` records: as national, plus users whose country or agency is in the record's sharing group;
- national and restricted records that hold personal data need `record.read_personal`, which programme
  officers, trainers, health officers and administrators do not have.
"""

from django.db import models
from django.db.models import Q
from django.http import Http404

from hamkari.tenancy.roles import Perm


def visibility_filter(model, user) -> Q | None:
    """The Q that selects what `user` may read of `model`, or None when they may read nothing."""
    from hamkari.sharing.models import Handling, SharingGroup

    if not getattr(user, "is_authenticated", False) or not user.is_active or user.agency_id is None:
        return None
    agency = user.agency
    if not agency.is_active:
        return None
    perms = user.permissions
    if Perm.RECORD_READ_PERSONAL not in perms and Perm.RECORD_READ_SHARED not in perms:
        return None

    q = Q(handling=Handling.PUBLIC)
    if agency.is_member:
        q |= Q(handling=Handling.REGIONAL)
    if Perm.RECORD_READ_PERSONAL in perms or not model.PERSONAL_DATA:
        if agency.country_id:
            own = Q(owner_country_id=agency.country_id)
            in_group = Q(countries=agency.country_id) | Q(agencies=agency.pk)
        else:
            own = Q(owner_agency_id=agency.pk)
            in_group = Q(agencies=agency.pk)
        q |= Q(handling__in=[Handling.NATIONAL, Handling.RESTRICTED]) & own
        q |= Q(handling=Handling.RESTRICTED, sharing_group_id__in=SharingGroup.objects.filter(in_group).values("id"))
    return q


class ShareableQuerySet(models.QuerySet):
    def visible_to(self, user):
        q = visibility_filter(self.model, user)
        return self.none() if q is None else self.filter(q)


def access(model, user, pk, *, write: bool = False):
    """The record with primary key `pk` if `user` may read it (and change it, with write=True).

    A record the user may not read raises Http404, exactly as a record that does not exist.
    A record they may read but not change raises PermissionDenied.
    """
    from django.core.exceptions import PermissionDenied, ValidationError

    try:
        obj = model.objects.visible_to(user).get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None
    if write and not can_write(user, obj):
        raise PermissionDenied
    return obj


def can_write(user, obj) -> bool:
    """Records are changed only by their own agency's users whose roles allow it."""
    return user.agency_id == obj.owner_agency_id and user.can(Perm.RECORD_EDIT_OWN_AGENCY)
