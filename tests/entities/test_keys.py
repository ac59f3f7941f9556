"""Identifier keys: pure functions, no database."""

import pytest
from stdnum import luhn

from hamkari.entities import keys
from hamkari.entities.keys import InvalidIdentifier


@pytest.mark.parametrize("typed", [
    "+93 70 123 4567", "0093701234567", "070-123-4567", "۰۷۰۱۲۳۴۵۶۷", "٠٧٠١٢٣٤٥٦٧", "(070) 123 45 67",
    "+93 (0)70 123 4567", " 0093 70 123 4567 ",
])
def test_one_phone_typed_many_ways_gives_one_key(typed):
    assert keys.phone(typed, "AF") == "+93701234567"
    assert keys.phone_key(keys.phone(typed, "AF")) == "phone:+93701234567"


def test_national_format_depends_on_the_default_country():
    # The same national digits are different numbers in Pakistan and Iran.
    assert keys.phone("0300 1234567", "PK") == "+923001234567"
    assert keys.phone("0912 345 6789", "IR") == "+989123456789"
    # An international number ignores the default country.
    assert keys.phone("+7 701 123 45 67", "AF") == "+77011234567"


@pytest.mark.parametrize("typed,code", [
    ("", "phone_empty"), ("12", "phone_invalid"), ("call me", "phone_invalid"), ("+93 70 123 4567 999 999", "phone_invalid"),
    ("0701234567", "phone_no_country"), ("+93 70+123", "phone_invalid"), ("070\x00123\x004567", "control_characters"),
])
def test_bad_phones_are_rejected_with_a_code(typed, code):
    with pytest.raises(InvalidIdentifier) as exc:
        keys.phone(typed, None if code == "phone_no_country" else "AF")
    assert exc.value.code == code
    assert isinstance(exc.value, ValueError) and str(exc.value)


def test_imei_forms():
    body = "35209900176148"
    full = body + luhn.calc_check_digit(body)
    assert keys.imei(body) == full  # check digit added
    assert keys.imei(full) == full
    assert keys.imei("35-209900-176148-" + full[-1]) == full
    assert keys.imei(body + "23") == full  # IMEISV: software version dropped
    wrong = body + str((int(full[-1]) + 1) % 10)
    with pytest.raises(InvalidIdentifier) as exc:
        keys.imei(wrong)
    assert exc.value.code == "imei_checksum"
    with pytest.raises(InvalidIdentifier) as exc:
        keys.imei("1234")
    assert exc.value.code == "imei_length"
    assert keys.imei_key(full) == "imei:" + full


def test_passport_with_cyrillic_lookalikes_is_the_latin_one():
    latin = keys.document_key("passport", "AB1234567", "KZ")
    assert latin == "doc:KZ:passport:AB1234567"
    # Cyrillic А and В (U+0410, U+0412), lower case, separators.
    assert keys.document_key("passport", "ав 123-45.67", "kz") == latin
    assert keys.document_key("passport", "АВ\u00a01234567", "KZ") == latin
    # Persian digits.
    assert keys.document_key("passport", "AB۱۲۳۴۵۶۷", "KZ") == latin


def test_document_kind_and_country_are_part_of_the_key():
    passport = keys.document_key("passport", "P123", "AF")
    assert keys.document_key("national_id", "P123", "AF") != passport
    assert keys.document_key("passport", "P123", "PK") != passport
    assert keys.document_key("passport", "P123", None) == "doc:??:passport:P123"
    for bad, code in [(("passport", "", "AF"), "document_empty"), (("visa", "P1", "AF"), "document_kind"),
                      (("passport", "P1", "Afghanistan"), "country_invalid"),
                      (("passport", "<script>", "AF"), "document_invalid"),
                      (("passport", "9" * 41, "AF"), "document_length")]:
        with pytest.raises(InvalidIdentifier) as exc:
            keys.document_key(*bad)
        assert exc.value.code == code


def test_plates_with_persian_digits_and_letters():
    # An Iranian plate "12 ب 345 - 67" typed with Persian digits and with ASCII digits.
    persian = keys.plate_key("۱۲ ب ۳۴۵ - ۶۷", "IR")
    assert persian == keys.plate_key("12ب345-67", "ir")
    assert persian == "plate:IR:12B34567"
    # An Afghan plate with the province in Dari script.
    assert keys.plate_key("کابل ۱۲۳۴۵", "AF") == keys.plate_key("کابل 12345", "AF")
    # Cyrillic look-alikes on a Kazakh plate.
    assert keys.plate_key("123 АВС 02", "KZ") == keys.plate_key("123abc02", "KZ") == "plate:KZ:123ABC02"
    assert keys.plate_key("123 ABC 02", None) == "plate:??:123ABC02"
    with pytest.raises(InvalidIdentifier):
        keys.plate_key(" - ", "AF")


def test_vin_check_digit_where_it_applies():
    assert keys.vin("1m8gdm9axkp042788") == "1M8GDM9AXKP042788"  # North American, check digit X
    assert keys.vin_key("1M8GDM9AXKP042788") == "vin:1M8GDM9AXKP042788"
    # A European VIN has no check digit: its 9th character is free.
    assert keys.vin("WVW ZZZ 1J ZXW 000001") == "WVWZZZ1JZXW000001"
    cases = [("1M8GDM9A1KP042788", "vin_checksum"), ("1M8GDM9AXKP04278", "vin_length"),
             ("WVWZZZ1JZXW00000O", "vin_invalid"), ("WVWZZZ1JZXWI00001", "vin_invalid")]
    for bad, code in cases:
        with pytest.raises(InvalidIdentifier) as exc:
            keys.vin(bad)
        assert exc.value.code == code


def test_iban_checksum():
    assert keys.iban("GB82 WEST 1234 5698 7654 32") == "GB82WEST12345698765432"
    assert keys.iban("IBAN: kz86 125k zt50 0410 0100") == "KZ86125KZT5004100100"
    assert keys.iban_key("KZ86125KZT5004100100") == "iban:KZ86125KZT5004100100"
    for bad, code in [("GB82 WEST 1234 5698 7654 33", "iban_checksum"), ("GB82 WEST", "iban_invalid"),
                      ("", "iban_empty")]:
        with pytest.raises(InvalidIdentifier) as exc:
            keys.iban(bad)
        assert exc.value.code == code


def test_account_key_without_iban():
    key = keys.account_key("0012-3456 789", "Da Afghanistan Bank", "AF")
    assert key == "acct:AF:DAAFGHANISTANBANK:00123456789"
    assert keys.account_key("۰۰۱۲۳۴۵۶۷۸۹", "da afghanistan bank", "af") == key
    assert keys.account_key("00123456789", "Azizi Bank", "AF") != key


def test_scripts_and_latin_form():
    assert keys.detect_script("Mohammad Karimi") == "latin"
    assert keys.detect_script("Мухаммад Каримов") == "cyrillic"
    assert keys.detect_script("محمد کریمی") == "arabic"
    assert keys.detect_script("Ali علی") == "mixed"
    assert keys.detect_script("12 34") == ""
    assert keys.latin_form("Мухаммад   каримов") == "Mukhammad Karimov"
    assert keys.latin_form("محمد کریمی") == "Mhmd Krymy"
    assert keys.latin_form("  ") == ""
