"""What both formats share: the record a row (or group of rows) becomes, row problems, and the per-batch
context that caches country and place look-ups.

A format turns rows into `Outcome`s: either a `Record` (one incident with its seizure lines, route and
entities, ready for the writer) or the problems that keep its rows out. Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hamkari.incidents.importing.values import BadValue
from hamkari.incidents.models import CrimeArea, GeoPrecision
from hamkari.incidents.vocab import countries as vocab_countries
from hamkari.incidents.vocab import substances

MAX_VALUE_IN_REPORT = 200  # characters of a rejected value repeated in the report


@dataclass
class Problem:
    row: int
    column: str
    reason: str
    value: str = ""

    def as_dict(self) -> dict:
        value = self.value if isinstance(self.value, str) else str(self.value)
        if len(value) > MAX_VALUE_IN_REPORT:
            value = value[:MAX_VALUE_IN_REPORT] + "…"
        return {"row": self.row, "column": self.column, "reason": str(self.reason), "value": value}


@dataclass(slots=True)
class Record:
    """One incident to write. `fingerprint` is the normalised text of its rows: identical rows share it."""

    rows: list[int]
    fingerprint: str
    incident: dict  # Incident attname -> value (REPORT_FIELDS of incidents.services, minus source_values)
    seizures: list[dict]  # Seizure attname -> value, derived fields included
    transits: list[str] = field(default_factory=list)  # ISO2, in order
    involvements: list[tuple] = field(default_factory=list)  # (kind, data, role, default phone country)
    source_values: dict = field(default_factory=dict)
    reliability: str = ""
    accuracy: str = ""
    check_reference: bool = False  # flag when the agency already has an incident with this national reference
    key: str = ""  # import key, set by the service (it needs the n-th occurrence of the fingerprint)
    base: bytes = b""  # digest of the fingerprint alone

    def pack(self) -> tuple:
        """The record as plain values (dates and decimals as text, which the database columns read back),
        without its fingerprint: what the spool pickles, ten times faster than the objects themselves."""
        incident = self.incident
        if "occurred_on" in incident:
            incident = {**incident, "occurred_on": incident["occurred_on"].isoformat()}
        seizures = [{**line, **{k: str(line[k]) for k in _DECIMALS if line.get(k) is not None}}
                    for line in self.seizures]
        return (self.rows, "", incident, seizures, self.transits, self.involvements, self.source_values,
                self.reliability, self.accuracy, self.check_reference, self.key, self.base)


_DECIMALS = ("amount", "amount_kg", "purity", "price")


@dataclass
class Outcome:
    rows: list[int]
    record: Record | None = None
    problems: list[Problem] = field(default_factory=list)


class RowErrors:
    """Collects the problems of one row; each check runs and records its problem instead of stopping."""

    def __init__(self, row: int):
        self.row = row
        self.problems: list[Problem] = []

    def add(self, column, reason, value=""):
        self.problems.append(Problem(self.row, column, str(reason), value))

    def check(self, column, value, func, *args, **kwargs):
        """func(*args) or None after recording its BadValue / ValidationError against `column`."""
        try:
            return func(*args, **kwargs)
        except BadValue as exc:
            self.add(column, exc.message, value)
        except ValidationError as exc:
            for message in _messages(exc):
                self.add(column, message, value)
        return None

    def __bool__(self):
        return bool(self.problems)


def _messages(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [str(m) for msgs in exc.message_dict.values() for m in msgs]
    return [str(m) for m in exc.messages]


def normalise(value: str) -> str:
    """The form of a cell that decides whether two rows are identical: spaces collapsed, case folded."""
    return " ".join(str(value).split()).casefold()


def fingerprint(values) -> str:
    """The normalised cells of a row, joined: each cell stripped, inner spaces collapsed, case folded.
    (One split over the whole row: NUL is not white space, so it keeps the cells apart.)"""
    return " ".join("\x00".join(str(v).strip() for v in values).split()).casefold()


class Context:
    """Per-batch state: the importing agency, known country codes and cached geocoding."""

    def __init__(self, agency, *, today: dt.date | None = None):
        from hamkari.tenancy.models import Country

        self.agency = agency
        self.today = today or dt.date.today()
        self.country_codes = set(Country.objects.values_list("iso2", flat=True))
        self._geocode: dict[tuple[str, str], object] = {}
        self._country: dict[str, str | None] = {}
        self._substance: dict[str, object] = {}
        self._memo: dict[tuple, tuple] = {}

    def memo(self, func, text: str, **kwargs):
        """func(text, **kwargs) computed once per distinct text in a batch: files repeat the same dates, units
        and transport words thousands of times. A BadValue is remembered and raised again."""
        key = (func, text)
        found = self._memo.get(key)
        if found is None:
            try:
                found = (True, func(text, **kwargs))
            except BadValue as exc:
                found = (False, exc)
            if len(self._memo) < 200_000:
                self._memo[key] = found
        if found[0]:
            return found[1]
        raise found[1]

    # Countries --------------------------------------------------------------------------------------------

    def country(self, text: str) -> str:
        """ISO2 of a country the platform knows, "" for empty, "Unknown" or "Other"; BadValue otherwise."""
        if text in self._country:
            code = self._country[text]
        else:
            code = "" if not str(text).strip() else vocab_countries.parse_country(text)
            self._country[text] = code
        if code is None:
            raise BadValue(_("“%(value)s” is not a country name that UNODC uses, nor an ISO country code.")
                           % {"value": text})
        if code in (vocab_countries.UNKNOWN, vocab_countries.OTHER, ""):
            return ""
        if code not in self.country_codes:
            raise BadValue(_("“%(value)s” is not among the platform's countries.") % {"value": text})
        return code

    def routing(self, text: str) -> list[str]:
        return list(self.memo(self._routing, text))

    def _routing(self, text: str) -> tuple[str, ...]:
        try:
            codes = vocab_countries.parse_routing(text)
        except ValueError:
            bad = _first_unknown_piece(text)
            raise BadValue(_("“%(part)s” in the routing is not a country name that UNODC uses. Separate the "
                             "countries with “ > ” or commas.") % {"part": bad}) from None
        out = []
        for code in codes:
            if code in (vocab_countries.UNKNOWN, vocab_countries.OTHER):
                continue
            if code not in self.country_codes:
                raise BadValue(_("“%(value)s” is not among the platform's countries.") % {"value": code})
            out.append(code)
        return tuple(out)

    # Substances -------------------------------------------------------------------------------------------

    def substance(self, text: str):
        key = str(text)
        if key not in self._substance:
            self._substance[key] = substances.lookup(key)
        found = self._substance[key]
        if found is None:
            if not key.strip():
                raise BadValue(_("The drug name is missing."))
            near = substances.suggest(key)
            if near:
                raise BadValue(_("“%(value)s” is not in the substance list. Did you mean %(suggestions)s?")
                               % {"value": key, "suggestions": _or_list([s.name for s in near])})
            raise BadValue(_("“%(value)s” is not in the substance list (see the Substances sheet of the "
                             "template).") % {"value": key})
        return found

    # Places -----------------------------------------------------------------------------------------------

    def geocode(self, text: str, country: str):
        """The gazetteer's place for a place name in a country, looked up once per batch: (place, precision)."""
        from hamkari.places.selectors import geocode

        text = str(text).strip()
        if not text:
            return None
        key = ("place", text, country or "")
        if key not in self._geocode:
            result = geocode(text, country or None)
            self._geocode[key] = (result.place, result.precision) if result is not None else None
        return self._geocode[key]

    def province(self, text: str, country: str):
        from hamkari.places.selectors import geocode_admin1

        text = str(text).strip()
        if not text:
            return None
        key = ("province", text, country or "")
        if key not in self._geocode:
            place = geocode_admin1(text, country or None)
            self._geocode[key] = (place, GeoPrecision.PROVINCE) if place is not None else None
        return self._geocode[key]

    def locate(self, incident: dict, *, place: str, division: str, fill: bool = True):
        """Fill place, coordinates and their precision from the place name, else the province, else leave the
        country as the precision; with a country given, nothing outside it is considered. With `fill`, an
        empty country and province are taken from the place found; without it, a place is looked for only
        within a known country."""
        country = incident.get("country_id") or ""
        if not fill and not country:
            incident["geo_precision"] = GeoPrecision.COUNTRY
            return
        found = self.geocode(place, country) or self.province(division, country)
        if found is None:
            incident["geo_precision"] = GeoPrecision.COUNTRY
            return
        where, precision = found
        incident["place_id"] = where.pk
        incident["latitude"] = where.latitude
        incident["longitude"] = where.longitude
        incident["geo_precision"] = precision or GeoPrecision.SETTLEMENT
        if fill and not country:
            incident["country_id"] = where.country_id
        if fill and not incident.get("admin1") and where.admin1_name:
            incident["admin1"] = where.admin1_name


def crime_area_for(group: str) -> str:
    return CrimeArea.PRECURSORS if group == "precursors" else CrimeArea.DRUGS


def _or_list(names: list[str]) -> str:
    quoted = [f"“{n}”" for n in names]
    if len(quoted) == 1:
        return quoted[0]
    return _("%(first)s or %(last)s") % {"first": ", ".join(quoted[:-1]), "last": quoted[-1]}


def _first_unknown_piece(text: str) -> str:
    import re

    for piece in re.split(r"\s*(?:->|=>|→|>|;|,|/|\||–|—)\s*", str(text)):
        if piece.strip() and vocab_countries.parse_country(piece) is None:
            return piece.strip()
    return str(text).strip()
