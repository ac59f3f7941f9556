"""Pages: the directory for all, users only for those who manage them, 404 on guessed user URLs."""

import pytest
from django.urls import reverse

from hamkari.sharing.models import AuditEntry
from hamkari.tenancy.models import Agency, User
from hamkari.tenancy.roles import Role
from tests.factories import make_agency, make_user


def url(name, *args):
    return reverse(f"tenancy:{name}", args=args)


def test_pages_need_login(client, af_agency):
    assert client.get(url("agency-list")).status_code == 302
    assert client.get(url("agency-detail", "AF-CNPA")).status_code == 302


def test_agency_list_member_states_first_and_filter(client, af_reporter, pk_agency, caricc):
    make_agency("FR-OFAST", "FR", name="Office anti-stupéfiants", acronym="OFAST")
    client.force_login(af_reporter)
    body = client.get(url("agency-list")).content.decode()
    assert body.index("Anti-Narcotics Force") < body.index("Central Asian Regional") < body.index("OFAST")
    body = client.get(url("agency-list") + "?country=pk").content.decode()
    assert "Anti-Narcotics Force" in body and "Counter Narcotics Police" not in body


def test_country_list_has_every_country(client, af_reporter):
    client.force_login(af_reporter)
    response = client.get(url("country-list"))
    assert response.status_code == 200
    assert len(response.context["countries"]) > 240
    first = list(response.context["countries"])[:8]
    assert all(c.is_member for c in first)


def test_agency_detail_shows_users_only_to_managers(client, af_focal, af_reporter, pk_analyst):
    client.force_login(af_reporter)
    body = client.get(url("agency-detail", "AF-CNPA")).content.decode()
    assert "Counter Narcotics Police" in body and "af_focal" not in body
    client.force_login(pk_analyst)
    assert "af_reporter" not in client.get(url("agency-detail", "AF-CNPA")).content.decode()
    client.force_login(af_focal)
    response = client.get(url("agency-detail", "AF-CNPA"))
    body = response.content.decode()
    assert "af_reporter" in body and "Reporting officer" in body
    assert client.get(url("agency-detail", "NOPE")).status_code == 404


def test_second_factor_column(client, af_focal, af_agency):
    real = make_user("af_real", af_agency, ["reporter"], is_demo=False)
    client.force_login(af_focal)
    rows = {r["user"].username: r for r in client.get(url("agency-detail", "AF-CNPA")).context["rows"]}
    assert rows["af_real"]["second_factor"] is False
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=real, name="phone", confirmed=True)
    rows = {r["user"].username: r for r in client.get(url("agency-detail", "AF-CNPA")).context["rows"]}
    assert rows["af_real"]["second_factor"] is True


def test_focal_point_creates_user_and_sees_password_once(client, af_focal):
    client.force_login(af_focal)
    form = client.get(url("user-create", "AF-CNPA"))
    assert form.status_code == 200
    assert 'value="administrator"' not in form.content.decode()
    assert 'type="checkbox"' in form.content.decode()
    response = client.post(url("user-create", "AF-CNPA"), {
        "username": "af_new", "full_name": "Gul Ahmad", "email": "", "roles": ["reporter", "analyst"]})
    assert response.status_code == 302
    user = User.objects.get(username="af_new")
    assert user.agency.code == "AF-CNPA" and user.roles == {Role.REPORTER, Role.ANALYST}
    page = client.get(response["Location"])
    password = page.context["password"]
    assert password and user.check_password(password)
    assert "second factor" in page.content.decode()
    again = client.get(response["Location"])
    assert again.context["password"] is None and password not in again.content.decode()


def test_focal_point_cannot_grant_administrator_by_post(client, af_focal):
    client.force_login(af_focal)
    response = client.post(url("user-create", "AF-CNPA"), {"username": "af_boss", "roles": ["administrator"]})
    assert response.status_code == 200  # form error: not a valid choice
    assert not User.objects.filter(username="af_boss").exists()


def test_focal_point_cannot_create_in_other_agency(client, af_focal, pk_agency):
    client.force_login(af_focal)
    assert client.get(url("user-create", "PK-ANF")).status_code == 403
    assert client.post(url("user-create", "PK-ANF"), {"username": "x", "roles": ["reporter"]}).status_code == 403
    assert not User.objects.filter(username="x").exists()


def test_focal_point_edits_roles_and_deactivates(client, af_focal, af_reporter):
    client.force_login(af_focal)
    assert client.get(url("user-edit", af_reporter.pk)).status_code == 200
    response = client.post(url("user-edit", af_reporter.pk), {"roles": ["analyst"]})
    assert response.status_code == 302
    af_reporter.refresh_from_db()
    af_reporter.forget_roles()
    assert af_reporter.roles == {Role.ANALYST} and not af_reporter.is_active
    response = client.post(url("user-edit", af_reporter.pk), {"roles": ["analyst"], "is_active": "on"})
    af_reporter.refresh_from_db()
    assert af_reporter.is_active


def test_focal_point_cannot_deactivate_self(client, af_focal):
    client.force_login(af_focal)
    client.post(url("user-edit", af_focal.pk), {"roles": ["focal_point"]})
    af_focal.refresh_from_db()
    assert af_focal.is_active


def test_other_agencies_users_are_404(client, af_focal, pk_reporter, fake_reset):
    client.force_login(af_focal)
    before = AuditEntry.objects.count()
    assert client.get(url("user-edit", pk_reporter.pk)).status_code == 404
    assert client.post(url("user-edit", pk_reporter.pk), {"roles": ["analyst"]}).status_code == 404
    assert client.post(url("user-reset-otp", pk_reporter.pk)).status_code == 404
    assert client.get(url("user-created", pk_reporter.pk)).status_code == 404
    assert client.get(url("user-edit", 999999)).status_code == 404
    assert fake_reset == [] and AuditEntry.objects.count() == before
    pk_reporter.refresh_from_db()
    assert pk_reporter.is_active


def test_plain_users_get_404_even_in_own_agency(client, af_reporter, af_analyst):
    client.force_login(af_reporter)
    assert client.get(url("user-edit", af_analyst.pk)).status_code == 404


def test_reset_second_factor(client, af_focal, af_reporter, fake_reset):
    client.force_login(af_focal)
    assert client.get(url("user-reset-otp", af_reporter.pk)).status_code == 405
    response = client.post(url("user-reset-otp", af_reporter.pk))
    assert response.status_code == 302
    assert fake_reset == [(af_reporter, af_focal)]


def test_admin_manages_agencies(client, admin_user):
    client.force_login(admin_user)
    response = client.post(url("agency-create"), {
        "code": "KZ-AFM", "name": "Financial Monitoring Agency", "local_name": "", "acronym": "AFM",
        "kind": "fiu", "country": "KZ"})
    assert response.status_code == 302, response.content
    agency = Agency.objects.get(code="KZ-AFM")
    response = client.post(url("agency-edit", "KZ-AFM"), {
        "code": "CHANGED", "name": "Agency for Financial Monitoring", "local_name": "", "acronym": "AFM",
        "kind": "fiu", "country": "KZ", "is_active": "on"})
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.name == "Agency for Financial Monitoring" and agency.code == "KZ-AFM"
    assert AuditEntry.objects.filter(detail__op="agency_update").exists()
    response = client.post(url("agency-create"), {"code": "KZ-X", "name": "No country", "kind": "police"})
    assert response.status_code == 200 and not Agency.objects.filter(code="KZ-X").exists()


def test_admin_creates_user_anywhere(client, admin_user, pk_agency):
    client.force_login(admin_user)
    assert 'value="administrator"' in client.get(url("user-create", "PK-ANF")).content.decode()
    response = client.post(url("user-create", "PK-ANF"), {"username": "pk_new", "roles": ["administrator"]})
    assert response.status_code == 302
    assert User.objects.get(username="pk_new").has_role(Role.ADMINISTRATOR)


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["af_focal", "af_reporter"])
def test_non_admins_cannot_manage_agencies(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("agency-create")).status_code == 403
    assert client.get(url("agency-edit", "AF-CNPA")).status_code == 403
    assert client.post(url("agency-edit", "AF-CNPA"), {"name": "x"}).status_code == 403
    assert client.get(url("agency-edit", "NOPE")).status_code == 404


def test_set_focal_point_view(client, af_focal, pk_analyst):
    client.force_login(af_focal)
    response = client.post(url("agency-focal-point", "AF-CNPA"), {"focal_point": af_focal.pk})
    assert response.status_code == 302
    assert Agency.objects.get(code="AF-CNPA").focal_point == af_focal
    assert client.get(url("agency-focal-point", "PK-ANF")).status_code == 403
    client.force_login(pk_analyst)
    assert client.get(url("agency-focal-point", "AF-CNPA")).status_code == 403


def test_django_admin_only_for_superusers(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/django-admin/tenancy/agency/").status_code in (302, 403)
    # A demo superuser: the second-factor middleware lets demo accounts through, which keeps this test on admin.
    superuser = User.objects.create_superuser("su", "su@example.org", "correct horse battery staple", is_demo=True)
    client.force_login(superuser)
    assert client.get("/django-admin/tenancy/agency/").status_code == 200
    assert client.get(f"/django-admin/tenancy/user/{admin_user.pk}/change/").status_code == 200


def test_reset_second_factor_with_accounts_service(client, af_focal, af_agency):
    pytest.importorskip("hamkari.accounts.services")
    from django_otp.plugins.otp_totp.models import TOTPDevice

    officer = make_user("af_officer", af_agency, ["reporter"])
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    client.force_login(af_focal)
    assert client.post(url("user-reset-otp", officer.pk)).status_code == 302
    assert not TOTPDevice.objects.filter(user=officer).exists()
