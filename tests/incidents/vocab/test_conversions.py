"""Kilogram equivalents: each conversion names a documented rule, and bad amounts are refused, not guessed."""

from decimal import Decimal

import pytest

from hamkari.incidents.vocab.conversions import (
    DENSITY_KG_PER_L, IDS_UNITS, NO_CONVERSION, RULES, TABLET_G, ids_unit, parse_unit, to_kg,
)
from hamkari.incidents.vocab.derive import seizure_derived
from hamkari.incidents.vocab.substances import SUBSTANCES, UNITS


@pytest.mark.parametrize("amount,unit,code,kg,rule", [
    ("12.5", "kg", "heroin", "12.5000", "mass_kg"),
    ("250", "g", "heroin", "0.2500", "mass_g"),
    ("0.4", "g", "methamphetamine_crystal", "0.0004", "mass_g"),
    ("0.04", "g", "heroin", "0.0000", "mass_g"),  # 0.00004 kg rounds to zero at four places
    ("0.05", "g", "heroin", "0.0001", "mass_g"),  # and half rounds up
    ("2", "l", "acetic_anhydride", "2.1600", "volume_density"),
    ("500", "ml", "acetic_anhydride", "0.5400", "volume_density"),
    ("1000", "l", "sulphuric_acid", "1840.0000", "volume_density"),
    ("1", "l", "acetone", "0.7900", "volume_density"),
    ("3", "l", "cannabis_oil", "3.0000", "volume_default"),
    ("250", "ml", "codeine", "0.2500", "volume_default"),
    ("10000", "tablet", "methamphetamine_tablet", "1.0000", "tablet_yaba"),
    ("10000", "tablet", "methamphetamine", "1.0000", "tablet_yaba"),
    ("1000", "tablet", "captagon", "0.1700", "tablet_captagon"),
    ("1000", "tablet", "mdma", "0.3000", "tablet_ecstasy"),
    ("4000", "tablet", "tramadol", "1.0000", "tablet_pharmaceutical"),
    ("3", "tablet", "benzodiazepines", "0.0008", "tablet_pharmaceutical"),
    ("0", "kg", "opium", "0.0000", "mass_kg"),
])
def test_conversions_with_their_rule(amount, unit, code, kg, rule):
    result = to_kg(Decimal(amount), unit, code)
    assert result == (Decimal(kg), rule)
    assert result[0].as_tuple().exponent == -4


@pytest.mark.parametrize("unit,code", [
    ("plant", "cannabis_plant"), ("plant", "opium_poppy"), ("unit", "lsd"), ("unit", "heroin"),
    ("tablet", "heroin"), ("tablet", "lsd"), ("plant", "heroin"),
])
def test_no_sound_rule_gives_none(unit, code):
    assert to_kg(Decimal("100"), unit, code) == (None, NO_CONVERSION)


def test_every_rule_used_is_documented_and_every_documented_rule_is_used():
    used = set()
    for code in SUBSTANCES:
        for unit in UNITS:
            kg, rule = to_kg(Decimal("3"), unit, code)
            assert rule in RULES
            assert (kg is None) == (rule == NO_CONVERSION)
            if kg is not None:
                assert kg.as_tuple().exponent == -4
            used.add(rule)
    assert used == set(RULES)
    assert all(text.strip() and "\n" not in text for text in RULES.values())


def test_rule_tables_name_real_substances():
    assert set(DENSITY_KG_PER_L) <= set(SUBSTANCES)
    assert set(TABLET_G) <= set(SUBSTANCES)
    assert {rule for _, rule in TABLET_G.values()} <= set(RULES)
    # Liquids we hold a density for are recorded in litres by default.
    assert all(SUBSTANCES[code].default_unit == "l" for code in DENSITY_KG_PER_L)


def test_amount_types():
    assert to_kg(0.5, "kg", "heroin") == (Decimal("0.5000"), "mass_kg")  # floats go through their repr
    assert to_kg(3, "g", "heroin") == (Decimal("0.0030"), "mass_g")
    assert to_kg("1.5", "kg", "heroin") == (Decimal("1.5000"), "mass_kg")


@pytest.mark.parametrize("amount", [Decimal("-1"), Decimal("NaN"), Decimal("Infinity"), Decimal("-Infinity"),
                                    "abc", None, True, "", float("nan"), Decimal("1e30"), [1]])
def test_bad_amounts_are_refused(amount):
    with pytest.raises(ValueError):
        to_kg(amount, "kg", "heroin")


@pytest.mark.parametrize("unit,code", [("kilo", "heroin"), ("", "heroin"), (None, "heroin"), ("kg", "heroine"),
                                       ("kg", None), ("kg", "")])
def test_unknown_unit_or_substance_is_refused(unit, code):
    with pytest.raises(ValueError):
        to_kg(Decimal("1"), unit, code)


def test_seizure_derived_gives_what_the_seizure_stores():
    assert seizure_derived("acetic_anhydride", Decimal("20"), "l") == {
        "substance_group": "precursors", "amount_kg": Decimal("21.6000"), "conversion_rule": "volume_density"}
    assert seizure_derived("cannabis_plant", Decimal("1200"), "plant") == {
        "substance_group": "cannabis", "amount_kg": None, "conversion_rule": "no_conversion"}
    assert seizure_derived("heroin", Decimal("12.5"), "kg")["substance_group"] == "opiates"
    for code, substance in SUBSTANCES.items():
        derived = seizure_derived(code, Decimal("1"), substance.default_unit)
        assert set(derived) == {"substance_group", "amount_kg", "conversion_rule"}
        assert derived["substance_group"] == substance.group
        assert len(derived["conversion_rule"]) <= 40  # Seizure.conversion_rule max_length


@pytest.mark.parametrize("code,amount,unit", [("heroine", "1", "kg"), (None, "1", "kg"), ("heroin", "-2", "kg"),
                                              ("heroin", "1", "stone"), (["heroin"], "1", "kg")])
def test_seizure_derived_refuses_bad_input(code, amount, unit):
    with pytest.raises(ValueError):
        seizure_derived(code, Decimal(amount), unit)


@pytest.mark.parametrize("text,expected", [
    ("Kilogram", ("kg", "1")), ("kg", ("kg", "1")), (" KGS ", ("kg", "1")), ("кг", ("kg", "1")),
    ("کیلوگرام", ("kg", "1")), ("Gram", ("g", "1")), ("гр.", ("g", "1")), ("Ton", ("kg", "1000")),
    ("Pound", ("kg", "0.45359237")), ("Block (350gr)", ("kg", "0.35")), ("Litre", ("l", "1")),
    ("Liters", ("l", "1")), ("Millilitre", ("ml", "1")), ("Gallons (US, liquid)", ("l", "3.785411784")),
    ("Tablet", ("tablet", "1")), ("Pills", ("tablet", "1")), ("Capsule", ("tablet", "1")), ("قرص", ("tablet", "1")),
    ("Thousand of tablets", ("tablet", "1000")), ("Plants", ("plant", "1")), ("Bush", ("plant", "1")),
    ("куст", ("plant", "1")), ("Unit", ("unit", "1")), ("Piece", ("unit", "1")), ("шт.", ("unit", "1")),
    ("Dose", ("unit", "1")), ("Thousand of doses", ("unit", "1000")), ("mg", ("g", "0.001")),
])
def test_parse_unit(text, expected):
    assert parse_unit(text) == (expected[0], Decimal(expected[1]))


@pytest.mark.parametrize("text", ["Hectars", "Acres", "other", "unknown", "", None, 5, "kg" * 100, "furlong"])
def test_parse_unit_refuses_what_we_cannot_record(text):
    assert parse_unit(text) is None


def test_ids_unit_round_trip():
    assert set(IDS_UNITS) == set(UNITS)
    for unit in UNITS:
        assert parse_unit(ids_unit(unit)) == (unit, Decimal("1"))
    with pytest.raises(ValueError):
        ids_unit("stone")
