"""Cell values as people type them: dates, amounts, units, choices. Each parser returns the value or raises
`BadValue` with a message that says what is wrong and how to write it instead."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from hamkari.incidents.models import DatePrecision

# Persian, Arabic-Indic and other digits people type; the Arabic decimal and thousands separators.
_DIGITS = str.maketrans({**{chr(0x0660 + i): str(i) for i in range(10)},
                         **{chr(0x06F0 + i): str(i) for i in range(10)},
                         **{chr(0x0966 + i): str(i) for i in range(10)},
                         "\u066b": ".", "\u066c": ","})
EXCEL_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0, given its 1900 leap-year bug
FIRST_YEAR = 1900
FOUR_PLACES = Decimal("0.0001")


class BadValue(ValueError):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)


def ascii_digits(text: str) -> str:
    return text.translate(_DIGITS)


# ---------------------------------------------------------------------------------------------------------------
# Dates

_TIME = r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?"
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})" + _TIME)
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_YM = re.compile(r"(\d{4})[-/.](\d{1,2})")
_MY = re.compile(r"(\d{1,2})[-/.](\d{4})")
_YEAR = re.compile(r"\d{4}")
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")


def parse_date(text: str, *, today: dt.date | None = None) -> tuple[dt.date, str]:
    """(date, precision) from ISO (2020-03-31), DD/MM/YYYY, DD.MM.YYYY, DD-MM-YYYY, an Excel serial number
    (43921), YYYY-MM or MM/YYYY (month precision) or YYYY (year precision). With month or year precision the
    date is the first day of the period. Day first: 03/04/2020 is the 3rd of April."""
    raw = text
    text = ascii_digits(str(text)).strip()
    today = today or dt.date.today()
    if not text:
        raise BadValue(_("The date is missing."))
    if m := _ISO.fullmatch(text):
        year, month, day = (int(g) for g in m.groups())
        value, precision = _real_date(raw, year, month, day), DatePrecision.DAY
    elif m := _DMY.fullmatch(text):
        day, month, year_text = m.groups()
        if len(year_text) != 4:
            raise BadValue(_("“%(value)s”: write the year with four digits (for example 31/01/2020).")
                           % {"value": raw})
        value, precision = _real_date(raw, int(year_text), int(month), int(day)), DatePrecision.DAY
    elif m := _YM.fullmatch(text):
        year, month = (int(g) for g in m.groups())
        value, precision = _real_date(raw, year, month, 1), DatePrecision.MONTH
    elif m := _MY.fullmatch(text):
        month, year = (int(g) for g in m.groups())
        value, precision = _real_date(raw, year, month, 1), DatePrecision.MONTH
    elif _YEAR.fullmatch(text):
        value, precision = _real_date(raw, int(text), 1, 1), DatePrecision.YEAR
    elif _SERIAL.fullmatch(text):
        value, precision = EXCEL_EPOCH + dt.timedelta(days=int(float(text))), DatePrecision.DAY
    else:
        raise BadValue(_("“%(value)s” is not a date. Write it as YYYY-MM-DD, DD/MM/YYYY or DD.MM.YYYY; "
                         "YYYY-MM or YYYY when only the month or the year is known.") % {"value": raw})
    if value.year < FIRST_YEAR:
        raise BadValue(_("“%(value)s” is before %(year)d: check the date.") % {"value": raw, "year": FIRST_YEAR})
    if value > today:
        raise BadValue(_("“%(value)s” is in the future: check the date.") % {"value": raw})
    return value, precision


def _real_date(raw, year, month, day) -> dt.date:
    if not 1 <= month <= 12:
        raise BadValue(_("“%(value)s” is not a real date: there is no month %(month)d. Dates are read day "
                         "first (DD/MM/YYYY) or as YYYY-MM-DD.") % {"value": raw, "month": month})
    if not FIRST_YEAR <= year <= 9999:
        raise BadValue(_("“%(value)s” is before %(year)d: check the date.") % {"value": raw, "year": FIRST_YEAR})
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise BadValue(_("“%(value)s” is not a real date: %(month)s %(year)d has %(days)d days.")
                       % {"value": raw, "month": MONTHS[month], "year": year, "days": days})
    return dt.date(year, month, day)


# ---------------------------------------------------------------------------------------------------------------
# Numbers

_GROUP_SPACES = re.compile(r"(?<=\d)[\s\u00a0\u202f'’_](?=\d)")


def parse_number(text: str) -> Decimal:
    """A decimal number as people write it: "1,5" and "1.5" are one and a half; "1,500", "1 500", "1'500" and
    "1.500,25" use thousands separators. A single comma followed by exactly three digits is a thousands
    separator ("1,500" is 1500); any other single comma is a decimal comma ("1,5", "0,500"). A single point is
    always a decimal point. When both appear, the last one is the decimal separator."""
    raw = text
    text = _GROUP_SPACES.sub("", ascii_digits(str(text)).strip())
    if not text:
        raise BadValue(_("The number is missing."))
    sign = ""
    if text[0] in "+-":
        sign, text = text[0].replace("+", ""), text[1:].strip()
    if not re.fullmatch(r"[\d.,]+", text) or not re.search(r"\d", text):
        raise BadValue(_("“%(value)s” is not a number.") % {"value": raw})
    commas, points = text.count(","), text.count(".")
    if commas and points:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands = "." if decimal_sep == "," else ","
        if text.count(decimal_sep) > 1:
            raise BadValue(_("“%(value)s” is not a number.") % {"value": raw})
        whole, fraction = text.split(decimal_sep)
        whole = _ungroup(raw, whole, thousands)
    elif commas > 1 or points > 1:
        sep = "," if commas else "."
        whole, fraction = _ungroup(raw, text, sep), ""
    elif commas == 1:
        whole, fraction = text.split(",")
        if len(fraction) == 3 and whole not in ("", "0") and not whole.startswith("0"):
            whole, fraction = whole + fraction, ""
    elif points == 1:
        whole, fraction = text.split(".")
    else:
        whole, fraction = text, ""
    if not (whole or fraction) or not (whole + fraction).isdigit():
        raise BadValue(_("“%(value)s” is not a number.") % {"value": raw})
    try:
        return Decimal(f"{sign}{whole or '0'}.{fraction or '0'}")
    except InvalidOperation:
        raise BadValue(_("“%(value)s” is not a number.") % {"value": raw}) from None


def _ungroup(raw, text, sep) -> str:
    groups = text.split(sep)
    if not groups[0] or len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
        raise BadValue(_("“%(value)s” is not a number: its thousands separators are not in the right places.")
                       % {"value": raw})
    return "".join(groups)


def parse_amount(text: str) -> Decimal:
    """A seizure amount: a positive number, kept to four decimal places."""
    number = parse_number(text)
    if number <= 0:
        raise BadValue(_("The amount must be greater than zero (it is %(value)s).") % {"value": str(text).strip()})
    rounded = number.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP) if number.adjusted() < 15 else number
    if rounded <= 0:
        raise BadValue(_("%(value)s is too small: amounts are kept to four decimal places. Use a smaller unit "
                         "(grams or millilitres).") % {"value": str(text).strip()})
    return rounded


def scale_amount(amount: Decimal, factor: Decimal) -> Decimal:
    """An amount in a unit with a factor ("2 tonnes" -> 2000 kg), kept to four decimal places."""
    scaled = (amount * factor).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
    if scaled <= 0:
        raise BadValue(_("%(value)s is too small: amounts are kept to four decimal places. Use a smaller unit "
                         "(grams or millilitres).") % {"value": amount})
    return scaled


def parse_unit(text: str) -> str:
    """The unit code for a unit that needs no conversion ("Kilogram", "кг", "کیلوگرام" are "kg"). A unit that
    does ("tonnes") raises BadValue here: read it with `parse_unit_factor`."""
    unit, factor = parse_unit_factor(text)
    if factor != 1:
        raise BadValue(_("“%(value)s” is converted to %(unit)s.") % {"value": text, "unit": unit})
    return unit


def parse_unit_factor(text: str) -> tuple[str, Decimal]:
    """(unit code, factor) for a unit as files write it, in any of the region's languages (the vocabulary's
    list): "Kilogram", "кг", "کیلوگرام" are ("kg", 1); "tonnes" is ("kg", 1000), so 2 tonnes become 2000 kg."""
    from hamkari.incidents.vocab.conversions import parse_unit as vocab_parse_unit

    if not str(text).strip():
        raise BadValue(_("The unit is missing."))
    found = vocab_parse_unit(str(text))
    if found is None:
        raise BadValue(_("“%(value)s” is not a unit we know. Use one of: kg, g, l, ml, tablet, plant, unit.")
                       % {"value": text})
    return found


# ---------------------------------------------------------------------------------------------------------------
# Text


# Control characters (NUL included: PostgreSQL text cannot hold it) and bidi overrides, which can make a name
# display as something else; tab and line breaks are allowed in free text only.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e]")
_CONTROL_LINE = re.compile(r"[\x00-\x1f\x7f\u202a-\u202e]")


def clean_text(text: str, max_length: int, *, multiline: bool = False) -> str:
    """Text stored as written, surrounding spaces removed; refuses control characters and overlong text.
    HTML and script are not special here: they are stored as text and always displayed escaped."""
    value = str(text).strip()
    if (_CONTROL if multiline else _CONTROL_LINE).search(value):
        raise BadValue(_("Remove the control characters (invisible characters or line breaks) from this text."))
    if len(value) > max_length:
        raise BadValue(_("At most %(max)d characters (this text has %(count)d).")
                       % {"max": max_length, "count": len(value)})
    return value


def parse_int(text: str, *, minimum=0, maximum=100_000) -> int:
    raw = text
    text = ascii_digits(str(text)).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not re.fullmatch(r"[+-]?\d+", text):
        raise BadValue(_("“%(value)s” is not a whole number.") % {"value": raw})
    value = int(text)
    if not minimum <= value <= maximum:
        raise BadValue(_("%(value)s is not between %(min)d and %(max)d.") % {"value": raw, "min": minimum,
                                                                             "max": maximum})
    return value
