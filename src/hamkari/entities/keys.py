"""Deterministic identifier keys: the same phone, document, plate, VIN or account is one key however it was typed.

Pure Python (no Django), so the importer, the API, the matching engine and the benchmarks can share it.
Every normaliser raises `InvalidIdentifier` (a ValueError) whose `code` the Django layer maps to a translated
message; the English `str()` is for logs and command-line tools. The rules, with examples, are in
docs/identifiers.md: change a rule only together with a data migration that recomputes stored keys.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from anyascii import anyascii
from stdnum import iban as _iban
from stdnum import luhn as _luhn
from stdnum.exceptions import ValidationError as _StdnumError


class InvalidIdentifier(ValueError):
    """An identifier that cannot be normalised. `code` names the reason for translation (e.g. "iban_checksum")."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


# --- characters ------------------------------------------------------------------------------------------------

# Arabic-Indic (U+0660..) and Extended Arabic-Indic / Persian-Urdu (U+06F0..) digits to ASCII.
_DIGITS = {**{0x0660 + i: str(i) for i in range(10)}, **{0x06F0 + i: str(i) for i in range(10)}}

# Cyrillic capitals that look like Latin ones: a passport or plate number typed on a Russian keyboard must give
# the same key as the one typed on a Latin keyboard. Applied after upper-casing, so lower case is covered too.
_LOOKALIKES = {ord(c): latin for c, latin in zip("АВЕКМНОРСТУХІЈЅ", "ABEKMHOPCTYXIJS")}

_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015.\u00b7/\\_,:;'\"()\[\]{}#№|]+")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")  # tab is a separator, not a control here
_MARKS = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")


def ascii_digits(text: str) -> str:
    """Arabic-Indic and Persian digits (and other Unicode decimal digits) to ASCII 0-9."""
    out = []
    for ch in text:
        if ch in "0123456789":
            out.append(ch)
            continue
        mapped = _DIGITS.get(ord(ch))
        if mapped is None and ch.isdecimal():
            mapped = str(unicodedata.decimal(ch, "")) or ch
        out.append(mapped or ch)
    return "".join(out)


def _strip_marks(text: str) -> str:
    """NFKC, invisible format marks removed (they come along when a number is copied out of right-to-left text);
    control characters (NUL, line breaks, ...) are refused: they are never part of an identifier."""
    text = unicodedata.normalize("NFKC", text or "")
    if _CONTROL.search(text):
        raise InvalidIdentifier("control_characters", f"{text!r} contains control characters.")
    return _MARKS.sub("", text)


def _fold_code(text: str) -> str:
    """Upper-case an identifier code, map digits and Cyrillic look-alikes, drop separators and invisible marks."""
    text = _strip_marks(text)
    text = ascii_digits(text).upper().translate(_LOOKALIKES)
    return _SEPARATORS.sub("", text)


def _country(country: str | None) -> str:
    """An ISO alpha-2 code for a key, or "??" when unknown (so an unknown country never matches a known one)."""
    code = (country or "").strip().upper()
    if not code:
        return "??"
    if not re.fullmatch(r"[A-Z]{2}", code):
        raise InvalidIdentifier("country_invalid", f"{country!r} is not an ISO 3166-1 alpha-2 country code.")
    return code


# --- phones ----------------------------------------------------------------------------------------------------

_PHONE_ALLOWED = re.compile(r"^[+\d\s\-().\u2010-\u2015/]*$")


def phone(number: str, default_country: str | None = None) -> str:
    """The E.164 form of a phone number ("+93701234567").

    Accepts national formats (with `default_country`), international "00" and "+" prefixes, spaces, dashes,
    dots, brackets, and Arabic-Indic or Persian digits. A number that phonenumbers does not consider possible
    raises InvalidIdentifier("phone_invalid"); we check "possible" (length) rather than "valid" (allocated
    ranges) because numbering plans in the region change faster than the library's metadata.
    """
    text = ascii_digits(_strip_marks(number)).strip()
    if not text:
        raise InvalidIdentifier("phone_empty", "The phone number is empty.")
    if not _PHONE_ALLOWED.match(text):
        raise InvalidIdentifier("phone_invalid", f"{number!r} is not a phone number.")
    compact = re.sub(r"[^\d+]", "", text)
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if "+" in compact[1:]:
        raise InvalidIdentifier("phone_invalid", f"{number!r} is not a phone number.")
    region = (default_country or "").upper() or None
    if not compact.startswith("+") and not region:
        raise InvalidIdentifier("phone_no_country",
                                f"{number!r} has no country code and no default country was given.")
    try:
        parsed = phonenumbers.parse(compact, None if compact.startswith("+") else region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidIdentifier("phone_invalid", f"{number!r} is not a phone number.") from exc
    if not phonenumbers.is_possible_number(parsed):
        raise InvalidIdentifier("phone_invalid", f"{number!r} is not a possible phone number.")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def phone_key(e164: str) -> str:
    return f"phone:{e164}"


# --- IMEI ------------------------------------------------------------------------------------------------------

def imei(text: str) -> str:
    """The 15-digit IMEI (14-digit body + Luhn check digit).

    14 digits: the check digit is added. 15 digits: the check digit is verified. 16 digits (IMEISV, whose last
    two digits are a software version, not a check digit): the 14-digit body is kept and the check digit added,
    because the software version changes with updates while the handset stays the same.
    """
    digits = _fold_code(text)
    if not digits:
        raise InvalidIdentifier("imei_empty", "The IMEI is empty.")
    if not digits.isdigit():
        raise InvalidIdentifier("imei_invalid", f"{text!r} is not an IMEI: it may contain digits only.")
    if len(digits) == 14:
        return digits + _luhn.calc_check_digit(digits)
    if len(digits) == 15:
        if not _luhn.is_valid(digits):
            raise InvalidIdentifier("imei_checksum", f"{text!r} is not an IMEI: its check digit is wrong.")
        return digits
    if len(digits) == 16:
        body = digits[:14]
        return body + _luhn.calc_check_digit(body)
    raise InvalidIdentifier("imei_length", f"{text!r} is not an IMEI: it has {len(digits)} digits, not 14 to 16.")


def imei_key(value: str) -> str:
    return f"imei:{value}"


# --- identity documents ----------------------------------------------------------------------------------------

DOCUMENT_KINDS = ("passport", "national_id", "driving_licence", "residence_permit", "tazkira", "other")


def document_number(number: str) -> str:
    """The folded document number: upper case, ASCII digits, Latin look-alikes, no separators."""
    folded = _fold_code(number)
    if not folded:
        raise InvalidIdentifier("document_empty", "The document number is empty.")
    if not folded.isalnum():
        raise InvalidIdentifier("document_invalid", f"{number!r} is not a document number.")
    # Remaining non-Latin letters (Arabic script, Cyrillic with no Latin look-alike) are transliterated, so the
    # key stays ASCII; digits were mapped first so that Persian digits never become something else.
    folded = anyascii(folded).upper()
    folded = re.sub(r"[^A-Z0-9]", "", folded)
    if not folded:
        raise InvalidIdentifier("document_invalid", f"{number!r} is not a document number.")
    if len(folded) > 40:
        raise InvalidIdentifier("document_length", f"{number!r} is too long for a document number.")
    return folded


def document_key(kind: str, number: str, issuing_country: str | None) -> str:
    """"doc:<COUNTRY or ??>:<kind>:<NUMBER>".

    The kind is part of the key: a passport and a national identity card of the same country are different
    documents, and their number series may overlap.
    """
    kind = (kind or "").strip().lower()
    if kind not in DOCUMENT_KINDS:
        raise InvalidIdentifier("document_kind", f"{kind!r} is not a document kind.")
    return f"doc:{_country(issuing_country)}:{kind}:{document_number(number)}"


# --- vehicles --------------------------------------------------------------------------------------------------

def plate(text: str) -> str:
    """The folded plate: digits to ASCII, Cyrillic look-alikes to Latin, Arabic-script letters transliterated."""
    folded = _fold_code(text)
    folded = re.sub(r"[^0-9A-Z]", lambda m: anyascii(m.group()).upper(), folded)
    folded = re.sub(r"[^A-Z0-9]", "", folded)
    if not folded:
        raise InvalidIdentifier("plate_empty", "The plate is empty.")
    if len(folded) > 20:
        raise InvalidIdentifier("plate_length", f"{text!r} is too long for a plate.")
    return folded


def plate_key(text: str, country: str | None) -> str:
    """"plate:<COUNTRY or ??>:<PLATE>"."""
    return f"plate:{_country(country)}:{plate(text)}"


_VIN_VALUES = {**{str(d): d for d in range(10)},
               **dict(zip("ABCDEFGH", range(1, 9))), **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9,
               **dict(zip("STUVWXYZ", range(2, 10)))}
_VIN_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)


def vin_check_digit(value: str) -> str:
    total = sum(_VIN_VALUES[c] * w for c, w in zip(value, _VIN_WEIGHTS))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def vin(text: str) -> str:
    """The 17-character VIN (ISO 3779).

    I, O and Q never occur in a VIN. The check digit (9th character) is mandatory for vehicles made for North
    America (world manufacturer identifier starting 1 to 5) and China (L), so it is verified there only;
    elsewhere the 9th character is free and verifying it would reject genuine European and Asian VINs.
    """
    value = _fold_code(text)
    if not value:
        raise InvalidIdentifier("vin_empty", "The VIN is empty.")
    if len(value) != 17:
        raise InvalidIdentifier("vin_length", f"{text!r} is not a VIN: it has {len(value)} characters, not 17.")
    if re.search(r"[IOQ]", value) or not re.fullmatch(r"[A-Z0-9]{17}", value):
        raise InvalidIdentifier("vin_invalid", f"{text!r} is not a VIN: only A-Z (except I, O, Q) and 0-9 occur.")
    if value[0] in "12345L" and vin_check_digit(value) != value[8]:
        raise InvalidIdentifier("vin_checksum", f"{text!r} is not a VIN: its check digit is wrong.")
    return value


def vin_key(value: str) -> str:
    return f"vin:{value}"


# --- bank accounts ---------------------------------------------------------------------------------------------

def iban(text: str) -> str:
    """The compact IBAN ("GB82WEST12345698765432"), with its country format and checksum verified."""
    value = _fold_code(text)
    if value.startswith("IBAN"):
        value = value[4:]
    if not value:
        raise InvalidIdentifier("iban_empty", "The IBAN is empty.")
    if not re.fullmatch(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}", value):
        raise InvalidIdentifier("iban_invalid", f"{text!r} is not an IBAN.")
    # Structure first (country, length, BBAN format: with the right check digits put in), then the checksum,
    # so that a typo in a well-formed IBAN is reported as a checksum error and a truncated one as a format error.
    try:
        _iban.validate(value[:2] + _iban.calc_check_digits(value) + value[4:])
    except _StdnumError as exc:
        raise InvalidIdentifier("iban_invalid", f"{text!r} is not an IBAN.") from exc
    try:
        return _iban.validate(value)
    except _StdnumError as exc:
        raise InvalidIdentifier("iban_checksum", f"{text!r} is not an IBAN: its check digits are wrong.") from exc


def iban_key(value: str) -> str:
    return f"iban:{value}"


def bank_fold(bank: str) -> str:
    """A bank name folded for a key: Latin letters and digits only, upper case ("Da Afghanistan Bank" -> DAAFGHANISTANBANK)."""
    folded = re.sub(r"[^A-Z0-9]", "", anyascii(ascii_digits(_strip_marks(bank or ""))).upper())
    # Capped so that the key fits its column; 50 characters tell any two real bank names apart.
    return folded[:50]


def account_number(number: str) -> str:
    digits = _fold_code(number)
    if not digits:
        raise InvalidIdentifier("account_empty", "The account number is empty.")
    digits = re.sub(r"[^A-Z0-9]", "", anyascii(digits).upper())
    if not digits or len(digits) > 40:
        raise InvalidIdentifier("account_invalid", f"{number!r} is not an account number.")
    return digits


def account_key(number: str, bank: str | None, country: str | None) -> str:
    """"acct:<COUNTRY or ??>:<BANK FOLDED>:<NUMBER>" for an account without IBAN."""
    return f"acct:{_country(country)}:{bank_fold(bank or '')}:{account_number(number)}"


# --- scripts and transliteration -------------------------------------------------------------------------------

def detect_script(text: str) -> str:
    """"latin", "cyrillic", "arabic", "mixed" (letters of two or more scripts) or "" (no letters)."""
    scripts = set()
    for ch in text or "":
        if not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("LATIN"):
            scripts.add("latin")
        elif name.startswith("CYRILLIC"):
            scripts.add("cyrillic")
        elif name.startswith("ARABIC"):
            scripts.add("arabic")
        else:
            scripts.add("other")
    if not scripts:
        return ""
    if len(scripts) > 1:
        return "mixed"
    script = scripts.pop()
    return "mixed" if script == "other" else script


def latin_form(text: str) -> str:
    """A generated Latin transliteration for display and matching: anyascii, spaces collapsed, Title Case words.

    Arabic script loses its short vowels (محمد -> "Mhmd"): this is a reading aid, not a spelling; matching
    uses its own skeleton keys.
    """
    ascii_text = anyascii(ascii_digits(unicodedata.normalize("NFKC", text or "")))
    ascii_text = re.sub(r"[^\w\s'.-]", " ", ascii_text)
    words = ascii_text.split()
    return " ".join(w[:1].upper() + w[1:].lower() for w in words)
