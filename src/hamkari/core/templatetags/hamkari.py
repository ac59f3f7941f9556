"""Template filters that format numbers and dates for the interface language (Babel's CLDR data),
so Dari, Pashto, Farsi and Urdu pages show their own digits and month names."""

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()

# Django language code -> CLDR locale.
_LOCALES = {"en": "en", "ru": "ru", "fa-af": "fa_AF", "ps": "ps", "fa": "fa", "ur": "ur"}


# Locales whose CLDR default numbering system is Extended Arabic-Indic digits (Dari, Pashto, Farsi).
_ARABEXT = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
# With those digits go the Arabic thousands and decimal separators (CLDR symbols-numberSystem-arabext).
_ARABEXT_NUMBER = str.maketrans("0123456789,.", "۰۱۲۳۴۵۶۷۸۹٬٫")
_ARABEXT_LOCALES = {"fa_AF", "fa", "ps"}


def current_locale() -> str:
    return _LOCALES.get((get_language() or "en").lower(), "en")


def _digits(text: str, locale: str) -> str:
    return text.translate(_ARABEXT) if locale in _ARABEXT_LOCALES else text


@register.filter
def num(value):
    """A number in the digits and separators of the interface language."""
    if value is None or value == "":
        return ""
    try:
        locale = current_locale()
        text = babel_numbers.format_decimal(value, locale="en" if locale in _ARABEXT_LOCALES else locale)
        return text.translate(_ARABEXT_NUMBER) if locale in _ARABEXT_LOCALES else text
    except (TypeError, ValueError, ArithmeticError):  # ArithmeticError: decimal.InvalidOperation on huge values
        return value


@register.filter
def bdi(value):
    """A name of unknown direction isolated inside a sentence (an English agency name in a Dari sentence)."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter(is_safe=True)
def localdigits(text):
    """ASCII digits in a translated sentence written in the interface language's digits: for sentences that
    carry their number through gettext's plural forms ("{{ counter }} hits"), where `num` cannot reach."""
    return _digits(str(text), current_locale())


@register.filter
def ldate(value, fmt="medium"):
    """A date or date-time in the interface language (fmt: short, medium, long)."""
    if not value:
        return ""
    locale = current_locale()
    if hasattr(value, "hour"):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return _digits(babel_dates.format_datetime(value, format=fmt, locale=locale), locale)
    return _digits(babel_dates.format_date(value, format=fmt, locale=locale), locale)


@register.filter
def country(iso2):
    from hamkari.tenancy.countries import country_name

    return country_name(iso2) if iso2 else ""


@register.filter
def record_url(obj, spec):
    return spec.detail_url(obj.pk)


@register.filter
def record_title(obj, spec):
    return spec.title_of(obj)
