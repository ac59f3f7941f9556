"""Lookup keys for place names written in Latin, Cyrillic or Arabic script. Pure Python, no Django.

Two keys per name:

* `fold(name)`: the same name in the same script, however it was typed. Case, Unicode form, diacritics,
  punctuation and spaces do not count ("Mazar-i-Sharif" = "Mazari Sharif" = "MAZARISHARIF"); Arabic-script
  letter variants that keyboards of the region mix up meet (Arabic and Persian yeh and kaf, teh marbuta and
  heh, hamza carriers, Urdu and Pashto letters, Arabic-Indic and Persian digits); the extra Cyrillic letters of
  Tajik, Kazakh, Kyrgyz and Uzbek fold to the Russian letter typed on a Russian keyboard instead (ҳ → х,
  ҷ → ч, қ → к, ...).
* `skeleton(name)`: a consonant skeleton in ASCII, so that one name written in different scripts meets:
  "Dushanbe", "Душанбе" and "دوشنبه" all give "dsnb". Arabic script writes no short vowels, so vowels are
  dropped everywhere; h, w/v and y are dropped too because Arabic script uses ه و ی as vowel letters and
  Russian writes both h and kh as х. The skeleton is deliberately lossy: it finds candidates, and the caller
  ranks them (by country and population).
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

# Longest name we bother folding: place names are short, and this bounds the work done on hostile input.
MAX_NAME_LENGTH = 200

_ARABIC_LETTERS = {
    # yeh: Arabic, alef maksura, Persian, Urdu yeh barree, Pashto yehs, yeh with hamza
    "ي": "ی", "ى": "ی", "ے": "ی", "ۓ": "ی", "ې": "ی", "ۍ": "ی", "ئ": "ی", "ێ": "ی",
    # kaf: Arabic kaf and Persian keheh; Pashto gaf
    "ك": "ک", "ڪ": "ک", "ګ": "گ",
    # heh: teh marbuta, Urdu heh goal and do-chashmi, ae, heh with yeh
    "ة": "ه", "ۃ": "ه", "ہ": "ه", "ھ": "ه", "ە": "ه", "ۀ": "ه",
    # alef with hamza or madda, alef wasla
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ۇ": "و", "ۆ": "و",
    # Urdu and Pashto retroflex and other letters, as Dari and Farsi keyboards write them
    "ٹ": "ت", "ټ": "ت", "ڈ": "د", "ډ": "د", "ڑ": "ر", "ړ": "ر", "ں": "ن", "ڼ": "ن",
    "ښ": "ش", "ږ": "ژ", "ځ": "ز", "څ": "س",
}
_DROPPED = {
    "\u0640",  # tatweel
    "\u200c", "\u200d", "\u200e", "\u200f",  # zero-width (non-)joiner, direction marks
    "\u02bb", "\u02bc", "\u02bf", "\u02be", "'", "`", "\u2018", "\u2019", "\u00b4",  # apostrophes and ayn signs
    "\u044c", "\u044a",  # Cyrillic soft and hard signs: transliterations mostly omit them
}
_CYRILLIC_LETTERS = {
    "ҳ": "х", "һ": "х", "ҷ": "ч", "ҹ": "ч", "ғ": "г", "ӯ": "у", "қ": "к", "ұ": "у", "ү": "у", "ө": "о",
    "ә": "а", "ң": "н", "і": "и", "ў": "у", "ё": "е", "й": "и", "ы": "и", "э": "е",
}
_LATIN_LETTERS = {"ı": "i", "ə": "a", "ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ł": "l", "ŋ": "ng"}


def _build_fold_table() -> dict[int, int | str | None]:
    """One translation table for every step after decomposition: combining marks (diacritics, Arabic short
    vowels, hamza and madda once NFKD has split them off) go, letter variants unify, digits become ASCII."""
    table: dict[int, int | str | None] = {}
    for code in range(0x10000):  # the Basic Multilingual Plane holds every script of the region
        char = chr(code)
        if unicodedata.combining(char):
            table[code] = None
        elif char.isdigit() and not char.isascii() and unicodedata.decimal(char, None) is not None:
            table[code] = str(unicodedata.decimal(char))
    for mapping in (_ARABIC_LETTERS, _CYRILLIC_LETTERS, _LATIN_LETTERS):
        table.update({ord(k): v for k, v in mapping.items()})
    table.update({ord(c): None for c in _DROPPED})
    return table


_FOLD_TABLE = _build_fold_table()

# Words that say what kind of place a name is rather than which. Only ever dropped from the edges of a query,
# and only as a second try (`fold_variants`), because some names begin with them (Shahr-e Kord, Shahrak).
GENERIC_WORDS = frozenset({
    "city", "town", "village", "district", "province", "region", "oblast", "bcp", "bcp.", "border", "crossing",
    "point", "checkpoint", "post", "port", "customs",
    "shahr", "shahri", "shaxri", "shahar", "shaxar", "qishloq", "kishlak", "ovul", "aul", "posyolok",
    "viloyat", "viloyati", "wilayat", "welayat", "velayat", "velayati", "ostan", "ustan", "woluswali",
    "wuluswali", "uluswali", "nohiya", "nohiyai", "rayon", "raion", "tumani", "tuman", "etrap", "audany",
    "oblysy", "oblusu",
    "город", "г", "гор", "пос", "поселок", "посёлок", "село", "с", "кишлак", "аул", "шахри", "шаҳри", "шаҳр",
    "шахр", "область", "обл", "вилоят", "вилояти", "район", "ноҳия", "нохия", "ноҳияи", "нохияи", "облысы",
    "облусу", "ауданы", "погранпереход", "кпп", "мапп", "пункт", "пропуска", "таможня", "граница",
    "شهر", "ولسوالی", "ولایت", "استان", "شهرستان", "ولسوالي", "ولايت", "ضلع", "صوبه", "بندر", "گمرک", "سرحد",
    "مرز", "بازارچه", "مرزی",
})


def _clip(name: str) -> str:
    if not isinstance(name, str):
        return ""
    return name[:MAX_NAME_LENGTH].replace("\x00", "")


_WORD = re.compile(r"[^\W_]+")


def tokens(name: str) -> list[str]:
    """The words of `name`, folded: letters and digits only, each word lower-case and unified."""
    # NFKD splits marks off their letters (ئ into ي + hamza, й into и + breve) so the table can drop them
    # and then unify what is left (ي into ی).
    text = unicodedata.normalize("NFKD", _clip(name).casefold()).translate(_FOLD_TABLE)
    return _WORD.findall(text)


def fold(name: str) -> str:
    """The lookup key of `name`: its folded words joined without spaces ("" for a name with no letters)."""
    return "".join(tokens(name))


def _trim(words: list[str], folded: list[str]) -> list[str]:
    """`words` without the generic words (judged on their folded form `folded`) at either end."""
    start, end = 0, len(words)
    while end - start > 1 and folded[start] in GENERIC_WORDS:
        start += 1
    while end - start > 1 and folded[end - 1] in GENERIC_WORDS:
        end -= 1
    # A Persian izafe ("-e", "-i") left dangling at the front by a dropped word goes too.
    while end - start > 1 and start > 0 and folded[start] in {"e", "i", "ye", "yi", "и", "е"}:
        start += 1
    return words[start:end]


def fold_variants(name: str) -> list[str]:
    """`fold(name)`, then the same without generic words at either end ("Kabul city", "шаҳри Душанбе")."""
    words = tokens(name)
    keys = ["".join(words), "".join(_trim(words, words))]
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]


# Letters that anyascii would transliterate in a way that hides what they sound like in names of the region.
_SKELETON_LETTERS = str.maketrans({
    "ҷ": "j", "ж": "j", "ژ": "j", "ج": "j", "ҳ": "h", "һ": "h", "қ": "k", "ғ": "g", "ң": "n", "ц": "s",
    "ذ": "z", "ظ": "z", "ض": "z", "ث": "s", "ص": "s", "ط": "t", "ق": "k", "ك": "k",
})
_DIGRAPHS = {"dzh": "j", "dj": "j", "zh": "j", "kh": "h", "x": "h", "gh": "g", "sh": "s", "ch": "c", "c": "s",
             "th": "t", "dh": "z", "ph": "f", "q": "k", "v": "w"}
_DIGRAPH = re.compile("|".join(sorted(_DIGRAPHS, key=len, reverse=True)))
# After the digraphs: vowels, the vowel letters h w y, and anything but ASCII letters and digits go.
_NOT_CONSONANT = re.compile(r"[^b-df-gj-np-tv-xz0-9]+")
_DOUBLE = re.compile(r"(.)\1+")


def _skeleton_words(name: str) -> list[str]:
    # Map the special letters before folding (fold turns ҷ into ч, which would become "c", not "j").
    return tokens(_clip(name).casefold().translate(_SKELETON_LETTERS))


def _skeleton_of_words(words: list[str]) -> str:
    text = anyascii("".join(words)).lower()
    text = _DIGRAPH.sub(lambda m: _DIGRAPHS[m.group(0)], text)
    text = _NOT_CONSONANT.sub("", text.replace("w", ""))
    return _DOUBLE.sub(r"\1", text)


def skeleton(name: str) -> str:
    """The consonant skeleton of `name` in ASCII ("" for a name with no consonants)."""
    return _skeleton_of_words(_skeleton_words(name))


def skeleton_variants(name: str) -> list[str]:
    """`skeleton(name)`, then the same without generic words at either end."""
    words, folded = _skeleton_words(name), tokens(name)
    if len(words) != len(folded):  # cannot happen with the tables above; stay safe
        folded = words
    keys = [_skeleton_of_words(words), _skeleton_of_words(_trim(words, folded))]
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]


def _build_script_table() -> dict[int, str | None]:
    """Every letter of the Basic Multilingual Plane to L (Latin), C (Cyrillic), A (Arabic) or O (other);
    everything else deleted. Counting letters of a translated name is then C-fast."""
    ranges = (("L", ((0x41, 0x5A), (0x61, 0x7A), (0xC0, 0x24F), (0x1E00, 0x1EFF))),
              ("C", ((0x400, 0x52F), (0x1C80, 0x1C8F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F))),
              ("A", ((0x600, 0x6FF), (0x750, 0x77F), (0x8A0, 0x8FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))))
    table: dict[int, str | None] = {}
    for code in range(0x10000):
        if chr(code).isalpha():
            table[code] = next((tag for tag, spans in ranges if any(a <= code <= b for a, b in spans)), "O")
        else:
            table[code] = None
    return table


_SCRIPT_TABLE = _build_script_table()
_SCRIPT_CODES = (("L", "Latn"), ("C", "Cyrl"), ("A", "Arab"))


def script_of(name: str) -> str:
    """The ISO 15924 code of the script most letters of `name` are in: Latn, Cyrl, Arab, or "" for others."""
    tags = _clip(name).translate(_SCRIPT_TABLE)
    if not tags:
        return ""
    count, code = max((tags.count(tag), code) for tag, code in _SCRIPT_CODES)
    return code if count and count >= len(tags) - count else ""
