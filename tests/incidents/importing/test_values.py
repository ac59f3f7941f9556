"""Dates, numbers and units as people type them."""

import datetime as dt
from decimal import Decimal

import pytest

from hamkari.incidents.importing.values import (
    BadValue, clean_text, parse_amount, parse_date, parse_number, parse_unit, parse_unit_factor, scale_amount,
)

TODAY = dt.date(2024, 6, 30)


@pytest.mark.parametrize("text, expected", [
    ("2020-03-31", (dt.date(2020, 3, 31), "day")),
    ("2020-03-31 00:00:00", (dt.date(2020, 3, 31), "day")),
    ("2020-03-31T14:20:00", (dt.date(2020, 3, 31), "day")),
    ("31/03/2020", (dt.date(2020, 3, 31), "day")),
    ("31.03.2020", (dt.date(2020, 3, 31), "day")),
    ("3/4/2020", (dt.date(2020, 4, 3), "day")),  # day first
    ("43921", (dt.date(2020, 3, 31), "day")),  # Excel serial
    ("43921.5", (dt.date(2020, 3, 31), "day")),
    ("2020-03", (dt.date(2020, 3, 1), "month")),
    ("03/2020", (dt.date(2020, 3, 1), "month")),
    ("2020", (dt.date(2020, 1, 1), "year")),
    ("۲۰۲۰-۰۳-۳۱", (dt.date(2020, 3, 31), "day")),  # Persian digits
])
def test_dates(text, expected):
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize("text, message", [
    ("31/02/2020", "not a real date: February 2020 has 29 days"),
    ("29/02/2023", "February 2023 has 28 days"),
    ("2020-13-01", "there is no month 13"),
    ("05/01/20", "four digits"),
    ("2025-01-01", "in the future"),
    ("1850", "before 1900"),
    ("yesterday", "is not a date"),
    ("", "missing"),
])
def test_bad_dates_say_why(text, message):
    with pytest.raises(BadValue, match=message):
        parse_date(text, today=TODAY)


@pytest.mark.parametrize("text, expected", [
    ("1.5", "1.5"), ("1,5", "1.5"), ("0,500", "0.5"), ("1,500", "1500"), ("1,500,000", "1500000"),
    ("1 500", "1500"), ("1\u00a0500,25", "1500.25"), ("1'500", "1500"), ("1.500,25", "1500.25"),
    ("1,500.25", "1500.25"), ("1.000.000", "1000000"), ("+3", "3"), ("۱۲٫۵", "12.5"), ("12", "12"),
])
def test_numbers(text, expected):
    assert parse_number(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["abc", "1,5,0", "1.2.3,4", "1e6", "12kg", "--1", ",", "1,50,0"])
def test_not_numbers(text):
    with pytest.raises(BadValue):
        parse_number(text)


@pytest.mark.parametrize("text, message", [("-3", "greater than zero"), ("0", "greater than zero"),
                                           ("0.00001", "too small")])
def test_amounts_are_positive(text, message):
    with pytest.raises(BadValue, match=message):
        parse_amount(text)


def test_amounts_keep_four_places():
    assert parse_amount("1.23456") == Decimal("1.2346")


@pytest.mark.parametrize("text, unit, factor", [
    ("Kilogram", "kg", 1), ("KG", "kg", 1), ("кг.", "kg", 1), ("Gram", "g", 1), ("Litre", "l", 1),
    ("Millilitre", "ml", 1), ("Tablet", "tablet", 1), ("pills", "tablet", 1), ("Plant", "plant", 1),
    ("Unit", "unit", 1), ("Ampoules", "unit", 1), ("کیلوگرام", "kg", 1), ("шт", "unit", 1),
    ("tonnes", "kg", 1000), ("Thousand of tablets", "tablet", 1000)])
def test_units(text, unit, factor):
    assert parse_unit_factor(text) == (unit, Decimal(factor))
    if factor == 1:
        assert parse_unit(text) == unit
    else:
        with pytest.raises(BadValue, match="is converted"):
            parse_unit(text)


def test_scaled_amounts_keep_four_places():
    assert scale_amount(Decimal("2"), Decimal("0.45359237")) == Decimal("0.9072")
    with pytest.raises(BadValue, match="too small"):
        scale_amount(Decimal("0.0001"), Decimal("0.001"))


def test_unknown_unit_lists_the_units():
    with pytest.raises(BadValue, match="kg, g, l, ml, tablet, plant, unit"):
        parse_unit("bucket")


def test_text_keeps_html_as_text_but_refuses_control_characters():
    assert clean_text(" <script>alert(1)</script> ", 200) == "<script>alert(1)</script>"
    with pytest.raises(BadValue, match="control characters"):
        clean_text("Kabul\x00", 200)
    with pytest.raises(BadValue, match="control characters"):
        clean_text("Kabul\u202eluba", 200)
    with pytest.raises(BadValue, match="At most 5"):
        clean_text("Kandahar", 5)
    assert clean_text("line\nbreak", 200, multiline=True) == "line\nbreak"
