"""Incident services against a real database: create, update with versions and diffs, children that follow the
incident's sharing, permission refusals, all-or-nothing writes, drafts."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hamkari.entities.models import Involvement, Person, Phone
from hamkari.incidents import services
from hamkari.incidents.models import Incident, IncidentDraft, IncidentVersion, Seizure
from hamkari.places.folding import fold, skeleton
from hamkari.places.models import Place, PlaceName
from hamkari.sharing.models import AuditEntry, Handling, SharingGroup
from tests.factories import make_user
from tests.sharing.world import logged_in_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def af_reporter(af_agency):
    return make_user("af_reporter", af_agency, ["reporter"])


@pytest.fixture
def af_focal(af_agency):
    return make_user("af_focal", af_agency, ["focal_point"])


@pytest.fixture
def pk_reporter(pk_agency):
    return make_user("pk_reporter", pk_agency, ["reporter"])


HEROIN = {"substance": "heroin", "drug_name_as_reported": "heroin brown", "amount": Decimal("12.5"), "unit": "kg"}
PERSON = {"kind": "person", "role": "courier", "data": {"name": "Gul Mohammad", "father_name": "Khan"},
          "note": "driver of the truck"}
PHONE = {"kind": "phone", "role": "phone_used", "data": {"number": "+93 70 123 4567"}}


def report(by, agency, **kwargs):
    kwargs.setdefault("handling", Handling.NATIONAL)
    kwargs.setdefault("data", {"national_reference": "CNPA-2024-17", "country_id": "AF",
                               "occurred_on": "2024-03-15", "admin1": "Nangarhar"})
    return services.incident_create(by=by, agency=agency, **kwargs)


def test_create_writes_incident_seizures_route_entities_version_and_audit(af_reporter, af_agency):
    incident = report(af_reporter, af_agency, seizures=[HEROIN, {"substance": "captagon", "amount": "10000",
                                                                 "unit": "tablet"}],
                      transits=["IR", "tr"], involvements=[PERSON, PHONE], reliability="B", accuracy="2")
    incident.refresh_from_db()
    assert incident.owner_agency == af_agency and incident.owner_country_id == "AF"
    assert incident.version == 1 and incident.created_by == af_reporter
    heroin, captagon = incident.seizures.order_by("position")
    assert (heroin.substance_group, heroin.amount_kg, heroin.conversion_rule) == ("opiates", Decimal("12.5"),
                                                                                 "mass_kg")
    assert captagon.substance_group == "ats" and captagon.amount_kg == Decimal("1.7")  # 0.17 g a tablet
    assert [t.country_id for t in incident.transits.all()] == ["IR", "TR"]
    roles = sorted(incident.involvements.values_list("role", flat=True))
    assert roles == ["courier", "phone_used"]
    assert Person.objects.get().name == "Gul Mohammad"
    assert Phone.objects.get().e164 == "+93701234567"
    for child in [*incident.seizures.all(), *incident.involvements.all()]:
        assert (child.owner_agency_id, child.handling, child.reliability, child.accuracy) == (
            af_agency.pk, "national", "B", "2")
    version = IncidentVersion.objects.get(incident=incident)
    assert version.version == 1 and version.changed_by == af_reporter and version.changes == {}
    assert version.snapshot["transits"] == ["IR", "TR"]
    assert [s["amount"] for s in version.snapshot["seizures"]] == ["12.5", "10000"]
    json.dumps(services.incident_snapshot(incident))  # JSON-safe
    entry = AuditEntry.objects.get(action="create", object_type="incidents.incident")
    assert entry.object_id == str(incident.pk) and entry.actor == af_reporter and entry.object_country == "AF"


def test_system_may_create_for_any_agency(pk_agency):
    incident = report(None, pk_agency, data={"country_id": "PK"})
    assert incident.owner_country_id == "PK" and incident.created_by is None


@pytest.mark.parametrize("who", ["pk_reporter", "programme_officer", "inactive"])
def test_create_refused_for_another_agency_or_without_permission(who, af_agency, pk_reporter):
    by = {"pk_reporter": lambda: pk_reporter,
          "programme_officer": lambda: make_user("af_prog", af_agency, ["programme_officer"]),
          "inactive": lambda: _inactive(make_user("af_gone", af_agency, ["reporter"]))}[who]()
    with pytest.raises(PermissionDenied):
        report(by, af_agency, seizures=[HEROIN])
    assert not Incident.objects.exists() and not Seizure.objects.exists()


def _inactive(user):
    user.is_active = False
    user.save()
    return user


def test_restricted_needs_a_group_of_the_owners_country(af_reporter, af_agency, pk_agency):
    with pytest.raises(ValidationError) as missing:
        report(af_reporter, af_agency, handling=Handling.RESTRICTED)
    assert "sharing_group" in missing.value.message_dict
    foreign = SharingGroup.objects.create(name="Managed by Pakistan", owner_agency=pk_agency)
    with pytest.raises(ValidationError) as other_country:
        report(af_reporter, af_agency, handling=Handling.RESTRICTED, sharing_group=foreign)
    assert "sharing_group" in other_country.value.message_dict
    with pytest.raises(ValidationError):
        report(af_reporter, af_agency, handling="secret")
    assert not Incident.objects.exists()
    own = SharingGroup.objects.create(name="Border liaison", owner_agency=af_agency)
    incident = report(af_reporter, af_agency, handling=Handling.RESTRICTED, sharing_group=own, seizures=[HEROIN])
    assert incident.seizures.get().sharing_group == own


@pytest.mark.parametrize("bad", [
    {"seizures": [HEROIN, {**HEROIN, "amount": Decimal("-1")}]},
    {"seizures": [{**HEROIN, "amount": Decimal("1e15")}]},
    {"seizures": [{**HEROIN, "substance": "unobtainium"}]},
    {"involvements": [PERSON, {"kind": "phone", "role": "phone_used", "data": {"number": "12"}}]},
    {"involvements": [{**PERSON, "data": {"name": "Gul\x00"}}]},
    {"transits": ["IR", "XX"]},
    {"data": {"country_id": "AF", "national_reference": "bad\x00ref"}},
    {"data": {"country_id": "AF", "owner_agency_id": 99}},
    {"data": {"country_id": "AF", "crime_area": "piracy"}},
])
def test_bad_values_save_nothing(bad, af_reporter, af_agency):
    kwargs = {"seizures": [HEROIN], "involvements": [PERSON], **bad}
    with pytest.raises(ValidationError):
        report(af_reporter, af_agency, **kwargs)
    assert not Incident.objects.exists() and not Seizure.objects.exists()
    assert not Person.objects.exists() and not Involvement.objects.exists()
    assert not AuditEntry.objects.filter(action="create").exists()


def test_amount_limit_is_named_in_the_message(af_reporter, af_agency):
    with pytest.raises(ValidationError) as exc:
        report(af_reporter, af_agency, seizures=[{**HEROIN, "amount": Decimal("2000000")}])
    message = " ".join(exc.value.message_dict["amount"])
    assert "1,000,000 kg" in message


def test_place_name_in_any_script_is_geocoded(af_reporter, af_agency):
    # An invented crossing, so the test does not depend on the gazetteer the migrations may have loaded.
    crossing = Place.objects.create(kind="crossing", code="af-zarghunabad", country_id="AF", name="Zarghunabad",
                                    admin1_name="Testistan", latitude=34.1, longitude=71.09)
    for name in ("Zarghunabad", "زرغون‌آباد"):
        PlaceName.objects.create(place=crossing, name=name, key=fold(name), skeleton=skeleton(name))
    incident = report(af_reporter, af_agency, data={"country_id": "AF", "place_name": "زرغون‌آباد"})
    assert incident.place == crossing and incident.geo_precision == "exact"
    assert (incident.latitude, incident.longitude) == (34.1, 71.09)
    assert incident.admin1 == "Testistan"
    unknown = report(af_reporter, af_agency, data={"country_id": "AF", "place_name": "Nowhere at all 123"})
    assert unknown.place is None and unknown.latitude is None and unknown.geo_precision == "country"


def test_update_makes_version_two_with_a_diff_and_audit(af_reporter, af_agency):
    incident = report(af_reporter, af_agency, seizures=[HEROIN], transits=["IR"], involvements=[PERSON])
    seizure = incident.seizures.get()
    involvement = incident.involvements.get()
    updated = services.incident_update(
        incident, by=af_reporter, data={"admin1": "Kandahar", "persons_arrested": 2},
        seizures=[{**HEROIN, "id": seizure.pk, "amount": Decimal("13")}], transits=["IR", "TR"],
        involvements=[{"id": involvement.pk, "role": "suspect"}, PHONE])
    assert updated.version == 2
    seizure.refresh_from_db()
    assert seizure.amount == Decimal("13") and seizure.amount_kg == Decimal("13")  # changed in place
    version = IncidentVersion.objects.get(incident=incident, version=2)
    assert version.changed_by == af_reporter
    assert version.changes["admin1"] == ["Nangarhar", "Kandahar"]
    assert version.changes["persons_arrested"] == [None, 2]
    assert version.changes["transits"] == [["IR"], ["IR", "TR"]]
    before, after = version.changes["seizures"]
    assert before[0]["amount"] == "12.5" and after[0]["amount"] == "13"
    assert [i["role"] for i in version.changes["involvements"][1]] == ["suspect", "phone_used"]
    assert "national_reference" not in version.changes
    assert version.snapshot["admin1"] == "Kandahar"
    entry = AuditEntry.objects.get(action="update")
    assert entry.detail["version"] == 2 and "admin1" in entry.detail["fields"]
    # An involvement left out of the list goes; its entity stays.
    services.incident_update(updated, by=af_reporter, data={}, involvements=[])
    assert not incident.involvements.exists() and Person.objects.count() == 1
    assert IncidentVersion.objects.filter(incident=incident).count() == 3


def test_handling_change_moves_every_child(af_reporter, af_focal, af_agency):
    incident = report(af_reporter, af_agency, seizures=[HEROIN, HEROIN], involvements=[PERSON, PHONE])
    with pytest.raises(PermissionDenied):  # a reporter may not widen who sees a record
        services.incident_update(incident, by=af_reporter, data={"handling": Handling.REGIONAL})
    group = SharingGroup.objects.create(name="Liaison", owner_agency=af_agency)
    services.incident_update(incident, by=af_focal, data={"handling": Handling.RESTRICTED,
                                                          "sharing_group_id": group.pk, "reliability": "A"})
    for child in [*Seizure.objects.filter(incident=incident), *Involvement.objects.filter(incident=incident)]:
        assert (child.handling, child.sharing_group_id, child.reliability) == ("restricted", group.pk, "A")
    services.incident_update(incident, by=af_focal, data={"handling": Handling.REGIONAL})
    assert set(Seizure.objects.filter(incident=incident).values_list("handling", "sharing_group_id")) == {
        ("regional", None)}
    assert set(Involvement.objects.filter(incident=incident).values_list("handling", "sharing_group_id")) == {
        ("regional", None)}
    version = IncidentVersion.objects.filter(incident=incident).first()
    assert version.changes["handling"] == ["restricted", "regional"]


def test_sync_children_sharing_repairs_children(af_reporter, af_agency):
    incident = report(af_reporter, af_agency, seizures=[HEROIN], involvements=[PERSON])
    Seizure.objects.filter(incident=incident).update(handling="public")
    Involvement.objects.filter(incident=incident).update(handling="public", accuracy="1")
    services.sync_children_sharing(incident)
    assert Seizure.objects.get().handling == "national"
    assert Involvement.objects.values_list("handling", "accuracy").get() == ("national", "4")


def test_another_agency_cannot_edit(af_reporter, af_agency, pk_reporter):
    national = report(af_reporter, af_agency)
    regional = report(af_reporter, af_agency, handling=Handling.REGIONAL)
    for incident in (national, regional):
        with pytest.raises(PermissionDenied):
            services.incident_update(incident, by=pk_reporter, data={"admin1": "Hacked"})
    assert set(Incident.objects.values_list("admin1", flat=True)) == {"Nangarhar"}
    client = logged_in_client(pk_reporter)
    # Invisible: 404 like a missing record. Visible but another agency's: 403 (the chokepoint's rule).
    assert client.get(f"/incidents/{national.pk}/edit/").status_code == 404
    assert client.post(f"/incidents/{national.pk}/edit/", {"action": "submit"}).status_code == 404
    assert client.get(f"/incidents/{national.pk}/").status_code == 404
    assert client.get(f"/incidents/{national.pk}/history/").status_code == 404
    assert client.get(f"/incidents/{regional.pk}/").status_code == 200
    assert client.get(f"/incidents/{regional.pk}/edit/").status_code == 403
    assert client.post(f"/incidents/{regional.pk}/edit/", {"action": "draft"}).status_code == 403
    assert not IncidentDraft.objects.exists()


def test_drafts_keep_anything_and_submit_validates(af_reporter, af_agency, pk_reporter):
    draft = services.draft_save(by=af_reporter, data={"occurred_on": "31/02/2020", "national_reference": "X\x00"})
    assert draft.data == {"occurred_on": ["31/02/2020"], "national_reference": ["X"]}
    with pytest.raises(services.ReportInvalid) as exc:
        services.draft_submit(draft, by=af_reporter)
    assert "occurred_on" in exc.value.message_dict
    assert IncidentDraft.objects.filter(pk=draft.pk).exists() and not Incident.objects.exists()
    with pytest.raises(PermissionDenied):
        services.draft_submit(draft, by=pk_reporter)
    with pytest.raises(PermissionDenied):
        services.draft_save(by=pk_reporter, data={}, draft=draft)
    data = {"occurred_on": "2020-02-29", "date_precision": "day", "country": "AF", "location_type": "road",
            "crime_area": "drugs", "transport_mode": "road", "concealment": "vehicle", "source_type":
            "seizure_report", "verification": "unverified", "handling": "national", "reliability": "X",
            "accuracy": "4", **_management(seizure=1), "seizure-0-substance": "opium", "seizure-0-amount": "40",
            "seizure-0-unit": "kg"}
    draft = services.draft_save(by=af_reporter, data=data, draft=draft)
    incident = services.draft_submit(draft, by=af_reporter)
    assert incident.occurred_on.isoformat() == "2020-02-29"
    assert incident.seizures.get().substance == "opium"
    assert not IncidentDraft.objects.exists()


def _management(**totals):
    kinds = ("seizure", "transit", "person", "phone", "vehicle", "document", "account", "organization", "address")
    data = {}
    for kind in kinds:
        data[f"{kind}-TOTAL_FORMS"] = str(totals.get(kind, 0))
        data[f"{kind}-INITIAL_FORMS"] = "0"
    return data
