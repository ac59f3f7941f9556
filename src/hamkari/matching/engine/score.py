"""Prepared records, blocking keys and the scorer. Pure Python, no Django.

`prepare(record)` does the per-record work once (names taken apart, words romanized, birth date parsed, keys);
`score_prepared(a, b)` compares two prepared records feature by feature. Each feature's weight is a log2
Bayes factor (Fellegi-Sunter); the score is the probability 1 / (1 + 2^-(PRIOR + sum of weights)). Missing
values weigh 0: a birth date one side does not know is no evidence either way.

The m/u estimates behind each weight are in WEIGHTS below and in docs/matching.md.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass

from hamkari.matching.engine.compare import LEVEL_NAMES, NameMatch, align
from hamkari.matching.engine.names import ParsedName, parse_name
from hamkari.matching.engine.records import IDENTIFIER_KINDS, Feature, Record, Scored, parse_birth_date
from hamkari.matching.engine.translit import Token

ALGORITHM = "hamkari-names"
VERSION = "1"

# Prior log2 odds that two candidate records are one person, before any evidence. With it, two names that
# agree word for word and nothing else score about 0.8, and need a second feature (a birth year, a father's
# name, an identifier) to go above 0.9.
PRIOR = -10.0
MAX_NAMES = 10  # names and aliases compared per record
MAX_IDENTIFIERS = 50
MAX_KEY_CHARS = 120
NAME_WEIGHT_RANGE = (-12.0, 16.0)


def _w(m: float, u: float) -> float:
    return round(math.log2(m / u), 2)


# (m, u) per feature level: m = how often two records of the same person show it, u = how often two records
# of different people (that share a blocking key) do.
WEIGHTS = {
    "birth_date.same_day": 10.0,  # m 0.85, u 1/20000 would give +14; capped so that names keep the lead
    "birth_date.transposed": _w(0.03, 0.0005),  # day and month swapped (03-02 for 02-03)
    "birth_date.same_month": _w(0.05, 0.004),  # both full dates: same year and month, another day (a typo)
    "birth_date.year_off": _w(0.04, 0.002),  # both full: same day and month, one year apart (a typo)
    "birth_date.year_typo": _w(0.03, 0.003),  # both full: same day and month, a year digit wrong or two swapped
    "birth_date.month_off": _w(0.03, 0.002),  # both full: same year and day, another month (a typo)
    "birth_date.same_year": _w(0.05, 0.03),  # both full: same year only
    "birth_date.compatible_month": _w(0.9, 0.002),  # one side gives the month only: same year and month
    "birth_date.year_only": _w(0.9, 0.025),  # one side gives the year only: same year
    "birth_date.within_1_year": _w(0.06, 0.05),  # an estimated age is often a year off
    "birth_date.within_2_years": _w(0.02, 0.05),
    "birth_date.different": _w(0.02, 0.85),
    "nationality.same": _w(0.7, 0.4),
    "nationality.different": _w(0.3, 0.75),  # records often carry the reporting country, not the nationality
    "gender.same": _w(0.97, 0.5),
    "gender.different": _w(0.03, 0.5),
    "father_name.same": _w(0.8, 0.05),
    "father_name.different": _w(0.2, 0.9),
    "identifier.same": 25.0,  # a shared phone number, document or account: near certainty for a person
    "identifier.same_kind": 40.0,  # two phone (vehicle, ...) records with the same key are the same thing
    "identifier.different": -40.0,  # two phone records with different keys are not
    "kind.different": -40.0,
}


@dataclass(slots=True)  # not frozen: a frozen dataclass is slow to build, and millions are; never changed
class Prepared:
    """Everything the scorer needs of one record, computed once. Picklable. Treat it as immutable."""

    id: str
    kind: str
    names: tuple[ParsedName, ...]  # the usable names (at least one name word), main name first
    titles: tuple[str, ...]
    father: ParsedName | None  # the father's name, from the father_name field or found inside a name
    birth: tuple[int, int, int]  # (year, month, day), 0 for what is not known
    nationality: str
    gender: str
    identifiers: frozenset[str]
    keys: tuple[str, ...]  # blocking keys, distinct, each at most MAX_KEY_CHARS


# --- prepare and keys ---------------------------------------------------------------------------------------

_intern = sys.intern
_NO_IDENTIFIERS: frozenset[str] = frozenset()


def _key_part(token: Token) -> str:
    return token.skel[:30]


# Year-free keys and key parts of one name, by (kind prefix, name text): computed once per name, not per record.
_NAME_KEYS: dict[tuple[str, str], tuple[tuple[str, ...], tuple[str, ...]]] = {}
NAME_KEYS_CACHE_SIZE = 300_000


def _name_keys(prefix: str, name: ParsedName) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(keys, parts) of one name: each significant word's consonant skeleton (of its root, so Rahimov and
    Rahimi meet), every sorted pair of skeletons, and of their first two consonants (finds names with a typo
    in each word); `parts` are the skeletons, for the keys with the birth year."""
    cache_key = (prefix, name.text)
    hit = _NAME_KEYS.get(cache_key)
    if hit is not None:
        return hit
    parts = sorted({_key_part(t) for t, opt in zip(name.tokens, name.optional) if not opt and t.skel})
    keys = [f"{prefix}:t:{part}" for part in parts if len(part) >= 2]
    for i, a in enumerate(parts):
        for b in parts[i + 1:]:
            keys.append(f"{prefix}:tt:{a}|{b}")
    heads = sorted({part[:2] for part in parts})
    for i, a in enumerate(heads):
        for b in heads[i + 1:]:
            keys.append(f"{prefix}:th:{a}|{b}")
    hit = (tuple(_intern(k[:MAX_KEY_CHARS]) for k in keys), tuple(parts))
    if len(_NAME_KEYS) >= NAME_KEYS_CACHE_SIZE:
        _NAME_KEYS.clear()
    _NAME_KEYS[cache_key] = hit
    return hit


def _person_keys(prefix: str, names: tuple[ParsedName, ...], birth: tuple[int, int, int]) -> tuple[str, ...]:
    """Blocking keys: the keys of each name (`_name_keys`), each word's skeleton with the birth year, and the
    full birth date. Interned strings in a tuple: a million prepared records share their common keys' strings,
    and a tuple costs a tenth of a set."""
    keys: list[str] = []
    year = birth[0]
    for name in names:
        name_keys, parts = _name_keys(prefix, name)
        keys.extend(name_keys)
        if year:
            keys.extend(_intern(f"{prefix}:ty:{part}:{year}"[:MAX_KEY_CHARS]) for part in parts)
    if birth[2] and names:
        keys.append(_intern(f"{prefix}:d:{birth[0]:04d}-{birth[1]:02d}-{birth[2]:02d}"))
    return tuple(dict.fromkeys(keys)) if len(names) > 1 else tuple(keys)


def _as_name(tokens: tuple[Token, ...]) -> ParsedName:
    return ParsedName(" ".join(t.raw for t in tokens), tokens, (False,) * len(tokens), (), ())


def _safe_birth(text: str) -> tuple[int, int, int]:
    try:
        return parse_birth_date(text) if isinstance(text, str) else (0, 0, 0)
    except ValueError:
        return (0, 0, 0)  # record_from_row reports bad dates; a Record built in code with one just lacks it


def prepare(record: Record) -> Prepared:
    kind = record.kind or "person"
    identifiers = (frozenset(i for i in record.identifiers[:MAX_IDENTIFIERS] if isinstance(i, str) and i)
                   if record.identifiers else _NO_IDENTIFIERS)
    if kind in IDENTIFIER_KINDS:
        keys = tuple(sorted(_intern(i[:MAX_KEY_CHARS]) for i in identifiers))
        return Prepared(record.id, kind, (), (), None, (0, 0, 0), "", "", identifiers, keys)
    parsed = [parse_name(n) for n in record.names[:MAX_NAMES] if isinstance(n, str)]
    names = tuple(p for p in parsed if p.tokens)
    titles = tuple(dict.fromkeys(t for p in parsed for t in p.titles))
    father = parse_name(record.father_name) if isinstance(record.father_name, str) and record.father_name else None
    if father is None or not father.tokens:
        tokens = next((p.father for p in parsed if p.father), ())
        father = _as_name(tokens) if tokens else None
    birth = _safe_birth(record.birth_date) if kind == "person" else (0, 0, 0)
    prefix = "p" if kind == "person" else kind[:3]
    keys = _person_keys(prefix, names, birth)
    if identifiers:
        keys = tuple(dict.fromkeys((*keys, *(_intern(i[:MAX_KEY_CHARS]) for i in sorted(identifiers)))))
    return Prepared(record.id, kind, names, titles, father, birth,
                    record.nationality.upper() if isinstance(record.nationality, str) else "",
                    record.gender if record.gender in ("m", "f") else "", identifiers, keys)


def candidate_keys(record: Record) -> set[str]:
    return set(prepare(record).keys)


# --- features -----------------------------------------------------------------------------------------------

# Best name alignments by the two names' texts: the same pairs of names come back often (common names,
# several records of one person). Bounded: cleared when full.
_ALIGN_CACHE: dict[tuple[str, str], NameMatch] = {}
ALIGN_CACHE_SIZE = 200_000


def _align(na: ParsedName, nb: ParsedName) -> NameMatch:
    key = (na.text, nb.text)
    match = _ALIGN_CACHE.get(key)
    if match is None:
        match = align(na, nb)
        if len(_ALIGN_CACHE) >= ALIGN_CACHE_SIZE:
            _ALIGN_CACHE.clear()
        _ALIGN_CACHE[key] = match
    return match


def _best_name(a: Prepared, b: Prepared) -> NameMatch | None:
    names_a, names_b = a.names, b.names
    if len(names_a) == 1 and len(names_b) == 1:  # most records: no alias
        return _align(names_a[0], names_b[0])
    best = None
    for na in names_a:
        for nb in names_b:
            match = _align(na, nb)
            if best is None or match.weight > best.weight:
                best = match
    return best


_LOW, _HIGH = NAME_WEIGHT_RANGE


def _name_weight(match: NameMatch) -> float:
    w = match.weight
    return round(_HIGH if w > _HIGH else (_LOW if w < _LOW else w), 2)  # min(high, max(low, w)), rounded


def _name_feature(a: Prepared, b: Prepared) -> Feature:
    if not a.names or not b.names:
        side = "left" if not a.names else "right"
        return Feature("name.missing", "name", 0.0, {"side": side}, f"no usable name on the {side}")
    return _name_feature_of(_best_name(a, b))


def _name_feature_of(best: NameMatch) -> Feature:
    weight = _name_weight(best)
    level = LEVEL_NAMES[best.worst_level] if best.pairs else "different"
    if best.pairs and best.conflicts == 0 and any(p[0].script != p[1].script for p in best.pairs) \
            and best.worst_level <= 4:
        code = "name.cross_script"
    else:
        code = f"name.{level}"
    words = [(p[0].raw, p[1].raw, LEVEL_NAMES[p[2]], round(p[4], 2)) for p in best.pairs]
    sim = round(sum(p[4] for p in best.pairs) / max(len(best.left.tokens), len(best.right.tokens)), 2)
    params = {"left": best.left.text, "right": best.right.text, "similarity": sim, "words": words,
              "conflicts": best.conflicts, "extra": best.extra}
    shown = ", ".join(f"{x} = {y} ({lv})" for x, y, lv, _ in words) or "no word in common"
    detail = f"{level}: {shown}"
    if best.conflicts:
        detail += f"; {best.conflicts} word(s) differ"
    if best.extra:
        detail += f"; {best.extra} word(s) on one side only"
    return Feature(code, "name", weight, params, detail)


def _birth_code(a: tuple[int, int, int], b: tuple[int, int, int]) -> str:
    """The birth-date level of two (year, month, day) triples, precision-aware: a side that gives only the
    year (or year and month) is compared at that precision, so "1985" and "1985-03-02" agree."""
    ya, ma, da = a
    yb, mb, db = b
    if not ya or not yb:
        return "birth_date.missing"
    dy = abs(ya - yb)
    if da and db:  # both full dates
        if (ma, da) == (mb, db):
            if dy == 0:
                return "birth_date.same_day"
            if dy == 1:
                return "birth_date.year_off"
            return "birth_date.year_typo" if _one_digit_apart(ya, yb) else "birth_date.different"
        if dy == 0:
            if (ma, da) == (db, mb):
                return "birth_date.transposed"
            if ma == mb:
                return "birth_date.same_month"
            return "birth_date.month_off" if da == db else "birth_date.same_year"
    elif dy == 0:
        if ma and mb:
            return "birth_date.compatible_month" if ma == mb else "birth_date.same_year"
        return "birth_date.year_only"
    if dy == 1:
        return "birth_date.within_1_year"
    if dy == 2:
        return "birth_date.within_2_years"
    return "birth_date.different"


def _one_digit_apart(a: int, b: int) -> bool:
    """1912 and 1921 (two digits swapped), 1962 and 1982 (one digit wrong): a typing error, not an age."""
    x, y = f"{a:04d}", f"{b:04d}"
    diff = [i for i in range(4) if x[i] != y[i]]
    return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and x[diff[0]] == y[diff[1]]
                              and x[diff[1]] == y[diff[0]])


_BIRTH_TEXT = {
    "birth_date.missing": "not known on both sides",
    "birth_date.same_day": "same day {left}",
    "birth_date.year_off": "{left} vs {right}: same day and month, one year apart",
    "birth_date.transposed": "{left} vs {right}: day and month swapped",
    "birth_date.same_month": "{left} vs {right}: same month, another day",
    "birth_date.month_off": "{left} vs {right}: same year and day, another month",
    "birth_date.year_typo": "{left} vs {right}: same day and month, the year mistyped",
    "birth_date.same_year": "{left} vs {right}: same year only",
    "birth_date.compatible_month": "{left} vs {right}: same month, the day known on one side",
    "birth_date.year_only": "same year ({left} vs {right})",
    "birth_date.within_1_year": "{left} vs {right}: one year apart",
    "birth_date.within_2_years": "{left} vs {right}: two years apart",
    "birth_date.different": "{left} vs {right}",
}


def _birth_feature(a: tuple[int, int, int], b: tuple[int, int, int]) -> Feature:
    code = _birth_code(a, b)
    params = {"left": _fmt(a), "right": _fmt(b)}
    weight = 0.0 if code == "birth_date.missing" else WEIGHTS[code]
    return Feature(code, "birth_date", weight, params, _BIRTH_TEXT[code].format(**params))


def _fmt(parts: tuple[int, int, int]) -> str:
    y, m, d = parts
    return f"{y:04d}-{m:02d}-{d:02d}" if d else (f"{y:04d}-{m:02d}" if m else (f"{y:04d}" if y else ""))


def _father_match(a: Prepared, b: Prepared) -> NameMatch | None:
    if a.father is None or b.father is None:
        return None
    return _align(a.father, b.father)


def _father_code(match: NameMatch) -> str:
    return "father_name.same" if match.pairs and not match.conflicts else "father_name.different"


def _father_feature(a: Prepared, b: Prepared) -> Feature | None:
    match = _father_match(a, b)
    if match is None:
        return None
    code = _father_code(match)
    params = {"left": a.father.text, "right": b.father.text}
    if code == "father_name.same":
        params["level"] = LEVEL_NAMES[match.worst_level]
        return Feature(code, "father_name", WEIGHTS[code], params,
                       f"{params['left']} = {params['right']} ({params['level']})")
    return Feature(code, "father_name", WEIGHTS[code], params, f"{params['left']} vs {params['right']}")


def _identifier_features(a: Prepared, b: Prepared, features: list) -> None:
    shared = a.identifiers & b.identifiers
    if a.kind in IDENTIFIER_KINDS:
        if shared:
            ident = min(shared)
            features.append(Feature("identifier.same", "identifier", WEIGHTS["identifier.same_kind"],
                                    {"identifier": ident}, f"same {ident}"))
        elif a.identifiers and b.identifiers:
            features.append(Feature("identifier.different", "identifier", WEIGHTS["identifier.different"],
                                    {"left": min(a.identifiers), "right": min(b.identifiers)},
                                    "different identifiers"))
        return
    if shared:
        ident = sorted(shared)
        features.append(Feature("identifier.same", "identifier", WEIGHTS["identifier.same"],
                                {"identifiers": ident}, "shared " + ", ".join(ident[:3])))


def score_prepared(a: Prepared, b: Prepared) -> Scored:
    """Compare two prepared records; see the module docstring. The score is computed at once; the features
    (with their explanation texts) only when asked for, as a linker asks for few of them."""
    return Scored(_probability(_total(a, b)), make=lambda: _features(a, b), explain=lambda: _explanation(a, b))


def score_value(a: Prepared, b: Prepared) -> float:
    """`score_prepared(a, b).score`, without the Scored: a linker scores many pairs and keeps few."""
    return _probability(_total(a, b))


def _total(a: Prepared, b: Prepared) -> float:
    """PRIOR plus the features' weights, added in the order of `_features` (the same float to the last bit)."""
    total = PRIOR
    kind = a.kind
    if kind != b.kind:
        total += WEIGHTS["kind.different"]
    elif kind in IDENTIFIER_KINDS:
        if a.identifiers & b.identifiers:
            total += WEIGHTS["identifier.same_kind"]
        elif a.identifiers and b.identifiers:
            total += WEIGHTS["identifier.different"]
    else:
        if a.names and b.names:
            total += _name_weight(_best_name(a, b))
        if kind == "person":
            if a.father is not None and b.father is not None:
                total += WEIGHTS[_father_code(_align(a.father, b.father))]
            if a.birth[0] and b.birth[0]:
                total += _BIRTH_WEIGHT[_birth_code(a.birth, b.birth)]
            if a.nationality and b.nationality:
                total += _NATIONALITY_SAME if a.nationality == b.nationality else _NATIONALITY_DIFFERENT
            if a.gender and b.gender:
                total += _GENDER_SAME if a.gender == b.gender else _GENDER_DIFFERENT
        if a.identifiers and b.identifiers and a.identifiers & b.identifiers:
            total += WEIGHTS["identifier.same"]
    return total


_BIRTH_WEIGHT = {**WEIGHTS, "birth_date.missing": 0.0}
_NATIONALITY_SAME, _NATIONALITY_DIFFERENT = WEIGHTS["nationality.same"], WEIGHTS["nationality.different"]
_GENDER_SAME, _GENDER_DIFFERENT = WEIGHTS["gender.same"], WEIGHTS["gender.different"]


def _features(a: Prepared, b: Prepared) -> tuple[Feature, ...]:
    features: list[Feature] = []
    if a.kind != b.kind:
        features.append(Feature("kind.different", "kind", WEIGHTS["kind.different"],
                                {"left": a.kind, "right": b.kind}, f"{a.kind} vs {b.kind}"))
        return tuple(features)
    if a.kind not in IDENTIFIER_KINDS:
        features.append(_name_feature(a, b))
        if a.kind == "person":
            father = _father_feature(a, b)
            if father is not None:
                features.append(father)
            features.append(_birth_feature(a.birth, b.birth))
            if a.nationality and b.nationality:
                code = "nationality.same" if a.nationality == b.nationality else "nationality.different"
                features.append(Feature(code, "nationality", WEIGHTS[code],
                                        {"left": a.nationality, "right": b.nationality},
                                        a.nationality if a.nationality == b.nationality
                                        else f"{a.nationality} vs {b.nationality}"))
            if a.gender and b.gender:
                code = "gender.same" if a.gender == b.gender else "gender.different"
                features.append(Feature(code, "gender", WEIGHTS[code], {"left": a.gender, "right": b.gender},
                                        a.gender if a.gender == b.gender else f"{a.gender} vs {b.gender}"))
    _identifier_features(a, b, features)
    return tuple(features)


# --- the explanation, straight from the prepared records -----------------------------------------------------
# The same line as Scored.explanation() builds from `_features` (f"{label} {weight:+.1f} ({detail})" joined by
# "; "), without building the features: a linker explains every pair it writes (ten per left record), and the
# features' dicts and lists cost more than the text. The name part depends only on the best alignment of the
# two names, so it is kept on that NameMatch (which the alignment cache keeps too). Anything but two persons
# takes the features' way. bench/link_profile.py's fingerprint covers the explanations of a link run.

def _explanation(a: Prepared, b: Prepared) -> str:
    if a.kind != "person" or b.kind != "person":
        return _features_text(_features(a, b))
    parts = [_name_text(a, b)]
    if a.father is not None and b.father is not None:
        parts.append(_father_text(a, b))
    # birth date: _birth_feature's text, from a template per level with the weight written in
    parts.append(_BIRTH_PARTS[_birth_code(a.birth, b.birth)].format(_fmt_cached(a.birth), _fmt_cached(b.birth)))
    if a.nationality and b.nationality:
        if a.nationality == b.nationality:
            parts.append(f"{_NATIONALITY_SAME_TEXT}{a.nationality})")
        else:
            parts.append(f"{_NATIONALITY_DIFFERENT_TEXT}{a.nationality} vs {b.nationality})")
    if a.gender and b.gender:
        if a.gender == b.gender:
            parts.append(f"{_GENDER_SAME_TEXT}{a.gender})")
        else:
            parts.append(f"{_GENDER_DIFFERENT_TEXT}{a.gender} vs {b.gender})")
    if a.identifiers and b.identifiers:
        identifiers: list[Feature] = []
        _identifier_features(a, b, identifiers)
        if identifiers:
            parts.append(_features_text(identifiers))
    return "; ".join(parts)


_BIRTH_PARTS = {code: f"birth date {_BIRTH_WEIGHT[code]:+.1f} ("
                + text.replace("{left}", "{0}").replace("{right}", "{1}") + ")"
                for code, text in _BIRTH_TEXT.items()}
_NATIONALITY_SAME_TEXT = f"nationality {_NATIONALITY_SAME:+.1f} ("
_NATIONALITY_DIFFERENT_TEXT = f"nationality {_NATIONALITY_DIFFERENT:+.1f} ("
_GENDER_SAME_TEXT = f"gender {_GENDER_SAME:+.1f} ("
_GENDER_DIFFERENT_TEXT = f"gender {_GENDER_DIFFERENT:+.1f} ("
_FMT: dict[tuple[int, int, int], str] = {}  # birth (year, month, day) -> text; a few tens of thousands at most


def _fmt_cached(parts: tuple[int, int, int]) -> str:
    text = _FMT.get(parts)
    if text is None:
        text = _FMT[parts] = _fmt(parts)
    return text


_WEIGHT_TEXT: dict[float, str] = {}  # a name weight (rounded to 0.01, -12..16) -> "+12.3"


def _name_text(a: Prepared, b: Prepared) -> str:
    if not a.names or not b.names:
        return _features_text((_name_feature(a, b),))
    best = _best_name(a, b)
    text = best.text
    if text is None:
        # _name_feature_of(best)'s text, without the feature (most explained pairs of names are new)
        pairs = best.pairs
        weight = _name_weight(best)
        weight_text = _WEIGHT_TEXT.get(weight) if weight else None  # 0.0 and -0.0 are one key: not kept
        if weight_text is None:
            weight_text = f"{weight:+.1f}"
            if weight:
                _WEIGHT_TEXT[weight] = weight_text
        if pairs:
            shown = ", ".join([f"{p[0].raw} = {p[1].raw} ({LEVEL_NAMES[p[2]]})" for p in pairs])
            text = f"name {weight_text} ({LEVEL_NAMES[best.worst_level]}: {shown}"
        else:
            text = f"name {weight_text} (different: no word in common"
        if best.conflicts:
            text += f"; {best.conflicts} word(s) differ"
        if best.extra:
            text += f"; {best.extra} word(s) on one side only"
        text = best.text = text + ")"
    return text


def _father_text(a: Prepared, b: Prepared) -> str:
    match = _align(a.father, b.father)
    text = match.father_text
    if text is None:
        text = match.father_text = _features_text((_father_feature(a, b),))
    return text


def _features_text(features) -> str:
    """Scored.explanation() of these features."""
    return Scored(0.0, features).explanation()


def _probability(total: float) -> float:
    if total > 60:
        return 1.0
    if total < -60:
        return 0.0
    return 1.0 / (1.0 + 2.0 ** -total)


def score_pair(a: Record, b: Record) -> Scored:
    return score_prepared(prepare(a), prepare(b))


__all__ = ["ALGORITHM", "VERSION", "PRIOR", "WEIGHTS", "Prepared", "prepare", "score_prepared", "score_value",
           "score_pair", "candidate_keys"]
