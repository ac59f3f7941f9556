"""The role table is what the code enforces."""

import pytest

from hamkari.tenancy.roles import ROLE_PERMISSIONS, Perm, Role
from tests.factories import make_user


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_exactly_its_permissions(role, af_agency):
    user = make_user(f"u_{role.value}", af_agency, [role.value])
    for perm in Perm:
        assert user.can(perm) == (perm in ROLE_PERMISSIONS[role]), (role, perm)


def test_roles_add_up(af_agency):
    user = make_user("two_roles", af_agency, ["reporter", "health_officer"])
    expected = ROLE_PERMISSIONS[Role.REPORTER] | ROLE_PERMISSIONS[Role.HEALTH_OFFICER]
    assert {p for p in Perm if user.can(p)} == expected


def test_user_without_agency_has_no_permissions(db):
    user = make_user("nowhere", None, [r.value for r in Role])
    assert not any(user.can(p) for p in Perm)


def test_inactive_user_has_no_permissions(af_agency):
    user = make_user("gone", af_agency, ["focal_point"])
    user.is_active = False
    user.forget_roles()
    assert not any(user.can(p) for p in Perm)


def test_user_without_roles_has_no_permissions(af_agency):
    user = make_user("plain", af_agency, [])
    assert not any(user.can(p) for p in Perm)
