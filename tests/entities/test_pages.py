"""Entity pages and selectors: through the chokepoint, audited, escaped, hit/no-hit for invisible entities."""

import pytest
from django.urls import reverse

from hamkari.entities import selectors, services
from hamkari.entities.models import Phone
from hamkari.incidents.models import Incident
from hamkari.sharing.models import AuditAction, AuditEntry, Handling, SharingGroup
from tests.factories import make_user
from tests.sharing.world import logged_in_client

NATIONAL, REGIONAL = Handling.NATIONAL, Handling.REGIONAL


def _incident(agency, handling=NATIONAL, ref="REF", group=None):
    return Incident.objects.create(owner_agency=agency, handling=handling, sharing_group=group,
                                   national_reference=ref)


@pytest.mark.django_db
def test_person_page_shows_names_keys_and_incidents_and_is_audited(af_agency, af_analyst):
    person = services.entity_for("person", {"name": "محمد کریمی", "aliases": ["Мухаммад Каримов"],
                                            "birth_date": "1980", "nationality_id": "AF"},
                                 owner_agency=af_agency, handling=NATIONAL)
    incident = _incident(af_agency, ref="KBL-2024-17")
    services.involvement_add(incident, "person", person, "courier")
    client = logged_in_client(af_analyst)
    url = reverse("entities:person-detail", args=[person.pk])
    assert url == f"/entities/person/{person.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<bdi dir="auto">محمد کریمی</bdi>' in html
    assert "Мухаммад Каримов" in html and "Mhmd Krymy" in html and "Transliteration (generated)" in html
    assert "KBL-2024-17" in html and "Courier" in html
    assert "1980" in html
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW, object_type="entities.person",
                                      object_id=str(person.pk)).get()
    assert entry.actor == af_analyst and entry.object_country == "AF"


@pytest.mark.django_db
def test_identifier_page_shows_keys(af_agency, af_analyst):
    phone = services.entity_for("phone", {"number": "070-123-4567", "imei": "35209900176148"},
                                owner_agency=af_agency, handling=NATIONAL)
    html = logged_in_client(af_analyst).get(reverse("entities:phone-detail", args=[phone.pk])).content.decode()
    assert "phone:+93701234567" in html and "imei:352099001761481" in html and "070-123-4567" in html


@pytest.mark.django_db
def test_markup_in_names_is_stored_as_text_and_escaped(af_agency, af_analyst):
    name = '<script>alert("x")</script><b>Karimi</b>'
    person = services.entity_for("person", {"name": name, "aliases": ["<img src=x onerror=alert(1)>"]},
                                 owner_agency=af_agency, handling=NATIONAL)
    html = logged_in_client(af_analyst).get(reverse("entities:person-detail", args=[person.pk])).content.decode()
    assert "<script>alert" not in html and "<b>Karimi" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;Karimi&lt;/b&gt;" in html


@pytest.mark.django_db
def test_another_countrys_national_entity_is_a_404_like_a_guessed_pk(af_agency, pk_agency, af_analyst,
                                                                     pk_analyst):
    phone = services.entity_for("phone", {"number": "0300 1234567"}, owner_agency=pk_agency, handling=NATIONAL)
    af_client = logged_in_client(af_analyst)
    hidden = af_client.get(reverse("entities:phone-detail", args=[phone.pk]))
    guessed = af_client.get(reverse("entities:phone-detail", args=[phone.pk + 1000]))
    assert hidden.status_code == guessed.status_code == 404
    assert hidden.content == guessed.content
    assert af_client.get(f"/entities/spaceship/{phone.pk}/").status_code == 404
    # Wrong kind for the pk: another model's record with that pk, not the phone.
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()
    # The owner's country sees it; a regional one is seen across the region.
    assert logged_in_client(pk_analyst).get(reverse("entities:phone-detail", args=[phone.pk])).status_code == 200
    Phone.objects.filter(pk=phone.pk).update(handling=REGIONAL)
    assert af_client.get(reverse("entities:phone-detail", args=[phone.pk])).status_code == 200
    # Logged out: sent to log in, nothing shown.
    from django.test import Client
    anonymous = Client().get(reverse("entities:phone-detail", args=[phone.pk]))
    assert anonymous.status_code == 302 and b"0300" not in anonymous.content


@pytest.mark.django_db
def test_entity_page_lists_only_visible_incidents(af_agency, pk_agency, af_analyst):
    # A regional phone of Pakistan, used in a national Pakistani incident and a regional one.
    phone = services.entity_for("phone", {"number": "0300 1234567"}, owner_agency=pk_agency, handling=REGIONAL)
    secret = _incident(pk_agency, NATIONAL, ref="PK-SECRET-1")
    shared = _incident(pk_agency, REGIONAL, ref="PK-SHARED-2")
    for incident in (secret, shared):
        services.involvement_add(incident, "phone", phone, "phone_used")
    assert list(selectors.entity_incidents(af_analyst, phone)) == [shared]
    html = logged_in_client(af_analyst).get(reverse("entities:phone-detail", args=[phone.pk])).content.decode()
    assert "PK-SHARED-2" in html and "PK-SECRET-1" not in html


@pytest.mark.django_db
def test_entities_of_incident_hides_invisible_entities_hit_no_hit_style(af_agency, pk_agency, af_analyst):
    incident = _incident(pk_agency, REGIONAL, ref="PK-7")
    secret_person = services.entity_for("person", {"name": "Secret Name"}, owner_agency=pk_agency,
                                        handling=NATIONAL)
    open_phone = services.entity_for("phone", {"number": "03001234567"}, owner_agency=pk_agency, handling=REGIONAL)
    services.involvement_add(incident, "person", secret_person, "suspect")
    services.involvement_add(incident, "phone", open_phone, "phone_used")
    rows = selectors.entities_of_incident(af_analyst, incident)
    assert [(inv.role, entity) for inv, entity in rows] == [("suspect", None), ("phone_used", open_phone)]
    hidden = rows[0][0].hidden_entity
    assert (hidden.kind, hidden.handling, hidden.agency_code, hidden.country) == ("person", NATIONAL, "PK-ANF", "PK")
    # The partial shows the holder, never the data.
    from django.template.loader import render_to_string
    html = render_to_string("entities/_incident_entities.html", {"rows": rows})
    assert "Secret Name" not in html and "Anti-Narcotics Force" in html and "+923001234567" in html
    # An incident the user may not see gives nothing at all.
    national = _incident(pk_agency, NATIONAL, ref="PK-8")
    services.involvement_add(national, "phone", open_phone, "phone_used")
    assert selectors.entities_of_incident(af_analyst, national) == []


@pytest.mark.django_db
def test_restricted_involvement_is_seen_by_the_group(af_agency, pk_agency, pk_analyst):
    group = SharingGroup.objects.create(name="AF-PK", owner_agency=af_agency)
    group.countries.add("PK")
    incident = _incident(af_agency, Handling.RESTRICTED, ref="AF-R-1", group=group)
    phone = services.entity_for("phone", {"number": "0701234567"}, owner_agency=af_agency,
                                handling=Handling.RESTRICTED, sharing_group=group)
    services.involvement_add(incident, "phone", phone, "phone_used")
    assert list(selectors.entity_incidents(pk_analyst, phone)) == [incident]
    assert [e for _, e in selectors.entities_of_incident(pk_analyst, incident)] == [phone]


@pytest.mark.django_db
def test_owner_widens_handling_on_the_entity_page(af_agency, pk_agency, af_analyst, pk_analyst):
    focal = make_user("af_focal", af_agency, ["focal_point"])
    phone = services.entity_for("phone", {"number": "0701234567"}, owner_agency=af_agency, handling=NATIONAL)
    url = reverse("entities:phone-sharing", args=[phone.pk])
    # Analysts without the sharing permission cannot; another country's user gets a 404.
    assert logged_in_client(af_analyst).post(url, {"handling": "regional"}).status_code == 403
    assert logged_in_client(pk_analyst).post(url, {"handling": "regional"}).status_code == 404
    client = logged_in_client(focal)
    page = client.get(reverse("entities:phone-detail", args=[phone.pk])).content.decode()
    assert 'name="handling"' in page
    response = client.post(url, {"handling": "regional"})
    assert response.status_code == 302
    assert Phone.objects.get(pk=phone.pk).handling == REGIONAL
    assert AuditEntry.objects.filter(action=AuditAction.SHARING, object_id=str(phone.pk)).exists()
    client.post(url, {"handling": "nonsense"})
    assert Phone.objects.get(pk=phone.pk).handling == REGIONAL
    client.post(url, {"handling": "restricted"})  # no group: refused
    assert Phone.objects.get(pk=phone.pk).handling == REGIONAL
    assert client.get(url).status_code == 405


@pytest.mark.django_db
def test_dari_page_is_right_to_left_and_latin_names_are_isolated(af_agency, af_analyst, settings):
    person = services.entity_for("person", {"name": "Mohammad Karimi", "aliases": ["محمد کریمی"]},
                                 owner_agency=af_agency, handling=NATIONAL)
    client = logged_in_client(af_analyst)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fa-af"
    html = client.get(reverse("entities:person-detail", args=[person.pk])).content.decode()
    assert 'dir="rtl"' in html and 'lang="fa-af"' in html
    assert '<bdi dir="auto">Mohammad Karimi</bdi>' in html and '<bdi dir="auto">محمد کریمی</bdi>' in html


EXAMPLES = {
    "person": {"name": "Gul Ahmad", "nationality_id": "PK"},
    "organization": {"name": "Khyber Traders", "country_id": "PK"},
    "vehicle": {"plate": "LEA-1234", "registration_country_id": "PK"},
    "phone": {"number": "0300 1234567"},
    "document": {"kind": "national_id", "number": "35202-1234567-1", "issuing_country_id": "PK"},
    "account": {"account_number": "0012345678", "bank_name": "Habib Bank", "country_id": "PK"},
    "address": {"text": "Street 4, Peshawar", "country_id": "PK"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("kind", sorted(EXAMPLES))
def test_every_kind_page_follows_the_chokepoint(kind, pk_agency, af_analyst, pk_analyst):
    entity = services.entity_for(kind, EXAMPLES[kind], owner_agency=pk_agency, handling=NATIONAL)
    url = reverse(f"entities:{kind}-detail", args=[entity.pk])
    own = logged_in_client(pk_analyst).get(url)
    assert own.status_code == 200 and str(entity).encode() in own.content
    af = logged_in_client(af_analyst)
    hidden, missing = af.get(url), af.get(reverse(f"entities:{kind}-detail", args=[entity.pk + 10_000]))
    assert hidden.status_code == missing.status_code == 404 and hidden.content == missing.content
    assert str(entity).encode() not in hidden.content
    views = AuditEntry.objects.filter(action=AuditAction.VIEW, object_id=str(entity.pk))
    assert [(v.actor_username, v.object_type) for v in views] == [("pk_analyst", f"entities.{entity._meta.model_name}")]
