"""The engine's records and results, and records read from a CSV row. Pure Python, no Django."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from hamkari.incidents.vocab.countries import OTHER, UNKNOWN, parse_country
from hamkari.places.folding import fold

KINDS = ("person", "organization", "phone", "vehicle", "document", "account", "address")
# Kinds that match on identifiers only: their identifiers are already deterministic keys.
IDENTIFIER_KINDS = frozenset({"phone", "vehicle", "document", "account"})


@dataclass(frozen=True, slots=True)
class Record:
    id: str
    kind: str = "person"  # see KINDS
    names: tuple[str, ...] = ()  # as written, any script; names[0] is the main name, aliases follow
    father_name: str = ""
    birth_date: str = ""  # "", "YYYY", "YYYY-MM" or "YYYY-MM-DD": the precision is how much is given
    nationality: str = ""  # ISO 3166 alpha-2, or ""
    gender: str = ""  # "m", "f" or ""
    identifiers: tuple[str, ...] = ()  # deterministic keys made by hamkari.entities.keys ("phone:+99293...")


@dataclass(frozen=True, slots=True)
class Feature:
    code: str  # stable machine code: "name.exact", "birth_date.year_only", "identifier.same", ...
    field: str  # name | father_name | birth_date | nationality | gender | identifier | kind
    weight: float  # log2 Bayes factor (Fellegi-Sunter): + for a match, - against, 0 neutral
    params: dict = field(default_factory=dict)  # the values the explanation cites
    detail: str = ""  # the same in plain English, for logs and the command line


class Scored:
    """A score (0..1) and the features behind it. The features are built when first read: a linker scores
    many candidate pairs and explains only the few it keeps. Immutable once built."""

    __slots__ = ("score", "_features", "_make", "_explain")

    def __init__(self, score: float, features: tuple[Feature, ...] | None = None, *, make=None, explain=None):
        """`make()` builds the features; `explain()`, if given, builds the same text as `explanation()` would
        from them, more cheaply (used while the features have not been built)."""
        if features is None and make is None:
            raise TypeError("Scored needs features or a way to make them")
        self.score = score
        self._features = tuple(features) if features is not None else None
        self._make = make
        self._explain = explain

    @property
    def features(self) -> tuple[Feature, ...]:
        if self._features is None:
            self._features = tuple(self._make())
            self._make = self._explain = None
        return self._features

    def explanation(self) -> str:
        """One line: "name +12.0 (translit: ...); birth date +5.2 (same year (1985 vs 1985-03-02))"."""
        if self._features is None and self._explain is not None:
            return self._explain()
        parts = []
        for f in self.features:
            label = f.field.replace("_", " ")
            parts.append(f"{label} {f.weight:+.1f} ({f.detail})" if f.detail else f"{label} {f.weight:+.1f}")
        return "; ".join(parts)

    def __eq__(self, other):
        if not isinstance(other, Scored):
            return NotImplemented
        return self.score == other.score and self.features == other.features

    __hash__ = None

    def __repr__(self):
        return f"Scored(score={self.score!r}, features={self.features!r})"

    def __reduce__(self):
        return (Scored, (self.score, self.features))


@dataclass(frozen=True, slots=True)
class Pair:
    left_id: str
    right_id: str
    score: float
    explanation: str


class BadRow(ValueError):
    """A value of a row that cannot be used; `column` names it and `reason` says why (plain English)."""

    def __init__(self, column: str, reason: str):
        super().__init__(f"{column}: {reason}")
        self.column = column
        self.reason = reason


# --- birth dates --------------------------------------------------------------------------------------------

_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_DMY = re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})")
EARLIEST_YEAR = 1900


@lru_cache(maxsize=65_536)
def parse_birth_date(text: str) -> tuple[int, int, int]:
    """(year, month, day) with 0 for what is not given; (0, 0, 0) for "". Raises ValueError with a reason.

    Accepted: YYYY, YYYY-MM, YYYY-MM-DD, and DD.MM.YYYY or DD/MM/YYYY as many registers of the region write."""
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        return (0, 0, 0)
    if m := _ISO.fullmatch(text):
        year, month, day = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
        if m.group(2) is not None and not 1 <= month <= 12:
            raise ValueError(f"month {month} does not exist")
    elif m := _DMY.fullmatch(text):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if not 1 <= month <= 12:
            raise ValueError(f"month {month} does not exist")
    else:
        raise ValueError("not a date: expected YYYY, YYYY-MM or YYYY-MM-DD")
    today = date.today()
    if not EARLIEST_YEAR <= year <= today.year:
        raise ValueError(f"year {year} is outside {EARLIEST_YEAR}-{today.year}")
    if day:
        try:
            born = date(year, month, day)
        except ValueError:
            raise ValueError(f"day {day} does not exist in {year}-{month:02d}") from None
        if born > today:
            raise ValueError("the date is in the future")
    return (year, month, day)


def format_birth_date(parts: tuple[int, int, int]) -> str:
    year, month, day = parts
    if not year:
        return ""
    if not month:
        return f"{year:04d}"
    if not day:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


# --- nationality and gender ---------------------------------------------------------------------------------

# Country names of the region as their neighbours write them in Cyrillic and Arabic script (folded), which the
# shared country vocabulary (English and ISO codes) does not know.
_COUNTRY_NAMES = {
    "AF": ("афганистан", "افغانستان", "afghan", "afghanistan"),
    "IR": ("иран", "ایران", "iran"),
    "PK": ("пакистан", "پاکستان", "pakistan"),
    "TJ": ("таджикистан", "тожикистон", "точикистон", "تاجیکستان", "tojikiston"),
    "UZ": ("узбекистан", "узбекистон", "ازبکستان", "uzbekiston", "ozbekiston"),
    "TM": ("туркменистан", "ترکمنستان", "turkmenistan"),
    "KZ": ("казахстан", "казакстан", "قزاقستان", "qazaqstan", "kazakstan"),
    "KG": ("кыргызстан", "киргизия", "киргизстан", "قرقیزستان", "kirgizstan"),
    "RU": ("россия", "роccиискаяфедерация", "روسیه"),
    "CN": ("китаи", "چین"),
    "IN": ("индия", "هند"),
    "TR": ("турция", "ترکیه"),
}
_COUNTRY_INDEX = {fold(name): code for code, names in _COUNTRY_NAMES.items() for name in names}
MAX_COUNTRY_CHARS = 100


def parse_nationality(text: str) -> str:
    """ISO alpha-2 for a country name or code in English, Russian, Dari/Farsi or the region's Latin forms;
    "" for an empty or unknown-on-purpose value ("unknown", "-"). Raises ValueError for anything else."""
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        return ""
    if len(text) > MAX_COUNTRY_CHARS:
        raise ValueError("too long for a country")
    code = parse_country(text)
    if code in (UNKNOWN,):
        return ""
    if code == OTHER or code is None:
        code = _COUNTRY_INDEX.get(fold(text))
    if code is None:
        raise ValueError(f"unknown country {text[:40]!r}")
    return code


_GENDERS = {
    "m": "m", "male": "m", "man": "m", "masculine": "m", "м": "m", "муж": "m", "мужской": "m", "мужчина": "m",
    "مرد": "m", "مذکر": "m", "f": "f", "female": "f", "woman": "f", "feminine": "f", "w": "f", "ж": "f",
    "жен": "f", "женский": "f", "женщина": "f", "زن": "f", "مونث": "f", "مؤنث": "f",
    "": "", "u": "", "x": "", "unknown": "", "-": "", "?": "", "n/a": "",
}


def parse_gender(text: str) -> str:
    """"m", "f" or "" (not known); raises ValueError for anything else."""
    key = text.strip().casefold() if isinstance(text, str) else ""
    if key in _GENDERS:
        return _GENDERS[key]
    raise ValueError(f"unknown gender {key[:20]!r}: expected m, f or empty")


# --- CSV rows -------------------------------------------------------------------------------------------------

MAX_ALIASES = 20


def record_from_row(row: dict[str, str]) -> Record:
    """A person Record from a CSV row (columns id, name, aliases separated by "|", birth_date, nationality,
    gender, and optionally father_name; other columns are ignored). Raises BadRow(column, reason)."""

    def get(column: str) -> str:
        value = row.get(column)
        return value.strip() if isinstance(value, str) else ""

    record_id = get("id")
    if not record_id:
        raise BadRow("id", "empty")
    name = get("name")
    if not name:
        raise BadRow("name", "empty")
    aliases = tuple(a.strip() for a in get("aliases").split("|") if a.strip())[:MAX_ALIASES]
    try:
        birth = format_birth_date(parse_birth_date(get("birth_date")))
    except ValueError as error:
        raise BadRow("birth_date", str(error)) from None
    try:
        nationality = parse_nationality(get("nationality"))
    except ValueError as error:
        raise BadRow("nationality", str(error)) from None
    try:
        gender = parse_gender(get("gender"))
    except ValueError as error:
        raise BadRow("gender", str(error)) from None
    return Record(id=record_id, names=(name, *aliases), father_name=get("father_name"), birth_date=birth,
                  nationality=nationality, gender=gender)
