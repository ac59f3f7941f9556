"""The free-text IDS columns TRANSPORT, HIDING_PLACE and INSTALLATION, and the incident model's choices.

UNODC's individual drug seizure files write these columns in free text ("Private vehicle", "Body cavity",
"Border crossing") or, in newer files, as categories ("Truck/lorry/van", "Seaport/Riverport station/Harbour").
Reading maps them onto the string codes of TransportMode, Concealment and LocationType in incidents/models.py
(repeated here as plain strings: no Django import); writing gives a canonical IDS text for a code. The importer
keeps the original text, so an IDS round trip never depends on these canonical texts.

Matching is on whole words after normalisation, and the longest phrase found wins: "air cargo" is air
transport, while "cargo" alone is no mode of transport at all; "border post" is a border crossing although
"post" alone would be postal.
"""

import re
import unicodedata
from functools import lru_cache

from hamkari.incidents.vocab._text import MAX_INPUT

TRANSPORT_CODES = ("road", "rail", "air", "sea", "post", "pedestrian", "animal", "other", "unknown")
CONCEALMENT_CODES = ("body", "luggage", "vehicle", "cargo", "parcel", "premises", "none", "other", "unknown")
LOCATION_CODES = ("border_crossing", "airport", "seaport", "postal", "road", "rail", "inland", "maritime",
                  "unknown")

# Texts that say nothing is known; they read as "unknown" in every column.
_EMPTY = {"", "unknown", "not known", "not specified", "unspecified", "n a", "na", "nil", "not available",
          "not applicable", "undetermined", "data not available", "no information", "неизвестно",
          "не установлено", "نامعلوم", "نامشخص"}


def _words(text) -> str:
    """Lower case, every run of non-letters one space: "Private-vehicle (car)" -> "private vehicle car"."""
    if not isinstance(text, str) or len(text) > MAX_INPUT:
        return ""
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def _rules(*groups: tuple[str, tuple[str, ...]]) -> dict[tuple[str, ...], tuple[int, str]]:
    """Normalised phrase (as a tuple of words) -> (rule order, code). The first rule to claim a phrase keeps it."""
    out: dict[tuple[str, ...], tuple[int, str]] = {}
    for code, phrases in groups:
        for phrase in phrases:
            out.setdefault(tuple(_words(phrase).split()), (len(out), code))
    return out


_TRANSPORT = _rules(
    ("post", ("mail", "postal", "post", "courier", "express mail", "express parcel", "parcel", "parcels",
              "postal mail express parcel", "ems", "dhl", "fedex", "ups", "tnt", "почта", "почтовое отправление",
              "курьер", "پست", "ڈاک")),
    ("air", ("air", "aircraft", "airplane", "aeroplane", "plane", "flight", "airline", "air cargo", "air freight",
             "air passenger", "commercial flight", "private aircraft", "helicopter", "drone", "uav", "airport",
             "воздушный", "авиа", "самолет", "هوایی", "ہوائی")),
    ("sea", ("sea", "maritime", "vessel", "ship", "boat", "vessel boat", "dhow", "container ship", "sea cargo",
             "sea freight", "ferry", "yacht", "fishing boat", "speedboat", "go fast", "semi submersible", "river",
             "barge", "морской", "речной", "судно", "лодка", "دریایی", "قایق", "لنج", "کشتی")),
    ("rail", ("rail", "railway", "railroad", "train", "train bus", "wagon", "freight train", "passenger train",
              "железная дорога", "железнодорожный", "поезд", "вагон", "ریلی", "قطار", "ٹرین")),
    ("pedestrian", ("pedestrian", "on foot", "foot", "walking", "backpacker", "пешком", "пеший", "пешеход",
                    "پیاده")),
    ("animal", ("animal", "pack animal", "donkey", "horse", "camel", "mule", "livestock", "животное", "ишак",
                "осел", "лошадь", "верблюд", "الاغ", "اسب", "شتر")),
    ("road", ("road", "road vehicle", "vehicle", "private vehicle", "commercial vehicle", "car", "truck", "lorry",
              "bus", "coach", "van", "minibus", "taxi", "motorcycle", "motorbike", "bicycle", "trailer", "tanker",
              "pickup", "pick up", "suv", "jeep", "automobile", "car motorcycle", "truck lorry van", "land",
              "автомобиль", "автотранспорт", "грузовик", "фура", "автобус", "такси", "машина", "мотоцикл",
              "زمینی", "خودرو", "ماشین", "کامیون", "اتوبوس", "تاکسی", "موتر", "ٹرک", "گاڑی")),
)

_CONCEALMENT = _rules(
    ("none", ("not concealed", "no concealment", "none", "open", "openly", "visible", "unconcealed",
              "без сокрытия", "не скрыто", "بدون اختفا")),
    ("parcel", ("parcel", "parcels", "mail", "mail item", "postal", "postal item", "letter", "envelope", "package",
                "courier", "express parcel", "посылка", "бандероль", "письмо", "بسته پستی", "پارسل")),
    ("body", ("body", "on body", "body cavity", "internal", "internally", "swallowed", "ingested", "stomach",
              "rectum", "vagina", "body pack", "body packing", "bodypack", "strapped to body", "clothing",
              "clothes", "clothes worn", "shoes", "underwear", "pocket", "pockets", "on person", "person", "worn",
              "в теле", "внутриполостно", "проглотил", "одежда", "на теле", "обувь", "карман", "بدن", "معده",
              "لباس", "کفش", "جیب")),
    ("luggage", ("luggage", "baggage", "suitcase", "bag", "bags", "hand luggage", "checked baggage",
                 "checked luggage", "backpack", "handbag", "travel bag", "false bottom", "багаж", "чемодан",
                 "сумка", "рюкзак", "ручная кладь", "چمدان", "کیف", "ساک")),
    ("cargo", ("cargo", "freight", "container", "shipment", "consignment", "goods", "merchandise", "pallet",
               "pallets", "load", "груз", "контейнер", "товар", "محموله", "بار", "کانتینر")),
    ("vehicle", ("vehicle", "car", "truck", "lorry", "bus", "hidden compartment", "compartment", "fuel tank",
                 "tank", "spare tyre", "spare tire", "tyre", "tire", "dashboard", "door panel", "doors", "roof",
                 "chassis", "engine", "bumper", "seat", "seats", "trunk", "boot", "trailer", "cabin", "vessel",
                 "boat", "aircraft", "тайник в автомобиле", "автомобиль", "бензобак", "бак", "колесо", "машина",
                 "خودرو", "ماشین", "باک", "جاساز", "تایر")),
    ("premises", ("premises", "house", "home", "residence", "dwelling", "apartment", "flat", "warehouse",
                  "storage", "store", "shop", "garage", "farm", "field", "buried", "ground", "cave", "stash",
                  "depot", "laboratory", "lab", "office", "дом", "квартира", "склад", "гараж", "закопан", "خانه",
                  "منزل", "انبار", "مغازه", "دفن")),
)

_LOCATION = _rules(
    ("airport", ("airport", "aerodrome", "airfield", "air terminal", "international airport", "аэропорт",
                 "فرودگاه", "میدان هوایی", "ہوائی اڈہ", "ائیرپورٹ")),
    ("seaport", ("seaport", "sea port", "port", "harbour", "harbor", "dock", "docks", "container terminal",
                 "river port", "riverport", "seaport riverport station harbour", "морской порт", "порт", "بندر",
                 "اسکله")),
    ("border_crossing", ("border crossing", "border crossing point", "border", "land border", "border checkpoint",
                         "border post", "customs", "customs post", "customs checkpoint", "bcp", "frontier",
                         "port of entry", "land port", "граница", "пограничный", "пункт пропуска", "таможня",
                         "таможенный пост", "مرز", "گمرک", "سرحد", "بارڈر")),
    ("postal", ("post office", "postal", "mail centre", "mail center", "mail", "courier", "courier company",
                "express mail", "sorting centre", "sorting center", "почта", "почтовое отделение", "اداره پست",
                "ڈاک خانہ")),
    ("maritime", ("at sea", "maritime", "high seas", "territorial waters", "international waters", "sea",
                  "open sea", "offshore", "vessel", "ship", "boat", "в море", "دریا")),
    ("rail", ("railway", "railway station", "train station", "train", "rail", "railroad", "вокзал",
              "железная дорога", "поезд", "ایستگاه قطار", "راه آهن", "ریلوے")),
    ("road", ("road", "street", "highway", "road street highway", "motorway", "road checkpoint", "checkpoint",
              "check point", "police checkpoint", "roadblock", "road block", "bus station", "bus terminal",
              "petrol station", "gas station", "parking", "car park", "дорога", "трасса", "шоссе", "улица",
              "блокпост", "пост дпс", "автовокзал", "جاده", "خیابان", "ایست بازرسی", "سڑک", "چیک پوسٹ")),
    ("inland", ("inland", "inland premises", "residence", "house", "home", "dwelling", "private dwelling",
                "apartment", "flat", "premises", "warehouse", "shop", "store", "market", "hotel", "prison",
                "office", "factory", "laboratory", "lab", "farm", "field", "garage", "storage", "restaurant",
                "school", "university", "club", "city", "village", "commercial premises", "дом", "квартира",
                "склад", "магазин", "рынок", "гостиница", "тюрьма", "خانه", "منزل", "انبار", "مغازه", "بازار",
                "هتل", "زندان", "گھر")),
)

_RULESETS = {"transport": _TRANSPORT, "concealment": _CONCEALMENT, "location": _LOCATION}
# Words in the longest phrase: no longer run of words can match.
_LONGEST = max(len(phrase) for rules in _RULESETS.values() for phrase in rules)


@lru_cache(maxsize=16384)
def _match_words(words: str, ruleset: str, fallback: str) -> str:
    """The code of the longest phrase in `words` (most words wins, a tie goes to the earlier rule).

    Every run of up to _LONGEST consecutive words is looked up, so the cost follows the length of the text, not
    the number of phrases. Cached: an import repeats the same few values many thousand times.
    """
    if words in _EMPTY:
        return "unknown"
    rules = _RULESETS[ruleset]
    tokens = words.split()
    best: tuple[int, int, str] | None = None  # (-length, order, code): the smallest wins
    for start in range(len(tokens)):
        for length in range(1, min(_LONGEST, len(tokens) - start) + 1):
            found = rules.get(tuple(tokens[start:start + length]))
            if found is not None:
                candidate = (-length, found[0], found[1])
                if best is None or candidate < best:
                    best = candidate
    return best[2] if best else fallback


def _match(text, ruleset: str, fallback: str) -> str:
    if text is None:
        return "unknown"
    if not isinstance(text, str) or len(text) > MAX_INPUT:
        return fallback
    return _match_words(_words(text), ruleset, fallback)


_TRANSPORT_IDS = {
    "road": "Road vehicle", "rail": "Train", "air": "Airplane", "sea": "Vessel/boat",
    "post": "Postal/Mail/Express Parcel", "pedestrian": "Pedestrian", "animal": "Pack animal", "other": "Other",
    "unknown": "",
}
_CONCEALMENT_IDS = {
    "body": "Body", "luggage": "Luggage", "vehicle": "Vehicle", "cargo": "Cargo", "parcel": "Parcel",
    "premises": "Premises", "none": "Not concealed", "other": "Other", "unknown": "",
}
_INSTALLATION_IDS = {
    "border_crossing": "Border crossing point", "airport": "Airport",
    "seaport": "Seaport/Riverport station/Harbour", "postal": "Post Office", "road": "Road/ Street/highway",
    "rail": "Railway station", "inland": "Inland premises", "maritime": "At sea", "unknown": "",
}


def transport_from_ids(text: str) -> str:
    """A TransportMode code for an IDS TRANSPORT text: "unknown" when empty, "other" when unrecognised."""
    return _match(text, "transport", "other")


def concealment_from_ids(text: str) -> str:
    """A Concealment code for an IDS HIDING_PLACE text: "unknown" when empty, "other" when unrecognised."""
    return _match(text, "concealment", "other")


def location_type_from_ids(installation_text: str) -> str:
    """A LocationType code for an IDS INSTALLATION text: "unknown" when empty or unrecognised.

    LocationType has no "other"; the importer keeps the original text, so nothing is lost.
    """
    return _match(installation_text, "location", "unknown")


def _reverse(table: dict[str, str], code: str, kind: str) -> str:
    if not isinstance(code, str) or code not in table:
        raise ValueError(f"not a {kind} code: {code!r}")
    return table[code]


def ids_transport(code: str) -> str:
    """The canonical IDS TRANSPORT text for a TransportMode code ("" for unknown). ValueError otherwise."""
    return _reverse(_TRANSPORT_IDS, code, "transport")


def ids_concealment(code: str) -> str:
    """The canonical IDS HIDING_PLACE text for a Concealment code ("" for unknown). ValueError otherwise."""
    return _reverse(_CONCEALMENT_IDS, code, "concealment")


def ids_installation(code: str) -> str:
    """The canonical IDS INSTALLATION text for a LocationType code ("" for unknown). ValueError otherwise."""
    return _reverse(_INSTALLATION_IDS, code, "location type")
