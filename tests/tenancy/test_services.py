"""Services: who may do what, and every change audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hamkari.sharing import audit
from hamkari.sharing.models import AuditAction, AuditEntry
from hamkari.tenancy import services
from hamkari.tenancy.models import Agency, User
from hamkari.tenancy.roles import Role
from tests.factories import make_user


def last_entry():
    return AuditEntry.objects.order_by("-seq").first()


def assert_audited(op, actor, before):
    entry = last_entry()
    assert entry is not None and entry.seq > before
    assert entry.action == AuditAction.ACCOUNT
    assert entry.detail["op"] == op
    assert entry.actor_id == (actor.pk if actor else None)


def seq():
    e = last_entry()
    return e.seq if e else 0


# Agencies ---------------------------------------------------------------------------------------------------

def test_admin_creates_and_updates_agency(admin_user):
    before = seq()
    agency = services.agency_create(code="TJ-DCA", name="Drug Control Agency", country="TJ", kind="drug_control",
                                    acronym="DCA", by=admin_user)
    assert agency.country_id == "TJ"
    assert_audited("agency_create", admin_user, before)
    before = seq()
    services.agency_update(agency=agency, name="Drug Control Agency under the President", by=admin_user)
    agency.refresh_from_db()
    assert agency.name == "Drug Control Agency under the President"
    assert_audited("agency_update", admin_user, before)
    assert last_entry().detail["changed"]["name"][1] == "Drug Control Agency under the President"


def test_agency_update_without_change_writes_nothing(admin_user, af_agency):
    before = seq()
    services.agency_update(agency=af_agency, name=af_agency.name, by=admin_user)
    assert seq() == before


@pytest.mark.parametrize("who", ["af_focal", "af_analyst"])
def test_non_admins_cannot_manage_agencies(who, request, af_agency):
    user = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied):
        services.agency_create(code="X-1", name="X", country="AF", by=user)
    with pytest.raises(PermissionDenied):
        services.agency_update(agency=af_agency, name="Y", by=user)
    assert not Agency.objects.filter(code="X-1").exists()


def test_agency_create_errors(admin_user, af_agency):
    with pytest.raises(ValidationError):
        services.agency_create(code="af-cnpa", name="Duplicate", country="AF", by=admin_user)
    with pytest.raises(ValidationError):
        services.agency_create(code="ZZ-1", name="Nowhere", country="ZZ", by=admin_user)
    with pytest.raises(ValidationError):
        services.agency_create(code="AF-2", name="Bad kind", country="AF", kind="spies", by=admin_user)


# Users ------------------------------------------------------------------------------------------------------

def test_focal_point_creates_user_in_own_agency(af_focal):
    before = seq()
    user, password = services.user_create(username="af_new", agency=af_focal.agency, roles=["reporter"],
                                          full_name="Ahmad Shah Karimi", email="a@example.org", by=af_focal)
    assert user.check_password(password) and len(password) >= 12
    assert user.roles == {Role.REPORTER}
    assert user.get_full_name() == "Ahmad Shah Karimi"
    assert_audited("user_create", af_focal, before)
    assert password not in str(last_entry().detail)
    assert last_entry().object_country == "AF"


def test_focal_point_cannot_create_user_elsewhere(af_focal, pk_agency):
    with pytest.raises(PermissionDenied):
        services.user_create(username="intruder", agency=pk_agency, roles=["reporter"], by=af_focal)
    assert not User.objects.filter(username="intruder").exists()


def test_focal_point_cannot_grant_administrator(af_focal, af_reporter):
    with pytest.raises(PermissionDenied):
        services.user_create(username="boss", agency=af_focal.agency, roles=["administrator"], by=af_focal)
    with pytest.raises(PermissionDenied):
        services.user_set_roles(user=af_reporter, roles=["reporter", "administrator"], by=af_focal)
    af_reporter.forget_roles()
    assert af_reporter.roles == {Role.REPORTER}


def test_admin_creates_users_anywhere_and_grants_administrator(admin_user, pk_agency):
    user, _pw = services.user_create(username="pk_admin", agency=pk_agency, roles=["administrator"],
                                     by=admin_user)
    assert user.has_role(Role.ADMINISTRATOR)


def test_reporter_cannot_create_users(af_reporter):
    with pytest.raises(PermissionDenied):
        services.user_create(username="x", agency=af_reporter.agency, roles=["reporter"], by=af_reporter)


def test_user_create_errors(af_focal, af_reporter):
    with pytest.raises(ValidationError):
        services.user_create(username="AF_REPORTER", agency=af_focal.agency, roles=["reporter"], by=af_focal)
    with pytest.raises(ValidationError):
        services.user_create(username="y", agency=af_focal.agency, roles=["wizard"], by=af_focal)


def test_set_roles_audited(af_focal, af_reporter):
    before = seq()
    services.user_set_roles(user=af_reporter, roles=["analyst", "trainer"], by=af_focal)
    assert af_reporter.roles == {Role.ANALYST, Role.TRAINER}
    assert_audited("user_set_roles", af_focal, before)
    assert last_entry().detail["added"] == ["analyst", "trainer"]
    assert last_entry().detail["removed"] == ["reporter"]


def test_focal_point_cannot_touch_other_agency_users(af_focal, pk_reporter):
    for call in (lambda: services.user_set_roles(user=pk_reporter, roles=["analyst"], by=af_focal),
                 lambda: services.user_deactivate(user=pk_reporter, by=af_focal),
                 lambda: services.user_reactivate(user=pk_reporter, by=af_focal)):
        with pytest.raises(PermissionDenied):
            call()
    pk_reporter.refresh_from_db()
    assert pk_reporter.is_active


def test_focal_point_cannot_change_an_administrator(af_focal):
    boss = make_user("af_boss", af_focal.agency, ["administrator"])
    with pytest.raises(PermissionDenied):
        services.user_set_roles(user=boss, roles=["reporter"], by=af_focal)
    with pytest.raises(PermissionDenied):
        services.user_deactivate(user=boss, by=af_focal)


def test_deactivate_and_reactivate(af_focal, af_reporter):
    before = seq()
    services.user_deactivate(user=af_reporter, by=af_focal)
    af_reporter.refresh_from_db()
    assert not af_reporter.is_active
    assert_audited("user_deactivate", af_focal, before)
    before = seq()
    services.user_reactivate(user=af_reporter, by=af_focal)
    af_reporter.refresh_from_db()
    assert af_reporter.is_active
    assert_audited("user_reactivate", af_focal, before)


def test_cannot_deactivate_yourself(af_focal, admin_user):
    for user in (af_focal, admin_user):
        with pytest.raises(PermissionDenied):
            services.user_deactivate(user=user, by=user)


def test_admin_cannot_remove_own_administrator_role(admin_user):
    with pytest.raises(PermissionDenied):
        services.user_set_roles(user=admin_user, roles=["analyst"], by=admin_user)


def test_set_focal_point(af_focal, af_reporter, pk_analyst, admin_user):
    agency = af_focal.agency
    before = seq()
    services.agency_set_focal_point(agency=agency, user=af_focal, by=af_focal)
    agency.refresh_from_db()
    assert agency.focal_point == af_focal
    assert_audited("agency_set_focal_point", af_focal, before)
    with pytest.raises(ValidationError):  # no focal point role
        services.agency_set_focal_point(agency=agency, user=af_reporter, by=admin_user)
    pk_fp = make_user("pk_fp", pk_analyst.agency, ["focal_point"])
    with pytest.raises(ValidationError):  # not a member of the agency
        services.agency_set_focal_point(agency=agency, user=pk_fp, by=admin_user)
    with pytest.raises(PermissionDenied):  # another agency's focal point
        services.agency_set_focal_point(agency=agency, user=None, by=pk_fp)
    with pytest.raises(PermissionDenied):
        services.agency_set_focal_point(agency=agency, user=None, by=af_reporter)


def test_audit_chain_still_verifies(admin_user, af_agency):
    services.agency_create(code="KG-SBNON", name="SBNON", country="KG", by=admin_user)
    user, _ = services.user_create(username="kg1", agency=af_agency, roles=["reporter"], by=admin_user)
    services.user_set_roles(user=user, roles=["analyst"], by=admin_user)
    services.user_deactivate(user=user, by=admin_user)
    count, problems = audit.verify()
    assert count >= 4 and problems == []


def test_system_actor(af_agency):
    before = seq()
    user, _ = services.user_create(username="sys1", agency=af_agency, roles=["reporter"], by=None)
    assert_audited("user_create", None, before)
