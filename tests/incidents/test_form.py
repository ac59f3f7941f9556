"""The report form over HTTP: valid submits, invalid ones that save nothing and say why beside the field,
drafts, edits that make a version, the htmx sub-form endpoint, bad input on purpose, Dari."""

import re

import pytest

from hamkari.entities.models import Involvement, Person, Phone
from hamkari.incidents.models import Incident, IncidentDraft, IncidentVersion, Seizure
from hamkari.sharing.models import AuditEntry
from tests.factories import make_user
from tests.sharing.world import logged_in_client

pytestmark = pytest.mark.django_db

KINDS = ("seizure", "transit", "person", "phone", "vehicle", "document", "account", "organization", "address")


@pytest.fixture
def af_reporter(af_agency):
    return make_user("af_reporter", af_agency, ["reporter"])


@pytest.fixture
def client(af_reporter):
    return logged_in_client(af_reporter)


def form_data(**overrides):
    """A complete, valid POST of the report form: one seizure line, one transit, one person, one phone."""
    data = {
        "action": "submit", "national_reference": "CNPA/2024/0042", "occurred_on": "15/03/2024",
        "date_precision": "day", "country": "AF", "admin1": "Nangarhar", "admin2": "Momand Dara",
        "place_name": "Torkham", "location_type": "border_crossing", "border_crossing": "", "crime_area": "drugs",
        "producing_country": "AF", "departure_country": "AF", "destination_country": "TR",
        "transport_mode": "road", "conveyance": "truck", "concealment": "vehicle",
        "concealment_detail": "fuel tank", "persons_arrested": "1", "narrative": "Found at the crossing.",
        "source_type": "seizure_report", "verification": "unverified", "handling": "national",
        "sharing_group": "", "reliability": "B", "accuracy": "2",
    }
    for kind in KINDS:
        data[f"{kind}-TOTAL_FORMS"] = "0"
        data[f"{kind}-INITIAL_FORMS"] = "0"
    data.update({"seizure-TOTAL_FORMS": "1", "seizure-0-substance": "heroin", "seizure-0-drug_name_as_reported":
                 "brown heroin", "seizure-0-amount": "12,5", "seizure-0-unit": "kg", "seizure-0-purity": "60",
                 "seizure-0-price": "", "seizure-0-currency": "",
                 "transit-TOTAL_FORMS": "2", "transit-0-country": "IR", "transit-1-country": "",
                 "person-TOTAL_FORMS": "1", "person-0-name": "Gul Mohammad", "person-0-aliases": "Gul\nGulu",
                 "person-0-father_name": "Khan", "person-0-birth_date": "1985-06", "person-0-birth_date_precision":
                 "day", "person-0-nationality_id": "AF", "person-0-gender": "m", "person-0-role": "courier",
                 "person-0-note": "", "person-0-birth_place": "",
                 "phone-TOTAL_FORMS": "1", "phone-0-number": "070 123 4567", "phone-0-imei": "",
                 "phone-0-role": "phone_used", "phone-0-note": ""})
    data.update(overrides)
    return data


def nothing_saved():
    return not (Incident.objects.exists() or Seizure.objects.exists() or Person.objects.exists()
                or Phone.objects.exists() or Involvement.objects.exists())


def error_beside(html: str, field_id: str) -> str:
    """The error list Django renders beside a field (its id is the field's id + "_error")."""
    match = re.search(rf'<ul class="errorlist" id="{re.escape(field_id)}_error">(.*?)</ul>', html, re.S)
    assert match, f"no error beside {field_id}"
    return re.sub(r"<[^>]+>", " ", match.group(1)).strip()


def test_new_page_for_reporters_only(client, af_agency):
    page = client.get("/incidents/new/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="seizure-0-amount"' in html and 'name="person-0-name"' in html
    assert 'hx-get="/incidents/new/row/person/"' in html
    assert "<script>" not in html.split("</head>")[1]  # no inline script (CSP)
    programme = logged_in_client(make_user("af_prog", af_agency, ["programme_officer"]))
    assert programme.get("/incidents/new/").status_code == 403
    assert programme.post("/incidents/new/", form_data()).status_code == 403
    assert "Report an incident" not in programme.get("/incidents/").content.decode()
    assert "Report an incident" in client.get("/incidents/").content.decode()
    assert nothing_saved()


def test_valid_submit_creates_incident_seizures_and_entities(client, af_reporter):
    response = client.post("/incidents/new/", form_data())
    incident = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/incidents/{incident.pk}/"
    assert incident.occurred_on.isoformat() == "2024-03-15" and incident.owner_agency == af_reporter.agency
    assert (incident.reliability, incident.accuracy, incident.destination_country_id) == ("B", "2", "TR")
    seizure = incident.seizures.get()
    assert (seizure.substance, str(seizure.amount_kg), seizure.purity) == ("heroin", "12.5000", 60)
    assert incident.transit_countries()[0].iso2 == "IR" and incident.transits.count() == 1
    person = Person.objects.get()
    assert person.name == "Gul Mohammad" and person.birth_date.isoformat() == "1985-06-01"
    assert person.birth_date_precision == "month"
    assert sorted(person.other_names.values_list("name", flat=True)) == ["Gul", "Gulu"]
    assert Phone.objects.get().e164 == "+93701234567"
    assert sorted(incident.involvements.values_list("role", flat=True)) == ["courier", "phone_used"]
    detail = client.get(response["Location"]).content.decode()
    for text in ("CNPA/2024/0042", "Gul Mohammad", "12.5", "mass_kg", "+93701234567", "Iran",
                 f'href="/entities/person/{person.pk}/"'):
        assert text in detail, text
    assert AuditEntry.objects.filter(action="view", object_id=str(incident.pk)).count() == 1


def test_persian_digits_and_separators_are_read(client):
    data = form_data(occurred_on="۱۵/۰۳/۲۰۲۴", **{"seizure-0-amount": "۱۲٫۵", "seizure-0-price": "1,500",
                                                  "seizure-0-currency": "usd", "phone-0-number": "۰۷۰۱۲۳۴۵۶۷"})
    assert client.post("/incidents/new/", data).status_code == 302
    seizure = Seizure.objects.get()
    assert str(seizure.amount) == "12.5000" and str(seizure.price) == "1500.00" and seizure.currency == "USD"
    assert seizure.incident.occurred_on.isoformat() == "2024-03-15"
    assert Phone.objects.get().e164 == "+93701234567"


def test_month_and_year_precision(client):
    assert client.post("/incidents/new/", form_data(occurred_on="2024-03")).status_code == 302
    assert client.post("/incidents/new/", form_data(occurred_on="2023", date_precision="day")).status_code == 302
    assert client.post("/incidents/new/", form_data(occurred_on="2022-07-19", date_precision="month")
                       ).status_code == 302
    got = list(Incident.objects.order_by("pk").values_list("occurred_on", "date_precision"))
    assert [(d.isoformat(), p) for d, p in got] == [("2024-03-01", "month"), ("2023-01-01", "year"),
                                                    ("2022-07-01", "month")]
    page = client.get(f"/incidents/{Incident.objects.order_by('pk').first().pk}/edit/").content.decode()
    assert 'value="2024-03"' in page


def test_detail_shows_hidden_entities_only_as_who_holds_them(client, pk_analyst):
    client.post("/incidents/new/", form_data(handling="regional"))
    incident = Incident.objects.get()
    Person.objects.update(handling="national")  # the officer kept the person national, the incident regional
    response = logged_in_client(pk_analyst).get(f"/incidents/{incident.pk}/")
    html = response.content.decode()
    assert response.status_code == 200 and "CNPA/2024/0042" in html
    assert "Gul Mohammad" not in html and "Khan" not in html and "/entities/person/" not in html
    assert "Person held under National: owning country only by CNPA (AF)" in html
    assert "+93701234567" in html  # the phone is regional, like the incident
    own = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "Gul Mohammad" in own


def test_empty_extra_subforms_are_ignored(client):
    data = form_data(**{"person-TOTAL_FORMS": "2", "person-1-role": "suspect", "person-1-gender": "u",
                        "person-1-birth_date_precision": "day", "seizure-TOTAL_FORMS": "2",
                        "seizure-1-unit": "kg"})
    assert client.post("/incidents/new/", data).status_code == 302
    assert Person.objects.count() == 1 and Seizure.objects.count() == 1


@pytest.mark.parametrize(("overrides", "field_id", "expected"), [
    ({"occurred_on": "31/02/2020"}, "id_occurred_on", "month 2 of 2020 has 29 days"),
    ({"occurred_on": "2020-13-01"}, "id_occurred_on", "there is no month 13"),
    ({"occurred_on": "next tuesday"}, "id_occurred_on", "2024-03-15"),
    ({"occurred_on": "2999-01-01"}, "id_occurred_on", "in the future"),
    ({"seizure-0-amount": "-3"}, "id_seizure-0-amount", "greater than zero"),
    ({"seizure-0-amount": "1000000000000000"}, "id_seizure-0-amount", "1,000,000 kg"),
    ({"seizure-0-amount": "1e400"}, "id_seizure-0-amount", ""),
    ({"seizure-0-amount": "lots"}, "id_seizure-0-amount", "Enter a number"),
    ({"seizure-0-unit": "tablet", "seizure-0-amount": "5000000000"}, "id_seizure-0-amount", "1,000,000,000"),
    ({"seizure-0-purity": "140"}, "id_seizure-0-purity", "100"),
    ({"seizure-0-amount": "1.123456"}, "id_seizure-0-amount", "At most 4 decimal places"),
    ({"seizure-0-price": "-5"}, "id_seizure-0-price", "cannot be negative"),
    ({"seizure-0-currency": "$$"}, "id_seizure-0-currency", "three-letter code"),
    ({"seizure-0-substance": "", "seizure-0-drug_name_as_reported": "herion"},
     "id_seizure-0-drug_name_as_reported", "Did you mean: Heroin"),
    ({"seizure-0-substance": "", "seizure-0-drug_name_as_reported": ""}, "id_seizure-0-substance",
     "Choose the substance"),
    ({"person-0-birth_date": "31/02/1990"}, "id_person-0-birth_date", "month 2 of 1990 has 28 days"),
    ({"person-0-name": ""}, "id_person-0-name", "required"),
    ({"phone-0-number": "12"}, "id_phone-0-number", "not a possible phone number"),
    ({"national_reference": "CNPA\x00042"}, "id_national_reference", "Null characters are not allowed"),
    ({"person-0-name": "Gul\x00"}, "id_person-0-name", "Null characters are not allowed"),
    ({"handling": "restricted"}, "id_sharing_group", "needs a sharing group"),
    ({"country": "ZZ"}, "id_country", "Select a valid choice"),
])
def test_invalid_submit_saves_nothing_and_says_why_beside_the_field(client, overrides, field_id, expected):
    response = client.post("/incidents/new/", form_data(**overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert expected in error_beside(html, field_id)
    assert "The report was not saved" in html
    assert nothing_saved()
    # What was typed is still there, so nothing has to be typed twice.
    assert 'value="Gul Mohammad"' in html or overrides.get("person-0-name") is not None
    assert "CNPA/2024/0042" in html or "national_reference" in overrides


def test_html_in_a_name_is_stored_as_written_and_shown_escaped(client):
    name = '<script>alert("x")</script><b>Haji</b>'
    response = client.post("/incidents/new/", form_data(**{"person-0-name": name,
                                                           "narrative": "<img src=x onerror=alert(1)>"}))
    assert response.status_code == 302
    assert Person.objects.get().name == name
    html = client.get(response["Location"]).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;Haji&lt;/b&gt;" in html
    assert "<script>alert" not in html and "<img src=x" not in html


def test_missing_management_form_is_an_error_not_a_crash(client):
    data = {k: v for k, v in form_data().items() if not k.startswith("seizure-")}
    response = client.post("/incidents/new/", data)
    assert response.status_code == 200 and nothing_saved()


def test_draft_saves_anything_and_resumes(client, af_reporter):
    data = form_data(occurred_on="31/02/2020", **{"seizure-0-amount": "-1", "national_reference": "DRAFT\x00-7"})
    response = client.post("/incidents/new/", {**data, "action": "draft"})
    draft = IncidentDraft.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/incidents/new/?draft={draft.pk}"
    assert nothing_saved() and draft.author == af_reporter
    assert draft.data["occurred_on"] == ["31/02/2020"] and draft.data["national_reference"] == ["DRAFT-7"]
    resumed = client.get(response["Location"]).content.decode()
    assert 'value="31/02/2020"' in resumed and 'value="-1"' in resumed and 'value="Gul Mohammad"' in resumed
    assert 'class="errorlist"' not in resumed  # errors wait for Submit
    assert f'name="draft" value="{draft.pk}"' in resumed
    drafts = client.get("/incidents/drafts/").content.decode()
    assert f"?draft={draft.pk}" in drafts and "DRAFT-7" in drafts
    # Saving again updates the same draft; submitting it fixed creates the incident and drops the draft.
    client.post("/incidents/new/", {**data, "action": "draft", "draft": draft.pk})
    assert IncidentDraft.objects.count() == 1
    fixed = form_data(draft=str(draft.pk))
    response = client.post("/incidents/new/", fixed)
    assert response.status_code == 302 and Incident.objects.count() == 1
    assert not IncidentDraft.objects.exists()


def test_drafts_are_private(client, af_agency, af_reporter):
    client.post("/incidents/new/", {**form_data(), "action": "draft"})
    draft = IncidentDraft.objects.get()
    colleague = logged_in_client(make_user("af_colleague", af_agency, ["reporter"]))
    assert "?draft=" not in colleague.get("/incidents/drafts/").content.decode()
    assert colleague.get(f"/incidents/new/?draft={draft.pk}").status_code == 404
    assert colleague.post(f"/incidents/drafts/{draft.pk}/delete/").status_code == 404
    assert colleague.post("/incidents/new/", {**form_data(), "action": "draft", "draft": draft.pk}).status_code == 404
    assert IncidentDraft.objects.get().data == draft.data
    assert client.post(f"/incidents/drafts/{draft.pk}/delete/").status_code == 302
    assert not IncidentDraft.objects.exists()


def test_edit_creates_version_two_with_the_diff(client):
    client.post("/incidents/new/", form_data())
    incident = Incident.objects.get()
    page = client.get(f"/incidents/{incident.pk}/edit/").content.decode()
    assert 'value="2024-03-15"' in page and 'value="12.5"' in page and "Gul Mohammad" in page
    seizure = incident.seizures.get()
    involvements = list(incident.involvements.order_by("id"))
    data = form_data(**{"admin1": "Kandahar", "seizure-0-id": str(seizure.pk), "seizure-0-amount": "13",
                        "seizure-INITIAL_FORMS": "1", "person-TOTAL_FORMS": "0", "phone-TOTAL_FORMS": "0",
                        "existing-TOTAL_FORMS": "2", "existing-INITIAL_FORMS": "2",
                        "existing-0-id": str(involvements[0].pk), "existing-0-role": "suspect",
                        "existing-0-note": "", "existing-1-id": str(involvements[1].pk),
                        "existing-1-role": "phone_used", "existing-1-note": "", "existing-1-DELETE": "on"})
    response = client.post(f"/incidents/{incident.pk}/edit/", data)
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.version == 2 and incident.admin1 == "Kandahar"
    assert list(incident.involvements.values_list("role", flat=True)) == ["suspect"]
    assert Phone.objects.count() == 1  # the entity stays, only its involvement went
    version = IncidentVersion.objects.get(incident=incident, version=2)
    assert version.changes["admin1"] == ["Nangarhar", "Kandahar"]
    assert version.changes["seizures"][1][0]["amount"] == "13"
    history = client.get(f"/incidents/{incident.pk}/history/").content.decode()
    assert "Kandahar" in history and "Nangarhar" in history and "af_reporter" in history
    detail = client.get(f"/incidents/{incident.pk}/").content.decode()
    assert "Version 2" in detail and "Kandahar" in detail


def test_edit_of_a_restricted_handling_is_for_focal_points(client, af_agency):
    client.post("/incidents/new/", form_data())
    incident = Incident.objects.get()
    data = form_data(handling="regional", **{"seizure-0-id": str(incident.seizures.get().pk),
                                             "seizure-INITIAL_FORMS": "1", "person-TOTAL_FORMS": "0",
                                             "phone-TOTAL_FORMS": "0", "existing-TOTAL_FORMS": "0",
                                             "existing-INITIAL_FORMS": "0"})
    # The field is disabled for a reporter: the change is saved without it.
    assert client.post(f"/incidents/{incident.pk}/edit/", {**data, "admin1": "Kunar"}).status_code == 302
    incident.refresh_from_db()
    assert (incident.handling, incident.admin1, incident.version) == ("national", "Kunar", 2)
    focal = logged_in_client(make_user("af_focal", af_agency, ["focal_point"]))
    assert focal.post(f"/incidents/{incident.pk}/edit/", data).status_code == 302
    incident.refresh_from_db()
    assert incident.handling == "regional" and incident.seizures.get().handling == "regional"


def test_htmx_adds_one_more_subform(client):
    response = client.get("/incidents/new/row/person/", {"person-TOTAL_FORMS": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="person-1-name"' in html and 'name="person-1-DELETE"' in html
    assert re.search(r'<input type="hidden" name="person-TOTAL_FORMS" value="2" id="id_person-TOTAL_FORMS" '
                     r'hx-swap-oob="true">', html)
    assert 'name="seizure-3-amount"' in client.get("/incidents/new/row/seizure/",
                                                   {"seizure-TOTAL_FORMS": "3"}).content.decode()
    assert client.get("/incidents/new/row/spaceship/", {"spaceship-TOTAL_FORMS": "1"}).status_code == 404
    assert client.get("/incidents/new/row/person/", {"person-TOTAL_FORMS": "x"}).status_code == 400
    assert client.get("/incidents/new/row/person/", {"person-TOTAL_FORMS": "999"}).status_code == 400


def test_add_buttons_work_without_javascript(client):
    data = form_data(**{"phone-TOTAL_FORMS": "0"})
    data.pop("action")
    response = client.post("/incidents/new/", {**data, "add": "phone"})
    html = response.content.decode()
    assert response.status_code == 200 and nothing_saved()
    assert 'name="phone-0-number"' in html and 'name="phone-TOTAL_FORMS" value="1"' in html
    assert 'value="Gul Mohammad"' in html and 'class="errorlist"' not in html
    response = client.post("/incidents/new/", {**data, "add": "transit"})
    assert 'name="transit-2-country"' in response.content.decode()


def test_dari_page_is_right_to_left_and_messages_are_translated(client):
    client.cookies["django_language"] = "fa-af"
    page = client.get("/incidents/new/").content.decode()
    assert 'dir="rtl"' in page and 'lang="fa-af"' in page
    response = client.post("/incidents/new/", form_data(**{"seizure-0-amount": ""}))
    message = error_beside(response.content.decode(), "id_seizure-0-amount")
    assert message and "This field is required" not in message
    assert nothing_saved()
