"""Template filters that format numbers and dates for the interface language (Babel's CLDR data),
so Dari, Pashto, Farsi and Urdu pages show their own digits and month names."""

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django import template
from django.utils import timezone
from django.utils.translation import get_language

register = template.Library()

# Django language code -> CLDR locale.
_LOCALES = {"en": "en", "ru": "ru", "fa-af": "fa_AF", "ps": "ps", "fa": "fa", "ur": "ur"}


def current_locale() -> str:
    return _LOCALES.get((get_language() or "en").lower(), "en")


@register.filter
def num(value):
    """A number in the digits and separators of the interface language."""
    if value is None or value == "":
        return ""
    try:
        return babel_numbers.format_decimal(value, locale=current_locale())
    except (TypeError, ValueError):
        return value


@register.filter
def ldate(value, fmt="medium"):
    """A date or date-time in the interface language (fmt: short, medium, long)."""
    if not value:
        return ""
    locale = current_locale()
    if hasattr(value, "hour"):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        return babel_dates.format_datetime(value, format=fmt, locale=locale)
    return babel_dates.format_date(value, format=fmt, locale=locale)


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
