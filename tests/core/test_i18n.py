"""Every message is translated into every language, and pages read in the right direction."""

import pytest
from django.utils import translation

from hamkari.core import catalogues
from hamkari.core.templatetags.hamkari import ldate, num
from hamkari.tenancy.countries import country_name

LANGS = {"en": "ltr", "ru": "ltr", "fa-af": "rtl", "ps": "rtl", "fa": "rtl", "ur": "rtl"}


def test_every_catalogue_exists_and_is_fully_translated():
    names = {p.parent.parent.name for p in catalogues.po_files()}
    assert names == {"ru", "fa_AF", "ps", "fa", "ur"}
    missing = catalogues.untranslated()
    assert missing == {}, {name: ids[:10] for name, ids in missing.items()}


@pytest.mark.parametrize("lang,direction", LANGS.items())
def test_login_page_language_and_direction(client, db, lang, direction):
    client.cookies["django_language"] = lang
    response = client.get("/accounts/login/")
    html = response.content.decode()
    assert f'lang="{lang}"' in html
    assert f'dir="{direction}"' in html
    if lang != "en":
        with translation.override(lang):
            assert translation.gettext("Log in") != "Log in"
            assert translation.gettext("Log in") in html


def test_numbers_and_dates_follow_the_language():
    import datetime

    with translation.override("fa-af"):
        assert num(12345) == "۱۲٬۳۴۵"
        assert "۲۰۲۶" in ldate(datetime.date(2026, 3, 21))
    with translation.override("ru"):
        assert num(12345) == "12\xa0345"
        assert "марта" in ldate(datetime.date(2026, 3, 21), "long")
    with translation.override("en"):
        assert num(12345) == "12,345"


def test_country_names_in_every_language():
    with translation.override("ru"):
        assert country_name("AF") == "Афганистан"
    with translation.override("fa-af"):
        assert country_name("AF") == "افغانستان"
    with translation.override("ur"):
        assert country_name("PK") != "Pakistan"
    with translation.override("ps"):
        assert country_name("AF") != "Afghanistan"
