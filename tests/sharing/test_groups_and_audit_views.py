"""Sharing group pages (/sharing/groups/...) and the audit page (/sharing/audit/)."""

import uuid

import pytest

from hamkari.sharing.models import AuditAction, AuditEntry, Handling, SharingGroup
from tests.factories import make_agency, make_user
from tests.specimens.models import Specimen


@pytest.fixture
def agencies(af_agency, pk_agency, caricc):
    return {
        "AF-CNPA": af_agency,
        "AF-CUSTOMS": make_agency("AF-CUSTOMS", "AF"),
        "PK-ANF": pk_agency,
        "TJ-DCA": make_agency("TJ-DCA", "TJ"),
        "UZ-NAC": make_agency("UZ-NAC", "UZ"),
        "CARICC": caricc,
    }


@pytest.fixture
def focal(agencies):
    """A focal point in every agency."""
    return {code: make_user(f"fp_{code}".lower(), agency, ["focal_point"]) for code, agency in agencies.items()}


@pytest.fixture
def group(agencies):
    """Managed by AF-CNPA, shared with Pakistan (by country) and TJ-DCA (by agency)."""
    g = SharingGroup.objects.create(name="Northern route", owner_agency=agencies["AF-CNPA"])
    g.countries.set(["PK"])
    g.agencies.set([agencies["TJ-DCA"]])
    return g


def _get(client, user, url, **kwargs):
    client.force_login(user)
    return client.get(url, **kwargs)


def test_a_focal_point_creates_a_group_owned_by_their_agency(client, focal, agencies):
    client.force_login(focal["AF-CNPA"])
    assert client.get("/sharing/groups/new/").status_code == 200
    response = client.post("/sharing/groups/new/", {
        "name": "Precursor watch", "description": "Acetic anhydride", "countries": ["PK", "UZ"],
        "agencies": [agencies["CARICC"].pk],
        # Not a form field: a new group always belongs to the creator's agency.
        "owner_agency": agencies["PK-ANF"].pk,
    })
    created = SharingGroup.objects.get(name="Precursor watch")
    assert response.status_code == 302
    assert response["Location"] == f"/sharing/groups/{created.uuid}/"
    assert created.owner_agency == agencies["AF-CNPA"]
    assert set(created.countries.values_list("iso2", flat=True)) == {"PK", "UZ"}
    assert list(created.agencies.all()) == [agencies["CARICC"]]
    assert AuditEntry.objects.filter(action=AuditAction.SHARING, object_id=str(created.uuid)).exists()
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Precursor watch" in page.content.decode()


def test_an_invalid_group_form_shows_errors_and_saves_nothing(client, focal):
    client.force_login(focal["AF-CNPA"])
    response = client.post("/sharing/groups/new/", {"name": "", "countries": ["XX"]})
    assert response.status_code == 200
    assert not SharingGroup.objects.exists()


@pytest.mark.parametrize("role", ["reporter", "analyst", "regional_analyst", "programme_officer", "administrator"])
def test_only_focal_points_may_create_groups(client, agencies, role):
    user = make_user(f"u_{role}", agencies["AF-CNPA"], [role])
    client.force_login(user)
    assert client.get("/sharing/groups/new/").status_code == 403
    assert client.post("/sharing/groups/new/", {"name": "Sneaky"}).status_code == 403
    assert not SharingGroup.objects.filter(name="Sneaky").exists()


@pytest.mark.parametrize(("viewer", "status"), [
    ("AF-CNPA", 200),     # manages it
    ("PK-ANF", 200),      # its country is a member
    ("TJ-DCA", 200),      # the agency is a member
    ("AF-CUSTOMS", 404),  # same country as the manager, but not a member
    ("UZ-NAC", 404),
    ("CARICC", 404),
])
def test_guessing_a_groups_url_shows_it_only_to_members(client, focal, group, viewer, status):
    response = _get(client, focal[viewer], f"/sharing/groups/{group.uuid}/")
    assert response.status_code == status
    assert ("Northern route" in response.content.decode()) == (status == 200)
    listing = client.get("/sharing/groups/").content.decode()
    assert ("Northern route" in listing) == (status == 200)


@pytest.mark.parametrize(("viewer", "status"), [
    ("PK-ANF", 403),      # may see the group, not change it
    ("TJ-DCA", 403),
    ("AF-CUSTOMS", 404),  # may not even see it
    ("UZ-NAC", 404),
    ("CARICC", 404),
])
def test_only_the_managing_agencys_focal_points_edit(client, focal, group, viewer, status):
    client.force_login(focal[viewer])
    url = f"/sharing/groups/{group.uuid}/edit/"
    assert client.get(url).status_code == status
    assert client.post(url, {"name": "Hijacked", "countries": ["RU"]}).status_code == status
    group.refresh_from_db()
    assert group.name == "Northern route"
    assert list(group.countries.values_list("iso2", flat=True)) == ["PK"]
    detail = client.get(f"/sharing/groups/{group.uuid}/")
    assert f"/sharing/groups/{group.uuid}/edit/" not in detail.content.decode()


def test_a_non_focal_point_of_the_managing_agency_may_not_edit(client, group, af_analyst):
    client.force_login(af_analyst)
    assert client.get(f"/sharing/groups/{group.uuid}/").status_code == 200
    assert client.get(f"/sharing/groups/{group.uuid}/edit/").status_code == 403


def test_the_managing_focal_point_edits(client, focal, group, agencies):
    client.force_login(focal["AF-CNPA"])
    url = f"/sharing/groups/{group.uuid}/edit/"
    assert url in client.get(f"/sharing/groups/{group.uuid}/").content.decode()
    response = client.post(url, {"name": "Northern route 2", "countries": ["PK", "KG"], "agencies": []})
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Northern route 2"
    assert group.owner_agency == agencies["AF-CNPA"]
    assert set(group.countries.values_list("iso2", flat=True)) == {"PK", "KG"}
    assert not group.agencies.exists()
    entry = AuditEntry.objects.filter(action=AuditAction.SHARING).latest("seq")
    assert entry.detail["before"] == {"countries": ["PK"], "agencies": ["TJ-DCA"]}


def test_an_unknown_group_is_404_for_everyone(client, focal):
    client.force_login(focal["AF-CNPA"])
    missing = uuid.uuid4()
    assert client.get(f"/sharing/groups/{missing}/").status_code == 404
    assert client.get(f"/sharing/groups/{missing}/edit/").status_code == 404
    assert client.get("/sharing/groups/not-a-uuid/").status_code == 404


def test_group_pages_need_a_login(client, group):
    assert client.get(f"/sharing/groups/{group.uuid}/").status_code == 302
    assert client.get("/sharing/groups/").status_code == 302


# ------------------------------------------------------------------------------------------ the audit page

@pytest.fixture
def viewed(client, agencies, focal, pk_analyst):
    """A Pakistani analyst views an Afghan record and an Uzbek record; an Afghan analyst views the Afghan one."""
    af_record = Specimen.objects.create(owner_agency=agencies["AF-CNPA"], handling=Handling.REGIONAL, title="AF one")
    uz_record = Specimen.objects.create(owner_agency=agencies["UZ-NAC"], handling=Handling.REGIONAL, title="UZ one")
    client.force_login(pk_analyst)
    for record in (af_record, uz_record):
        assert client.get(f"/sharing/records/specimens/{record.pk}/").status_code == 200
    client.logout()
    return af_record, uz_record


def test_a_focal_point_sees_who_viewed_their_countrys_records(client, focal, viewed):
    af_record, uz_record = viewed
    response = _get(client, focal["AF-CNPA"], "/sharing/audit/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "pk_analyst" in html and "PK-ANF" in html and "Pakistan" in html
    assert f"specimens.specimen #{af_record.pk}<" in html
    assert f"specimens.specimen #{uz_record.pk}<" not in html


def test_an_other_countrys_focal_point_does_not_see_those_views(client, focal, viewed):
    af_record, uz_record = viewed
    html = _get(client, focal["UZ-NAC"], "/sharing/audit/").content.decode()
    assert f"specimens.specimen #{uz_record.pk}<" in html
    assert f"specimens.specimen #{af_record.pk}<" not in html
    html = _get(client, focal["PK-ANF"], "/sharing/audit/").content.decode()
    assert "specimens.specimen #" not in html


def test_the_home_page_lists_foreign_viewers_for_the_focal_point(client, focal, viewed):
    html = _get(client, focal["AF-CNPA"], "/").content.decode()
    assert "pk_analyst (PK-ANF, Pakistan) viewed 1 " in html


@pytest.mark.parametrize("role", ["reporter", "analyst", "regional_analyst", "programme_officer", "trainer"])
def test_other_roles_get_403_on_the_audit_page(client, agencies, role):
    user = make_user(f"u_{role}", agencies["AF-CNPA"], [role])
    assert _get(client, user, "/sharing/audit/").status_code == 403


def test_an_administrator_sees_every_view(client, agencies, viewed):
    af_record, uz_record = viewed
    admin = make_user("platform_admin", agencies["CARICC"], ["administrator"])
    html = _get(client, admin, "/sharing/audit/").content.decode()
    assert f"specimens.specimen #{af_record.pk}<" in html and f"specimens.specimen #{uz_record.pk}<" in html
