"""Entity services against a real database: validation, reuse by key, names, involvements."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from hamkari.entities import services
from hamkari.entities.models import (
    BankAccount, IdentityDocument, Involvement, NameKind, Organization, Person, PersonName, Phone, Vehicle,
)
from hamkari.incidents.models import Incident
from hamkari.sharing.models import Handling, SharingGroup

NATIONAL = Handling.NATIONAL


def _errors(exc):
    return {k: [str(m) for m in v] for k, v in exc.value.message_dict.items()}


@pytest.mark.django_db
def test_one_phone_typed_four_ways_is_one_record_per_agency(af_agency, pk_agency):
    typed = ["+93 70 123 4567", "0093701234567", "070-123-4567", "۰۷۰۱۲۳۴۵۶۷"]
    af_phones = [services.entity_for("phone", {"number": t}, owner_agency=af_agency, handling=NATIONAL)
                 for t in typed]
    assert len({p.pk for p in af_phones}) == 1
    phone = Phone.objects.get(owner_agency=af_agency)
    assert phone.key == "phone:+93701234567" and phone.e164 == "+93701234567"
    assert phone.number == "+93 70 123 4567"  # as first written
    # Another agency gets its own record of the same number (in its own country, so AF is not the default).
    pk_phone = services.entity_for("phone", {"number": "0093 70 123 4567"}, owner_agency=pk_agency,
                                   handling=Handling.REGIONAL)
    assert pk_phone.pk != phone.pk and pk_phone.key == phone.key
    assert Phone.objects.filter(key="phone:+93701234567").count() == 2


@pytest.mark.django_db
def test_national_number_uses_the_owner_country_unless_told(pk_agency):
    phone = services.entity_for("phone", {"number": "0300 1234567"}, owner_agency=pk_agency, handling=NATIONAL)
    assert phone.e164 == "+923001234567"
    other = services.entity_for("phone", {"number": "070 123 4567"}, owner_agency=pk_agency, handling=NATIONAL,
                                default_country="AF")
    assert other.e164 == "+93701234567"


@pytest.mark.django_db
def test_reuse_fills_empty_fields_and_never_overwrites(af_agency, af_analyst):
    first = services.resolve_entity("phone", {"number": "0701234567"}, owner_agency=af_agency, handling=NATIONAL)
    assert first.created and first.entity.imei == ""
    second = services.resolve_entity("phone", {"number": "+93701234567", "imei": "35209900176148"},
                                     owner_agency=af_agency, handling=Handling.REGIONAL, by=af_analyst)
    assert not second.created and second.entity.pk == first.entity.pk
    assert second.filled == ["imei"] and second.conflicts == {}
    stored = Phone.objects.get(pk=first.entity.pk)
    assert stored.imei == "352099001761481" and stored.updated_by == af_analyst
    # The owner's handling stays: a later report under a wider code does not widen the phone.
    assert stored.handling == NATIONAL
    third = services.resolve_entity("phone", {"number": "0701234567", "imei": "490154203237518"},
                                    owner_agency=af_agency, handling=NATIONAL)
    assert third.entity.pk == first.entity.pk and third.conflicts == {"imei": "490154203237518"}
    assert Phone.objects.get(pk=first.entity.pk).imei == "352099001761481"
    # The same handset reported by IMEI only is found through its IMEI.
    by_imei = services.entity_for("phone", {"imei": "352099001761481"}, owner_agency=af_agency, handling=NATIONAL)
    assert by_imei.pk == first.entity.pk


@pytest.mark.django_db
def test_passports_with_cyrillic_lookalikes_are_one_document(af_agency):
    kz_latin = services.entity_for("document", {"kind": "passport", "number": "HP12345678",
                                                "issuing_country_id": "kz"}, owner_agency=af_agency,
                                   handling=NATIONAL)
    kz_cyrillic = services.entity_for("document", {"kind": "passport", "number": "нр 1234 5678",
                                                   "issuing_country_id": "KZ"}, owner_agency=af_agency,
                                      handling=NATIONAL)
    assert kz_cyrillic.pk == kz_latin.pk and kz_latin.key == "doc:KZ:passport:HP12345678"
    id_card = services.entity_for("document", {"kind": "national_id", "number": "HP12345678",
                                               "issuing_country_id": "KZ"}, owner_agency=af_agency,
                                  handling=NATIONAL)
    assert id_card.pk != kz_latin.pk
    assert IdentityDocument.objects.count() == 2


@pytest.mark.django_db
def test_plates_with_persian_digits_and_vin(af_agency):
    one = services.entity_for("vehicle", {"plate": "کابل ۱۲۳۴۵", "registration_country_id": "AF"},
                              owner_agency=af_agency, handling=NATIONAL)
    two = services.entity_for("vehicle", {"plate": "کابل 12345", "registration_country_id": "AF",
                                          "vin": "1M8GDM9AXKP042788", "make": "Toyota"},
                              owner_agency=af_agency, handling=NATIONAL)
    assert one.pk == two.pk
    vehicle = Vehicle.objects.get()
    assert vehicle.vin == "1M8GDM9AXKP042788" and vehicle.make == "Toyota" and vehicle.plate == "کابل ۱۲۳۴۵"
    # Later, the VIN alone finds it.
    assert services.entity_for("vehicle", {"vin": "1m8gdm9axkp042788"}, owner_agency=af_agency,
                               handling=NATIONAL).pk == vehicle.pk
    with pytest.raises(ValidationError) as exc:
        services.entity_for("vehicle", {"vin": "1M8GDM9A1KP042788"}, owner_agency=af_agency, handling=NATIONAL)
    assert "vin" in exc.value.message_dict and "9th" in _errors(exc)["vin"][0]
    with pytest.raises(ValidationError) as exc:
        services.clean_entity("vehicle", {"make": "Toyota"})
    assert "plate" in exc.value.message_dict


@pytest.mark.django_db
def test_accounts_iban_checksum_and_accounts_without_iban(af_agency):
    with pytest.raises(ValidationError) as exc:
        services.clean_entity("account", {"iban": "GB82 WEST 1234 5698 7654 33"})
    assert list(exc.value.message_dict) == ["iban"] and "check digits" in _errors(exc)["iban"][0]
    account = services.entity_for("account", {"iban": "gb82 west 1234 5698 7654 32"}, owner_agency=af_agency,
                                  handling=NATIONAL)
    assert account.key == "iban:GB82WEST12345698765432" and account.country_id == "GB"
    plain = services.entity_for("account", {"account_number": "0012-3456", "bank_name": "Azizi Bank",
                                            "country_id": "AF"}, owner_agency=af_agency, handling=NATIONAL)
    again = services.entity_for("account", {"account_number": "۰۰۱۲۳۴۵۶", "bank_name": "AZIZI BANK",
                                            "country_id": "af"}, owner_agency=af_agency, handling=NATIONAL)
    assert plain.pk == again.pk and plain.key == "acct:AF:AZIZIBANK:00123456"
    assert BankAccount.objects.count() == 2


@pytest.mark.django_db
def test_person_with_aliases_and_generated_transliteration(af_agency):
    person = services.entity_for("person", {
        "name": "محمد کریمی", "father_name": "عبدالله", "aliases": ["Haji Karim", "حاجی کریم", "Haji Karim", ""],
        "nationality_id": "af", "gender": "male", "birth_date": "1980-05", "birth_place": "هرات",
    }, owner_agency=af_agency, handling=NATIONAL)
    person.refresh_from_db()
    assert person.script == "arabic" and person.nationality_id == "AF" and person.gender == "m"
    assert person.birth_date == dt.date(1980, 5, 1) and person.birth_date_precision == "month"
    names = [(n.name, n.kind, n.script, n.generated) for n in person.other_names.all()]
    assert ("Haji Karim", NameKind.ALIAS, "latin", False) in names
    assert ("حاجی کریم", NameKind.ALIAS, "arabic", False) in names
    assert ("Mhmd Krymy", NameKind.TRANSLITERATION, "latin", True) in names
    assert len(names) == 3  # the repeated and the empty alias are not stored twice
    # A Latin name gets no generated transliteration; persons are never reused.
    latin = services.entity_for("person", {"name": "Mohammad Karimi"}, owner_agency=af_agency, handling=NATIONAL)
    again = services.entity_for("person", {"name": "Mohammad Karimi"}, owner_agency=af_agency, handling=NATIONAL)
    assert latin.pk != again.pk and latin.script == "latin"
    assert not PersonName.objects.filter(person=latin).exists()
    cyrillic = services.entity_for("person", {"name": "Мухаммад Каримов"}, owner_agency=af_agency,
                                   handling=NATIONAL)
    assert cyrillic.other_names.get().name == "Mukhammad Karimov"


@pytest.mark.django_db
def test_names_are_stored_as_written_but_bad_text_is_refused(af_agency):
    markup = '<script>alert("x")</script> Karimi'
    person = services.entity_for("person", {"name": markup}, owner_agency=af_agency, handling=NATIONAL)
    assert Person.objects.get(pk=person.pk).name == markup
    for name, field in [("Ali\x00Khan", "name"), ("x" * 10_000, "name"), ("Ali\u202eKhan", "name"), ("", "name"),
                        (12, None)]:
        if field is None:
            continue
        with pytest.raises(ValidationError) as exc:
            services.clean_entity("person", {"name": name})
        assert field in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.clean_entity("person", {"name": "x" * 10_000, "aliases": ["ok", "bad\x00"],
                                         "birth_date": "2020-02-31", "nationality_id": "XX", "gender": "robot"})
    errors = _errors(exc)
    assert set(errors) == {"name", "aliases", "birth_date", "nationality_id", "gender"}
    assert "10000" in errors["name"][0]
    # Persian spelling needs the zero-width non-joiner: it is allowed.
    assert services.clean_entity("person", {"name": "می\u200cخواهم"})["name"] == "می\u200cخواهم"
    # An address may span lines, a name may not.
    assert services.clean_entity("address", {"text": "Street 1\nKabul"})["text"] == "Street 1\nKabul"
    with pytest.raises(ValidationError):
        services.clean_entity("person", {"name": "Ali\nKhan"})
    assert Person.objects.count() == 1


@pytest.mark.django_db
def test_birth_dates():
    clean = services.clean_entity
    assert clean("person", {"name": "A", "birth_date": "1975"})["birth_date_precision"] == "year"
    assert clean("person", {"name": "A", "birth_date": "۱۹۷۵-۰۳-۲۰"})["birth_date"] == dt.date(1975, 3, 20)
    kept = clean("person", {"name": "A", "birth_date": dt.date(1975, 3, 20), "birth_date_precision": "year"})
    assert kept["birth_date"] == dt.date(1975, 1, 1)
    for bad in ["1899-12-31", (dt.date.today() + dt.timedelta(days=1)).isoformat(), "31/02/2020", 1975.5]:
        with pytest.raises(ValidationError) as exc:
            clean("person", {"name": "A", "birth_date": bad})
        assert "birth_date" in exc.value.message_dict


@pytest.mark.django_db
def test_clean_is_idempotent_and_rejects_unknown_kinds():
    for kind, data in [("phone", {"number": "070 123 4567", "imei": "35209900176148"}),
                       ("document", {"kind": "tazkira", "number": "۱۲۳-۴۵۶", "issuing_country_id": "AF"}),
                       ("vehicle", {"plate": "۱۲ ب ۳۴۵", "registration_country_id": "IR"}),
                       ("account", {"iban": "KZ86 125K ZT50 0410 0100"}),
                       ("organization", {"name": "Shirkat", "aliases": ["شرکت"], "country_id": "AF"})]:
        once = services.clean_entity(kind, data, default_country="AF")
        assert services.clean_entity(kind, once, default_country="AF") == once
    with pytest.raises(ValidationError):
        services.clean_entity("spaceship", {"name": "x"})
    with pytest.raises(ValidationError):
        services.clean_entity("phone", "0701234567")


@pytest.mark.django_db
def test_organizations_and_addresses_are_created(af_agency):
    org = services.entity_for("organization", {"name": "Kabul Trading", "aliases": ["KT"], "country_id": "AF"},
                              owner_agency=af_agency, handling=NATIONAL)
    assert Organization.objects.get(pk=org.pk).aliases == ["KT"]
    address = services.entity_for("address", {"text": "Street 5, Herat", "country_id": "AF"},
                                  owner_agency=af_agency, handling=NATIONAL)
    assert address.country_id == "AF"


@pytest.mark.django_db
def test_involvement_follows_the_incident_sharing(af_agency, pk_agency):
    group = SharingGroup.objects.create(name="AF-PK", owner_agency=af_agency)
    group.countries.add("PK")
    incident = Incident.objects.create(owner_agency=af_agency, handling=Handling.RESTRICTED, sharing_group=group,
                                       reliability="B", accuracy="2")
    phone = services.entity_for("phone", {"number": "0701234567"}, owner_agency=af_agency, handling=NATIONAL)
    involvement = services.involvement_add(incident, "phone", phone, "phone_used", note="in the truck")
    involvement.refresh_from_db()
    assert (involvement.owner_agency_id, involvement.owner_country_id, involvement.handling,
            involvement.sharing_group_id) == (af_agency.pk, "AF", Handling.RESTRICTED, group.pk)
    assert involvement.entity == phone and involvement.reliability == "B"
    assert Phone.objects.get(pk=phone.pk).handling == NATIONAL  # the entity keeps its own
    incident.handling = Handling.REGIONAL
    incident.save()
    assert services.sync_involvements(incident) == 1
    involvement.refresh_from_db()
    assert involvement.handling == Handling.REGIONAL and involvement.sharing_group_id is None
    for args in [("phone", phone, "pilot"), ("person", phone, "suspect"), ("spaceship", phone, "suspect")]:
        with pytest.raises(ValidationError):
            services.involvement_add(incident, *args)
    with pytest.raises(ValidationError):
        services.involvement_add(incident, "phone", phone, "owner", note="a\x00b")
    assert Involvement.objects.count() == 1


@pytest.mark.django_db
def test_sharing_arguments_are_checked(af_agency):
    with pytest.raises(ValidationError):
        services.entity_for("phone", {"number": "0701234567"}, owner_agency=af_agency, handling="secret")
    with pytest.raises(ValidationError):
        services.entity_for("phone", {"number": "0701234567"}, owner_agency=af_agency, handling=Handling.RESTRICTED)
    assert not Phone.objects.exists()


@pytest.mark.django_db
def test_a_record_created_meanwhile_is_reused_not_duplicated(af_agency, monkeypatch):
    """Two reports of one phone at the same moment: the second insert hits the unique key; the savepoint
    absorbs it, the existing record is reused and the caller's transaction goes on."""
    from django.db import transaction

    phone = services.entity_for("phone", {"number": "0701234567"}, owner_agency=af_agency, handling=NATIONAL)
    real_lookup = services._lookup
    calls = []

    def lookup_that_misses_once(*args):
        calls.append(args)
        return None if len(calls) == 1 else real_lookup(*args)  # as if the other insert had not committed yet

    monkeypatch.setattr(services, "_lookup", lookup_that_misses_once)
    with transaction.atomic():
        result = services.resolve_entity("phone", {"number": "+93 70 123 4567", "imei": "35209900176148"},
                                         owner_agency=af_agency, handling=NATIONAL)
        assert not result.created and result.entity.pk == phone.pk and result.filled == ["imei"]
        assert Phone.objects.count() == 1  # the transaction is still usable
    assert len(calls) == 2


def test_every_identifier_error_has_a_translatable_message():
    """The Django layer shows IDENTIFIER_MESSAGES[code]; a code without a message would fall back to a vague one."""
    import inspect
    import re

    from hamkari.entities import keys

    codes = set(re.findall(r'InvalidIdentifier\(\s*"([a-z_]+)"', inspect.getsource(keys)))
    assert len(codes) > 15
    assert codes <= set(services.IDENTIFIER_MESSAGES), codes - set(services.IDENTIFIER_MESSAGES)
    assert services.identifier_message(keys.InvalidIdentifier("made_up", "x")) == "This identifier is not valid."


@pytest.mark.django_db
def test_same_entity_same_role_is_one_involvement(af_agency):
    incident = Incident.objects.create(owner_agency=af_agency)
    phone = services.entity_for("phone", {"number": "0701234567"}, owner_agency=af_agency, handling=NATIONAL)
    first = services.involvement_add(incident, "phone", phone, "phone_used")
    again = services.entity_for("phone", {"number": "070 123 4567"}, owner_agency=af_agency, handling=NATIONAL)
    second = services.involvement_add(incident, "phone", again, "phone_used", note="second mention")
    assert first.pk == second.pk and Involvement.objects.get().note == "second mention"
    other_role = services.involvement_add(incident, "phone", phone, "owner")
    assert other_role.pk != first.pk and Involvement.objects.count() == 2


@pytest.mark.django_db
def test_long_values_fit_their_columns(af_agency):
    """PostgreSQL enforces varchar lengths: the longest accepted values must store (SQLite would not notice)."""
    account = services.entity_for("account", {"account_number": "9" * 40, "bank_name": "Bank " * 40,
                                              "country_id": "AF"}, owner_agency=af_agency, handling=NATIONAL)
    assert len(account.key) <= BankAccount._meta.get_field("key").max_length
    document = services.entity_for("document", {"kind": "residence_permit", "number": "X" * 40,
                                                "issuing_country_id": "AF"}, owner_agency=af_agency,
                                   handling=NATIONAL)
    assert len(document.key) <= IdentityDocument._meta.get_field("key").max_length
    # "ش" is "sh" in Latin: the generated transliteration is twice as long and is cut to its column.
    person = services.entity_for("person", {"name": "ش" * 300, "aliases": ["ب" * 300]}, owner_agency=af_agency,
                                 handling=NATIONAL)
    generated = PersonName.objects.filter(person=person, generated=True).get().name
    assert len(generated) == 300 and generated.startswith("Shshsh")
    with pytest.raises(ValidationError) as exc:
        services.clean_entity("document", {"number": "X" * 61})
    assert "number" in exc.value.message_dict


@pytest.mark.django_db
def test_restricted_entities_need_a_group_of_the_owners_country(af_agency, pk_agency):
    pk_group = SharingGroup.objects.create(name="PK group", owner_agency=pk_agency)
    with pytest.raises(ValidationError) as exc:
        services.entity_for("phone", {"number": "0701234567"}, owner_agency=af_agency,
                            handling=Handling.RESTRICTED, sharing_group=pk_group)
    assert "sharing_group" in exc.value.message_dict
    af_group = SharingGroup.objects.create(name="AF group", owner_agency=af_agency)
    phone = services.entity_for("phone", {"number": "0701234567"}, owner_agency=af_agency,
                                handling=Handling.RESTRICTED, sharing_group=af_group)
    assert Phone.objects.get(pk=phone.pk).sharing_group == af_group


@pytest.mark.django_db
def test_a_handset_known_by_imei_is_found_when_its_number_comes(af_agency):
    by_imei = services.entity_for("phone", {"imei": "352099001761481"}, owner_agency=af_agency, handling=NATIONAL)
    assert by_imei.key == "imei:352099001761481"
    both = services.resolve_entity("phone", {"number": "0701234567", "imei": "35209900176148"},
                                   owner_agency=af_agency, handling=NATIONAL)
    assert both.entity.pk == by_imei.pk and set(both.filled) == {"number", "e164"}
    # The record keeps its key; the number now finds it too.
    assert services.entity_for("phone", {"number": "+93701234567"}, owner_agency=af_agency,
                               handling=NATIONAL).pk == by_imei.pk
    assert Phone.objects.count() == 1


@pytest.mark.django_db
def test_two_numbers_in_one_dual_sim_handset_are_two_records(af_agency):
    first = services.entity_for("phone", {"number": "0701234567", "imei": "352099001761481"},
                                owner_agency=af_agency, handling=NATIONAL)
    second = services.resolve_entity("phone", {"number": "0791234567", "imei": "352099001761481"},
                                     owner_agency=af_agency, handling=NATIONAL)
    assert second.created and second.entity.pk != first.pk and second.entity.imei == first.imei
    # The handset alone finds the first record that has it.
    assert services.entity_for("phone", {"imei": "35209900176148"}, owner_agency=af_agency,
                               handling=NATIONAL).pk == first.pk


@pytest.mark.django_db
def test_numbers_from_spreadsheet_cells():
    assert services.clean_entity("phone", {"number": 93701234567.0, "imei": 35209900176148},
                                 default_country="AF")["e164"] == "+93701234567"
    with pytest.raises(ValidationError) as exc:
        services.clean_entity("person", {"name": True})
    assert "name" in exc.value.message_dict
