"""Country names in the interface language, from pycountry's ISO 3166 catalogues."""

import gettext
from functools import lru_cache

import pycountry
from django.utils.translation import get_language

# pycountry ships catalogues by language; Dari reads the Farsi one.
_CATALOGUE_FOR = {"ru": "ru", "fa": "fa", "fa-af": "fa", "ps": "ps", "ur": "ur"}


@lru_cache(maxsize=8)
def _translation(lang: str):
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)


def country_name(iso2: str, english: str | None = None) -> str:
    if english is None:
        country = pycountry.countries.get(alpha_2=iso2)
        english = country.name if country else iso2
    lang = _CATALOGUE_FOR.get((get_language() or "en").lower())
    if not lang:
        return english
    return _translation(lang).gettext(english)


def all_countries():
    """(iso2, iso3, numeric, English name) for every ISO 3166-1 country."""
    for c in pycountry.countries:
        yield c.alpha_2, c.alpha_3, c.numeric, c.name
