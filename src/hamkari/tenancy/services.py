"""Writes for agencies and users. Each one checks who asks, changes, and writes an audit entry in the same
transaction. `by=None` means the system itself (management commands run by the server's operator)."""

import secrets
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hamkari.sharing import audit
from hamkari.sharing.models import AuditAction
from hamkari.tenancy.models import Agency, AgencyKind, Country, RoleGrant, User
from hamkari.tenancy.roles import Perm, Role
from hamkari.tenancy.selectors import can_manage_users_of

AGENCY_FIELDS = ("name", "local_name", "acronym", "kind", "country", "is_active")


def new_password() -> str:
    """A one-time password: 16 URL-safe characters, well above the 12-character minimum."""
    return secrets.token_urlsafe(12)


def _is_admin(by: User | None) -> bool:
    return by is None or by.can(Perm.AGENCIES_MANAGE)


def _require_admin(by: User | None) -> None:
    if not _is_admin(by):
        raise PermissionDenied(_("Only administrators may add or change agencies."))


def _require_manage_agency_users(by: User | None, agency: Agency | None) -> None:
    if by is None:
        return
    if not can_manage_users_of(by, agency):
        raise PermissionDenied(_("You may not manage the users of this agency."))


def _require_manage_user(by: User | None, user: User) -> None:
    _require_manage_agency_users(by, user.agency)
    if Role.ADMINISTRATOR in user.roles and not _is_admin(by):
        raise PermissionDenied(_("Only administrators may change an administrator's account."))


def _clean_roles(roles: Iterable[str]) -> set[Role]:
    cleaned = set()
    for r in roles:
        try:
            cleaned.add(Role(r))
        except ValueError:
            raise ValidationError(_("Unknown role: %(role)s") % {"role": r}) from None
    return cleaned


def _country(country) -> Country | None:
    if country is None or country == "" or isinstance(country, Country):
        return country or None
    found = Country.objects.filter(iso2=str(country).upper()).first()
    if found is None:
        raise ValidationError(_("Unknown country code: %(code)s") % {"code": country})
    return found


def _user_audit(action_detail: dict, user: User, by: User | None, request=None):
    audit.record(
        AuditAction.ACCOUNT, actor=by, request=request, detail=action_detail,
        object_type=user._meta.label_lower, object_id=str(user.pk),
        object_agency=user.agency.code if user.agency_id else "",
        object_country=(user.agency.country_id or "") if user.agency_id else "",
    )


def _agency_audit(detail: dict, agency: Agency, by: User | None, request=None):
    audit.record(
        AuditAction.ACCOUNT, actor=by, request=request, detail=detail,
        object_type=agency._meta.label_lower, object_id=str(agency.pk),
        object_agency=agency.code, object_country=agency.country_id or "",
    )


# Agencies ---------------------------------------------------------------------------------------------------

@transaction.atomic
def agency_create(*, code: str, name: str, country: Country | str | None = None, kind: str = AgencyKind.OTHER,
                  acronym: str = "", local_name: str = "", by: User | None, request=None) -> Agency:
    _require_admin(by)
    code = code.strip()
    if not code:
        raise ValidationError(_("An agency needs a code."))
    if Agency.objects.filter(code__iexact=code).exists():
        raise ValidationError(_("An agency with the code %(code)s already exists.") % {"code": code})
    if kind not in AgencyKind.values:
        raise ValidationError(_("Unknown kind of agency: %(kind)s") % {"kind": kind})
    agency = Agency(code=code, name=name.strip(), local_name=local_name.strip(), acronym=acronym.strip(),
                    kind=kind, country=_country(country))
    agency.full_clean()
    agency.save()
    _agency_audit({"op": "agency_create", "agency": agency.code, "name": agency.name,
                   "country": agency.country_id or "", "kind": agency.kind}, agency, by, request)
    return agency


@transaction.atomic
def agency_update(*, agency: Agency, by: User | None, request=None, **changes) -> Agency:
    _require_admin(by)
    unknown = set(changes) - set(AGENCY_FIELDS)
    if unknown:
        raise ValidationError(_("These fields cannot be changed: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    if "country" in changes:
        changes["country"] = _country(changes["country"])
    if "kind" in changes and changes["kind"] not in AgencyKind.values:
        raise ValidationError(_("Unknown kind of agency: %(kind)s") % {"kind": changes["kind"]})
    changed = {}
    for field, value in changes.items():
        old = getattr(agency, field)
        if old != value:
            changed[field] = [str(getattr(old, "pk", old) if old is not None else ""),
                              str(getattr(value, "pk", value) if value is not None else "")]
            setattr(agency, field, value)
    if changed:
        agency.full_clean()
        agency.save()
        _agency_audit({"op": "agency_update", "agency": agency.code, "changed": changed}, agency, by, request)
    return agency


@transaction.atomic
def agency_set_focal_point(*, agency: Agency, user: User | None, by: User | None, request=None) -> Agency:
    _require_manage_agency_users(by, agency)
    if user is not None:
        if user.agency_id != agency.pk:
            raise ValidationError(_("The focal point must belong to the agency."))
        if not user.is_active:
            raise ValidationError(_("The focal point must be an active user."))
        user.forget_roles()
        if Role.FOCAL_POINT not in user.roles:
            raise ValidationError(_("The focal point must hold the focal point role."))
    old = agency.focal_point.username if agency.focal_point_id else ""
    agency.focal_point = user
    agency.save(update_fields=["focal_point"])
    _agency_audit({"op": "agency_set_focal_point", "agency": agency.code, "from": old,
                   "to": user.username if user else ""}, agency, by, request)
    return agency


# Users ------------------------------------------------------------------------------------------------------

def _check_role_change(by: User | None, old: set[Role], new: set[Role]) -> None:
    if Role.ADMINISTRATOR in (old ^ new) and not _is_admin(by):
        raise PermissionDenied(_("Only administrators may grant or remove the administrator role."))


@transaction.atomic
def user_create(*, username: str, agency: Agency, roles: Iterable[str], email: str = "", full_name: str = "",
                by: User | None, is_demo: bool = False, request=None) -> tuple[User, str]:
    """Create an account; returns the user and a one-time password to hand over once."""
    _require_manage_agency_users(by, agency)
    role_set = _clean_roles(roles)
    _check_role_change(by, set(), role_set)
    username = username.strip()
    if not username:
        raise ValidationError(_("A user needs a username."))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(_("The username %(username)s is taken.") % {"username": username})
    first, _sep, last = full_name.strip().rpartition(" ")
    if not first:
        first, last = last, ""
    password = new_password()
    user = User(username=username, email=email.strip(), first_name=first, last_name=last, agency=agency,
                is_demo=is_demo)
    user.full_clean(exclude=["password"])
    user.set_password(password)
    user.save()
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r.value, granted_by=by) for r in role_set])
    user.forget_roles()
    _user_audit({"op": "user_create", "username": user.username, "agency": agency.code,
                 "roles": sorted(r.value for r in role_set), "demo": is_demo}, user, by, request)
    return user, password


@transaction.atomic
def user_set_roles(*, user: User, roles: Iterable[str], by: User | None, request=None) -> User:
    _require_manage_user(by, user)
    new = _clean_roles(roles)
    user.forget_roles()
    old = set(user.roles)
    _check_role_change(by, old, new)
    if by is not None and by.pk == user.pk and Role.ADMINISTRATOR in old - new:
        raise PermissionDenied(_("You cannot remove your own administrator role."))
    if old == new:
        return user
    RoleGrant.objects.filter(user=user, role__in=[r.value for r in old - new]).delete()
    RoleGrant.objects.bulk_create([RoleGrant(user=user, role=r.value, granted_by=by) for r in new - old])
    user.forget_roles()
    _user_audit({"op": "user_set_roles", "username": user.username,
                 "added": sorted(r.value for r in new - old), "removed": sorted(r.value for r in old - new)},
                user, by, request)
    return user


def _set_active(user: User, active: bool, by: User | None, request) -> User:
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        user.forget_roles()
        op = "user_reactivate" if active else "user_deactivate"
        _user_audit({"op": op, "username": user.username}, user, by, request)
    return user


@transaction.atomic
def user_deactivate(*, user: User, by: User | None, request=None) -> User:
    _require_manage_user(by, user)
    if by is not None and by.pk == user.pk:
        raise PermissionDenied(_("You cannot deactivate your own account."))
    return _set_active(user, False, by, request)


@transaction.atomic
def user_reactivate(*, user: User, by: User | None, request=None) -> User:
    _require_manage_user(by, user)
    return _set_active(user, True, by, request)


@transaction.atomic
def user_delete_demo(*, user: User, by: User | None = None) -> None:
    """Delete a demo account (used by `hamkari seed --remove-demo`); real accounts are only deactivated."""
    if not user.is_demo:
        raise PermissionDenied(_("Only demo accounts can be deleted."))
    if by is not None:
        _require_admin(by)
    _user_audit({"op": "user_delete_demo", "username": user.username}, user, by)
    user.delete()
