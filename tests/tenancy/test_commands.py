"""`hamkari agency`, `hamkari user` and `hamkari seed`."""

import stat
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hamkari.sharing import audit
from hamkari.sharing.models import AuditEntry
from hamkari.tenancy.demo_data import NATIONAL_ROLES
from hamkari.tenancy.management.commands.seed import read_demo_logins
from hamkari.tenancy.models import MEMBER_STATES, Agency, Country, User
from hamkari.tenancy.roles import Role


def run(*args):
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


# agency -----------------------------------------------------------------------------------------------------

def test_agency_add_national(db):
    out = run("agency", "add", "PK-FC", "--name", "Frontier Corps", "--country", "pk", "--kind", "border_guard",
              "--acronym", "FC")
    agency = Agency.objects.get(code="PK-FC")
    assert agency.country_id == "PK" and agency.kind == "border_guard" and agency.acronym == "FC"
    assert "PK-FC" in out
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.detail["op"] == "agency_create" and entry.actor_id is None


def test_agency_add_international(db):
    run("agency", "add", "JPC", "--name", "Joint Planning Cell", "--international")
    agency = Agency.objects.get(code="JPC")
    assert agency.country_id is None and agency.kind == "international"


@pytest.mark.parametrize("args, message", [
    (["--name", "X", "--country", "XX"], "unknown country"),
    (["--name", "X", "--country", "PK", "--kind", "spies"], "unknown kind"),
])
def test_agency_add_errors(db, args, message):
    with pytest.raises(CommandError, match=message):
        run("agency", "add", "PK-X", *args)
    assert not Agency.objects.filter(code="PK-X").exists()


def test_agency_add_duplicate(pk_agency):
    with pytest.raises(CommandError, match="already exists"):
        run("agency", "add", "PK-ANF", "--name", "Again", "--country", "PK")


def test_agency_add_needs_country_or_international(db):
    with pytest.raises(CommandError):
        run("agency", "add", "PK-Y", "--name", "Y")
    with pytest.raises(CommandError):
        run("agency", "add", "PK-Y", "--name", "Y", "--country", "PK", "--international")


def test_agency_list(pk_agency, caricc):
    out = run("agency", "list")
    assert "PK-ANF" in out and "CARICC" in out
    out = run("agency", "list", "--country", "PK")
    assert "PK-ANF" in out and "CARICC" not in out
    with pytest.raises(CommandError, match="unknown country"):
        run("agency", "list", "--country", "QQ")


# user -------------------------------------------------------------------------------------------------------

def test_user_add_prints_password_once(pk_agency):
    out = run("user", "add", "pk.officer", "--agency", "PK-ANF", "--role", "reporter", "--role", "analyst",
              "--email", "officer@example.org", "--name", "Ali Raza Khan")
    user = User.objects.get(username="pk.officer")
    password = out.split("One-time password (shown only now): ")[1].split()[0]
    assert user.check_password(password)
    assert user.roles == {Role.REPORTER, Role.ANALYST}
    assert user.get_full_name() == "Ali Raza Khan" and user.email == "officer@example.org"
    assert not user.is_demo
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.detail["op"] == "user_create" and entry.actor_id is None
    assert password not in str(entry.detail)


@pytest.mark.parametrize("args, message", [
    (["--agency", "NOPE", "--role", "reporter"], "unknown agency"),
    (["--agency", "PK-ANF", "--role", "wizard"], "unknown role"),
])
def test_user_add_errors(pk_agency, args, message):
    with pytest.raises(CommandError, match=message):
        run("user", "add", "pk.x", *args)
    assert not User.objects.filter(username="pk.x").exists()


def test_user_add_duplicate_and_missing_role(pk_analyst):
    with pytest.raises(CommandError, match="taken"):
        run("user", "add", "pk_analyst", "--agency", "PK-ANF", "--role", "reporter")
    with pytest.raises(CommandError):
        run("user", "add", "pk.y", "--agency", "PK-ANF")


def test_user_list(pk_analyst, af_analyst):
    out = run("user", "list")
    assert "pk_analyst" in out and "af_analyst" in out
    out = run("user", "list", "--agency", "PK-ANF")
    assert "pk_analyst" in out and "af_analyst" not in out


# seed -------------------------------------------------------------------------------------------------------

def test_seed_adds_missing_countries(db):
    Country.objects.filter(iso2__in=["FR", "BR"]).delete()
    out = run("seed")
    assert "Added 2 countries" in out
    assert Country.objects.filter(iso2="FR").exists()
    assert set(Country.objects.filter(is_member=True).values_list("iso2", flat=True)) == set(MEMBER_STATES)
    assert "countries" not in run("seed")


def test_seed_demo_is_idempotent(var_dir):
    out = run("seed", "--demo")
    users = {u.username: u for u in User.objects.all()}
    passwords = {u.username: u.password for u in users.values()}
    agencies = Agency.objects.count()
    audit_count = AuditEntry.objects.count()
    assert all(u.is_demo for u in users.values())
    # At least one user per role per member country, in a fitting agency.
    for iso in MEMBER_STATES:
        for role in NATIONAL_ROLES:
            assert User.objects.filter(agency__country_id=iso, role_grants__role=role.value).exists(), (iso, role)
        assert User.objects.get(username=f"{iso.lower()}.health_officer").agency.kind == "health_ministry"
        assert User.objects.get(username=f"{iso.lower()}.legal_officer").agency.kind == "central_authority"
    for code in ("UNODC", "CARICC", "JPC"):
        agency = Agency.objects.get(code=code)
        assert agency.country_id is None and agency.kind == "international"
        assert User.objects.filter(agency=agency, role_grants__role="regional_analyst").exists()
        assert User.objects.filter(agency=agency, role_grants__role="programme_officer").exists()
    assert User.objects.get(username="admin").has_role(Role.ADMINISTRATOR)
    assert User.objects.get(username="admin").agency.code == "UNODC"
    pk = Agency.objects.get(code="PK-ANF")
    assert pk.focal_point.username == "pk.focal_point" and pk.acronym == "ANF"
    assert Agency.objects.get(code="IR-DCHQ").local_name == "ستاد مبارزه با مواد مخدر"

    # The log-ins file: owner only, every account with a password that works.
    path = var_dir / "demo-logins.txt"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    rows = read_demo_logins(path)
    assert {r["username"] for r in rows} == set(users)
    sample = next(r for r in rows if r["username"] == "pk.reporter")
    assert users["pk.reporter"].check_password(sample["password"])
    assert sample["password"] in out and sample["country"] == "PK"
    content = path.read_text()

    out = run("seed", "--demo")
    assert "0 agencies and 0 users added" in out
    assert User.objects.count() == len(users) and Agency.objects.count() == agencies
    assert {u.username: u.password for u in User.objects.all()} == passwords
    assert AuditEntry.objects.count() == audit_count
    assert path.read_text() == content
    assert audit.verify()[1] == []


def test_remove_demo(var_dir, af_agency):
    real = User.objects.create_user("real", password="correct horse battery staple", agency=af_agency)
    run("seed", "--demo")
    out = run("seed", "--remove-demo")
    assert "Deleted" in out
    assert not User.objects.filter(is_demo=True).exists()
    assert User.objects.filter(pk=real.pk).exists()
    assert Agency.objects.filter(code="PK-ANF").exists()
    assert Agency.objects.get(code="PK-ANF").focal_point is None
    assert not (var_dir / "demo-logins.txt").exists()
    from hamkari.core.management.commands.serve import production_problems

    assert not any("demo" in p for p in production_problems())
    assert audit.verify()[1] == []


def test_remove_demo_keeps_audit_chain(var_dir):
    """A demo user named as actor in the audit trail is never deleted in a way that breaks the chain."""
    run("seed", "--demo")
    user = User.objects.get(username="pk.reporter")
    audit.record("login", actor=user)
    try:
        run("seed", "--remove-demo")
    except CommandError:
        assert User.objects.filter(username="pk.reporter", is_active=False).exists()
    assert audit.verify()[1] == []


def test_demo_command_prints_logins(var_dir, monkeypatch):
    run("seed", "--demo")
    from hamkari.core.management.commands import demo

    monkeypatch.setattr(demo, "call_command", lambda *a, **k: None)
    out = run("demo", "--no-serve")
    assert "pk.reporter" in out and "international" in out
    sample = next(r for r in read_demo_logins(var_dir / "demo-logins.txt") if r["username"] == "admin")
    assert sample["password"] in out
