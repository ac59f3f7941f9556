"""Country names as UNODC writes them, its regions, and the IDS ROUTING column.

UNODC data uses the United Nations (M49) English short names ("Iran (Islamic Republic of)", "Republic of
Moldova", "China, Hong Kong SAR") and two sentinels, "Unknown" and "Other". Here a country is its ISO 3166-1
alpha-2 code in upper case; the sentinels are UNKNOWN and OTHER, which are never ISO codes. pycountry gives the
long tail of ISO names and codes; the table below overrides it where the UN spelling differs.

Regions are those of the UNODC World Drug Report (REGION, SUBREGION), explained in docs/vocabulary.md.
"""

import re
from functools import lru_cache

import pycountry

from hamkari.incidents.vocab._text import MAX_INPUT, fold

UNKNOWN = "unknown"
OTHER = "other"

# Kosovo has no ISO 3166-1 code; "XK" is the user-assigned code the European Commission, the IMF and SWIFT use.
KOSOVO = "XK"

# ISO alpha-2 -> the UNODC (UN M49) spelling, where it differs from pycountry's `name`.
UNODC_NAMES: dict[str, str] = {
    "AX": "Åland Islands",
    "BO": "Bolivia (Plurinational State of)",
    "BQ": "Bonaire, Sint Eustatius and Saba",
    "BN": "Brunei Darussalam",
    "CC": "Cocos (Keeling) Islands",
    "CD": "Democratic Republic of the Congo",
    "CG": "Congo",
    "CI": "Côte d'Ivoire",
    "CV": "Cabo Verde",
    "CW": "Curaçao",
    "CZ": "Czechia",
    "FK": "Falkland Islands (Malvinas)",
    "FM": "Micronesia (Federated States of)",
    "GB": "United Kingdom of Great Britain and Northern Ireland",
    "HK": "China, Hong Kong SAR",
    "MO": "China, Macao SAR",
    "TW": "Taiwan Province of China",
    "IR": "Iran (Islamic Republic of)",
    "KP": "Democratic People's Republic of Korea",
    "KR": "Republic of Korea",
    "LA": "Lao People's Democratic Republic",
    "MD": "Republic of Moldova",
    "MK": "North Macedonia",
    "NL": "Netherlands",
    "PS": "State of Palestine",
    "RU": "Russian Federation",
    "SY": "Syrian Arab Republic",
    "TZ": "United Republic of Tanzania",
    "US": "United States of America",
    "VE": "Venezuela (Bolivarian Republic of)",
    "VN": "Viet Nam",
    "VA": "Holy See",
    "VG": "British Virgin Islands",
    "VI": "United States Virgin Islands",
    "TR": "Türkiye",
    "SZ": "Eswatini",
    "SH": "Saint Helena",
    "MF": "Saint Martin (French Part)",
    "SX": "Sint Maarten (Dutch part)",
    "BL": "Saint Barthélemy",
    "WF": "Wallis and Futuna Islands",
    "SJ": "Svalbard and Jan Mayen Islands",
    "HM": "Heard Island and McDonald Islands",
    "UM": "United States Minor Outlying Islands",
    "IO": "British Indian Ocean Territory",
    "TF": "French Southern Territories",
    "GS": "South Georgia and the South Sandwich Islands",
    "RE": "Réunion",
    "PN": "Pitcairn",
    "KN": "Saint Kitts and Nevis",
    "VC": "Saint Vincent and the Grenadines",
    "LC": "Saint Lucia",
    "PM": "Saint Pierre and Miquelon",
    KOSOVO: "Kosovo under UNSCR 1244",
}

# More spellings met in files: former UN names, common English names, UNODC variants over the years.
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "AF": ("Afghanistan, Islamic Republic of", "Islamic Emirate of Afghanistan"),
    "BA": ("Bosnia", "Bosnia-Herzegovina"),
    "BN": ("Brunei",),
    "BO": ("Bolivia",),
    "BS": ("The Bahamas", "Bahamas, The"),
    "CD": ("DR Congo", "DRC", "Congo (Democratic Republic of the)", "Congo, Democratic Republic of the",
           "Congo, the Democratic Republic of the", "Democratic Republic of Congo", "Congo-Kinshasa",
           "Congo (Kinshasa)", "Congo, Dem. Rep.", "Zaire"),
    "CG": ("Republic of the Congo", "Congo-Brazzaville", "Congo (Brazzaville)", "Congo, Republic of the",
           "Congo (Republic of)", "Congo, Rep."),
    "CI": ("Ivory Coast", "Cote d'Ivoire"),
    "CV": ("Cape Verde",),
    "CZ": ("Czech Republic",),
    "FM": ("Micronesia",),
    "GB": ("United Kingdom", "UK", "U.K.", "Great Britain", "Britain", "United Kingdom (UK)"),
    "GM": ("The Gambia", "Gambia, The"),
    "HK": ("Hong Kong", "Hong Kong SAR", "China, Hong Kong Special Administrative Region",
           "Hong Kong, China", "Hong Kong SAR of China", "Hong Kong (China)", "Hong Kong, SAR of China"),
    "MO": ("Macao", "Macau", "Macao SAR", "China, Macao Special Administrative Region", "Macao, China",
           "Macau SAR", "Macau, SAR of China", "Macao, SAR of China", "China, Macau SAR"),
    "TW": ("Taiwan", "China, Taiwan Province of China", "Taiwan, Province of China", "Taiwan Province of China"),
    "IR": ("Iran", "Islamic Republic of Iran", "Iran, Islamic Rep.", "Iran (Islamic Rep. of)"),
    "IQ": ("Iraq (Kurdistan Region)",),
    "EG": ("Egypt, Arab Rep.",),
    "YE": ("Yemen, Rep.",),
    "KG": ("Kyrgyz Republic", "Kirghizia", "Kirgizstan", "Kirghizstan"),
    "KP": ("North Korea", "Korea, DPR", "DPRK", "Korea (Democratic People's Republic of)", "Korea (North)",
           "Korea, Dem. People's Rep."),
    "KR": ("South Korea", "Korea", "Korea, Rep.", "Korea (Republic of)", "Korea (South)"),
    "LA": ("Laos", "Lao PDR"),
    "MD": ("Moldova", "Moldova, Republic of"),
    "MK": ("Macedonia", "The former Yugoslav Republic of Macedonia", "Former Yugoslav Republic of Macedonia",
           "FYROM", "Republic of North Macedonia"),
    "MM": ("Burma",),
    "NL": ("Netherlands (Kingdom of the)", "The Netherlands", "Holland"),
    "PS": ("Palestine", "Occupied Palestinian Territory", "Palestinian Territories", "Palestine, State of"),
    "RU": ("Russia",),
    "SY": ("Syria",),
    "SZ": ("Swaziland",),
    "TL": ("East Timor",),
    "TR": ("Turkey", "Turkiye", "Republic of Türkiye"),
    "TZ": ("Tanzania", "Tanzania, United Republic of"),
    "US": ("United States", "USA", "U.S.A.", "US", "America"),
    "VA": ("Vatican", "Vatican City", "Holy See (Vatican City State)"),
    "VE": ("Venezuela",),
    "VN": ("Vietnam",),
    "VG": ("Virgin Islands (British)",),
    "VI": ("Virgin Islands (U.S.)", "US Virgin Islands"),
    "AE": ("UAE", "Emirates"),
    "SA": ("KSA",),
    "CN": ("People's Republic of China", "China (mainland)", "Mainland China"),
    "CF": ("CAR",),
    "SK": ("Slovak Republic",),
    "SH": ("Saint Helena, Ascension and Tristan da Cunha",),
    "MF": ("Saint Martin",),
    "SX": ("Sint Maarten",),
    "LY": ("Libyan Arab Jamahiriya", "Libya, State of"),
    "LC": ("Saint Lucia",),
    KOSOVO: ("Kosovo", "Kosovo under UNSC res. 1244", "Kosovo (under UNSCR 1244)", "Kosovo*",
             "Kosovo (UNSCR 1244)", "Kosovo under UNSCR 1244/99"),
}

UNKNOWN_WORDS = ("unknown", "not known", "not specified", "unspecified", "n/a", "n.a.", "na/na", "-", "--", "—",
                 "–", "?", "none", "nil", "not available", "not applicable", "undetermined", "not identified",
                 "unidentified", "неизвестно", "не установлено", "نامعلوم", "نامشخص")
OTHER_WORDS = ("other", "others", "various", "several", "multiple", "various countries", "other countries",
               "multiple countries", "другие", "разные", "سایر", "دیگر", "مختلف")

# REGION and SUBREGION as UNODC's individual drug seizure files write them (the regional groupings of the
# World Drug Report of the same years): subregion -> (region, ISO codes). Territories follow the subregion
# they lie in. docs/vocabulary.md gives the modern World Drug Report name of each subregion.
_SUBREGIONS: dict[str, tuple[str, str]] = {
    "East Africa": ("Africa", "BI KM DJ ER ET KE MG MU YT RE RW SC SO SS UG TZ"),
    "North Africa": ("Africa", "DZ EG LY MA SD TN EH"),
    "Southern Africa": ("Africa", "AO BW SZ LS MW MZ NA ZA ZM ZW"),
    "West and Central Africa": ("Africa", "BJ BF CV CM CF TD CG CI CD GQ GA GM GH GN GW LR ML MR NE NG ST SN SL "
                                          "TG SH"),
    "Caribbean": ("Americas", "AI AG AW BS BB BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF VC SX TT TC "
                              "VI"),
    "Central America": ("Americas", "BZ CR SV GT HN NI PA"),
    "North America": ("Americas", "CA MX US BM GL PM"),
    "South America": ("Americas", "AR BO BR CL CO EC FK GF GY PY PE SR UY VE GS BV"),
    "Central Asia and Transcaucasian countries": ("Asia", "AM AZ GE KZ KG TJ TM UZ"),
    "East and South-East Asia": ("Asia", "BN KH CN HK MO TW KP ID JP LA MY MN MM PH KR SG TH TL VN"),
    "Near and Middle East /South-West Asia": ("Asia", "AF IR PK BH IQ IL JO KW LB OM QA SA PS SY AE YE"),
    "South Asia": ("Asia", "BD BT IN MV NP LK IO"),
    "East Europe": ("Europe", "BY MD RU UA"),
    "Southeast Europe": ("Europe", "AL BA BG HR ME MK RO RS TR XK"),
    "West & Central Europe": ("Europe", "AD AT BE CY CZ DK EE FI FR DE GR HU IS IE IT LV LI LT LU MT MC NL NO PL "
                                        "PT SM SK SI ES SE CH GB VA AX FO GI GG IM JE SJ"),
    "Oceania": ("Oceania", "AU NZ NF CX CC FJ NC PG SB VU GU KI MH FM NR MP PW UM AS CK PF NU PN WS TK TO TV WF "
                           "AQ TF HM"),
}

# The World Drug Report's current name for each IDS subregion (for the documentation and for reading files
# that use the newer names).
MODERN_SUBREGIONS: dict[str, tuple[str, ...]] = {
    "Central Asia and Transcaucasian countries": ("Central Asia and Transcaucasia",),
    "Near and Middle East /South-West Asia": ("Near and Middle East", "South-West Asia"),
    "East Europe": ("Eastern Europe",),
    "Southeast Europe": ("South-Eastern Europe",),
    "West & Central Europe": ("Western and Central Europe",),
    "Oceania": ("Australia and New Zealand", "Melanesia", "Micronesia", "Polynesia"),
}


@lru_cache(maxsize=1)
def _regions() -> dict[str, tuple[str, str]]:
    table = {}
    for subregion, (region, codes) in _SUBREGIONS.items():
        for code in codes.split():
            table[code] = (region, subregion)
    return table


@lru_cache(maxsize=1)
def all_codes() -> tuple[str, ...]:
    """Every ISO 3166-1 alpha-2 code pycountry knows, plus Kosovo."""
    return tuple(sorted({c.alpha_2 for c in pycountry.countries} | {KOSOVO}))


def _light(text: str) -> str:
    """Case-folded with spaces collapsed but punctuation kept: "n/a" must not become "na" (Namibia)."""
    return " ".join(text.casefold().split())


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    """Folded name -> code, for every spelling. The UNODC names win over pycountry's on a clash."""
    index: dict[str, str] = {}

    def add(name, code, overwrite=False):
        key = fold(name)
        if key and (overwrite or key not in index):
            index[key] = code

    for c in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(c, attr, None)
            if value:
                add(value, c.alpha_2)
        add(c.alpha_3, c.alpha_2)
    for code, names in EXTRA_NAMES.items():
        for name in names:
            add(name, code, overwrite=True)
    for code, name in UNODC_NAMES.items():
        add(name, code, overwrite=True)
    return index


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SAINT = re.compile(r"^\s*St[.]?\s+", re.IGNORECASE)
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# Bare names that belong to one country while a bracketed qualifier can make them another.
_AMBIGUOUS_BASES = frozenset({"congo", "korea", "china", "guinea", "sudan", "virginislands", "samoa", "timor",
                              "macedonia", "moldova", "micronesia"})


def parse_country(text: str) -> str | None:
    """ISO alpha-2, UNKNOWN or OTHER for a country written as UNODC, ISO (alpha-2/3) or in common English.

    None when the text is not a string, is absurdly long or names no country.
    """
    if not isinstance(text, str) or len(text) > MAX_INPUT:
        return None
    return _parse_country(text)


@lru_cache(maxsize=65536)
def _parse_country(text: str) -> str | None:
    # Cached: an IDS file names the same few dozen countries in every row and column.
    if _CONTROL.search(text):
        return None
    light = _light(text)
    if not light or light in UNKNOWN_WORDS:
        return UNKNOWN
    if light in OTHER_WORDS:
        return OTHER
    stripped = text.strip()
    # A two-letter ISO code, in either case ("AF", "af"); only letters, so "n/a" never reads as Namibia.
    if re.fullmatch(r"[A-Za-z]{2}", stripped):
        code = stripped.upper()
        if code in _code_set():
            return code
        return None
    if not any(ch.isalnum() for ch in text):
        return UNKNOWN  # "-", "--", "?", "..." and the like: nothing was written
    # "St. Lucia", "St Kitts and Nevis": UNODC's older files abbreviate Saint.
    text = _SAINT.sub("Saint ", text)
    index = _index()
    code = index.get(fold(text))
    if code is None:
        # A qualifier in brackets after a name ("Iraq (Kurdistan Region)", "Kosovo (UNSCR 1244)"). Not for
        # names whose bare form is another country ("Congo (Kinshasa)" is not "Congo").
        base = _BRACKETS.sub(" ", text)
        base_key = fold(base)
        if base_key and base_key != fold(text) and base_key not in _AMBIGUOUS_BASES:
            code = index.get(base_key)
    return code


@lru_cache(maxsize=1)
def _code_set() -> frozenset[str]:
    return frozenset(all_codes())


def unodc_name(code: str) -> str:
    """The UNODC spelling for an ISO alpha-2 code, "Unknown" / "Other" for the sentinels. ValueError otherwise."""
    if code == UNKNOWN:
        return "Unknown"
    if code == OTHER:
        return "Other"
    if not isinstance(code, str) or code not in _code_set():
        raise ValueError(f"not a country code: {code!r}")
    if code in UNODC_NAMES:
        return UNODC_NAMES[code]
    return pycountry.countries.get(alpha_2=code).name


def region_of(code: str) -> tuple[str, str]:
    """(REGION, SUBREGION) as UNODC's IDS files write them; ("", "") for the sentinels.

    ValueError for anything that is not a known code.
    """
    if code in (UNKNOWN, OTHER):
        return ("", "")
    if not isinstance(code, str) or code not in _code_set():
        raise ValueError(f"not a country code: {code!r}")
    return _regions()[code]


# ROUTING separators. A hyphen separates only where it could not be part of a name ("Guinea-Bissau",
# "Timor-Leste"), which the longest-match below sorts out; arrows of every kind separate.
_SEPARATORS = re.compile(r"\s*(?:->|=>|-->|→|⇒|➔|>|;|,|/|\||–|—|-|\n)\s*")
_MAX_PIECES_PER_NAME = 6  # "Congo, the Democratic Republic of the" splits into 2; nothing needs more than 6
_CODE_LIKE = re.compile(r"[A-Za-z]{2,3}")
MAX_ROUTING = 20_000  # every country of the world, named in full, fits
# Written between names; an arrow reads as a route and never occurs inside a UNODC country name.
ROUTING_SEPARATOR = " > "


def parse_routing(text: str) -> list[str]:
    """The ordered country codes of an IDS ROUTING cell. ValueError names the first part no country matches.

    Names containing a separator ("China, Hong Kong SAR", "Guinea-Bissau", "Korea, Republic of") are found by
    trying the longest run of pieces first. Empty text gives [].
    """
    if text is None:
        return []
    if not isinstance(text, str):
        raise ValueError("routing must be text")
    if len(text) > MAX_ROUTING:
        raise ValueError("routing is too long")
    if _CONTROL.search(text):
        raise ValueError("routing contains control characters")
    return list(_parse_routing(text))


@lru_cache(maxsize=16384)
def _parse_routing(text: str) -> tuple[str, ...]:
    # Pieces with their positions, so a run of pieces is re-read from the original text, separators included.
    pieces = []
    pos = 0
    for m in _SEPARATORS.finditer(text):
        if m.start() > pos:
            pieces.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        pieces.append((pos, len(text)))
    pieces = [(a, b) for a, b in pieces if text[a:b].strip()]
    codes: list[str] = []
    i = 0
    while i < len(pieces):
        for j in range(min(len(pieces), i + _MAX_PIECES_PER_NAME) - 1, i - 1, -1):
            if j > i and all(_CODE_LIKE.fullmatch(text[a:b].strip()) for a, b in pieces[i:j + 1]):
                continue  # codes are never glued together: "CH-AD" is Switzerland and Andorra, not Chad
            candidate = text[pieces[i][0]:pieces[j][1]]
            code = parse_country(candidate)
            if code is not None:
                codes.append(code)
                i = j + 1
                break
        else:
            raise ValueError(f"unrecognised country in routing: {text[pieces[i][0]:pieces[i][1]]!r}")
    return tuple(codes)


def format_routing(codes: list[str]) -> str:
    """The ROUTING cell for ordered codes: UNODC names joined by ROUTING_SEPARATOR; parse_routing reads it back.

    ValueError for anything that is not a country code or sentinel.
    """
    if isinstance(codes, str):
        raise ValueError("codes must be a list of country codes, not a string")
    return ROUTING_SEPARATOR.join(unodc_name(code) for code in codes)
