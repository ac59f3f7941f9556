"""The free-text IDS columns onto the incident model's choices, and back."""

import pytest

from hamkari.incidents.models import Concealment, LocationType, TransportMode
from hamkari.incidents.vocab.ids_terms import (
    CONCEALMENT_CODES, LOCATION_CODES, TRANSPORT_CODES, concealment_from_ids, ids_concealment, ids_installation,
    ids_transport, location_type_from_ids, transport_from_ids,
)


def test_codes_are_the_model_choices():
    # The vocabulary repeats the model's codes without importing Django; this keeps the two in step.
    assert set(TRANSPORT_CODES) == set(TransportMode.values)
    assert set(CONCEALMENT_CODES) == set(Concealment.values)
    assert set(LOCATION_CODES) == set(LocationType.values)


@pytest.mark.parametrize("text,code", [
    ("Air", "air"), ("Airplane", "air"), ("Air cargo", "air"), ("Commercial flight", "air"),
    ("Private vehicle", "road"), ("Commercial vehicle", "road"), ("Truck", "road"), ("Bus", "road"),
    ("Truck/lorry/van", "road"), ("Car/motorcycle", "road"), ("Taxi", "road"), ("грузовой автомобиль", "road"),
    ("کامیون", "road"),
    ("Train", "rail"), ("Train/Bus", "rail"), ("Railway", "rail"), ("поезд", "rail"),
    ("Sea", "sea"), ("Vessel/boat", "sea"), ("Container ship", "sea"), ("Dhow", "sea"), ("لنج", "sea"),
    ("Mail", "post"), ("Courier", "post"), ("Postal/Mail/Express Parcel", "post"), ("DHL", "post"),
    ("Pedestrian", "pedestrian"), ("On foot", "pedestrian"),
    ("Donkey", "animal"), ("Pack animal", "animal"),
    ("Body", "other"), ("Luggage", "other"), ("Cargo", "other"), ("Hovercraft", "other"),
    ("", "unknown"), ("   ", "unknown"), ("Unknown", "unknown"), ("N/A", "unknown"), (None, "unknown"),
])
def test_transport(text, code):
    assert transport_from_ids(text) == code


@pytest.mark.parametrize("text,code", [
    ("Body", "body"), ("Body cavity", "body"), ("Swallowed", "body"), ("Strapped to body", "body"),
    ("Clothing", "body"), ("Shoes", "body"),
    ("Luggage", "luggage"), ("Suitcase with false bottom", "luggage"), ("Hand luggage", "luggage"),
    ("Cargo", "cargo"), ("Container", "cargo"), ("Consignment of onions", "cargo"),
    ("Hidden compartment in truck", "vehicle"), ("Fuel tank", "vehicle"), ("Spare tyre", "vehicle"),
    ("тайник в автомобиле", "vehicle"), ("جاساز", "vehicle"),
    ("Parcel", "parcel"), ("Mail item", "parcel"), ("Postal item", "parcel"),
    ("Residence", "premises"), ("Warehouse", "premises"), ("Buried in the ground", "premises"),
    ("Not concealed", "none"), ("None", "none"),
    ("Inside a melon", "other"),
    ("", "unknown"), (None, "unknown"), ("Unknown", "unknown"),
])
def test_concealment(text, code):
    assert concealment_from_ids(text) == code


@pytest.mark.parametrize("text,code", [
    ("Airport", "airport"), ("International airport", "airport"), ("فرودگاه", "airport"),
    ("Seaport", "seaport"), ("Seaport/Riverport station/Harbour", "seaport"), ("Harbour", "seaport"),
    ("Border crossing", "border_crossing"), ("Land border", "border_crossing"), ("Border post", "border_crossing"),
    ("Customs checkpoint", "border_crossing"), ("Port of entry", "border_crossing"),
    ("пункт пропуска", "border_crossing"),
    ("Post office", "postal"), ("Post Office", "postal"), ("Courier company", "postal"),
    ("Street", "road"), ("Road/ Street/highway", "road"), ("Police checkpoint", "road"), ("Highway", "road"),
    ("Railway station", "rail"), ("Train", "rail"),
    ("Residence", "inland"), ("Private dwelling/Residence/Home/Private Garage", "inland"),
    ("Warehouse", "inland"), ("Commercial premises", "inland"), ("Hotel", "inland"),
    ("Territorial waters (seas, lakes, rivers, etc.)", "maritime"), ("International waters", "maritime"),
    ("At sea", "maritime"),
    ("The moon", "unknown"), ("", "unknown"), (None, "unknown"),
])
def test_installation(text, code):
    assert location_type_from_ids(text) == code


def test_canonical_texts_read_back_to_their_code():
    for code in TRANSPORT_CODES:
        assert transport_from_ids(ids_transport(code)) == code
    for code in CONCEALMENT_CODES:
        assert concealment_from_ids(ids_concealment(code)) == code
    for code in LOCATION_CODES:
        assert location_type_from_ids(ids_installation(code)) == code
    assert ids_transport("unknown") == ids_concealment("unknown") == ids_installation("unknown") == ""


@pytest.mark.parametrize("bad", ["", "plane", None, 3, "UNKNOWN"])
def test_reverse_refuses_unknown_codes(bad):
    for reverse in (ids_transport, ids_concealment, ids_installation):
        with pytest.raises(ValueError):
            reverse(bad)


@pytest.mark.parametrize("bad", [42, b"Air", "Air " * 1000, "\x00\x01", "<script>alert(1)</script>"])
def test_bad_input_does_not_crash(bad):
    assert transport_from_ids(bad) in TRANSPORT_CODES
    assert concealment_from_ids(bad) in CONCEALMENT_CODES
    assert location_type_from_ids(bad) in LOCATION_CODES
    assert transport_from_ids("Air " * 1000) == "other"  # too long to be a value: not read
