"""One name token in three spellings that meet across scripts. Pure Python, no Django.

A token ("Мухаммаджон", "Muhammadjon", "محمدجان") becomes:

* `latin`: a plain ASCII romanization, made by this project's own tables (Cyrillic with the Tajik, Kazakh,
  Kyrgyz and Uzbek letters; Arabic script after `hamkari.places.folding` has unified its letter variants).
* `phon`: a phonetic form in which the spellings of the region meet: kh/x/h, q/k, gh/g, j/dj/dzh/zh, w/v,
  ee/i, oo/ou/u, y/i, double letters, a final h after a vowel, and the regional name variants
  (Mohammad/Muhammad/Mukhammad/Magomed, Ahmad/Akhmad/Ahmet, Yusuf/Yusup/Jusup, -ullah/-ulla/-ullo,
  -zoda/-zada/-zadeh, -jon/-jan, Abdul/Abd al-/Abdel/Abdur).
* `root`: `phon` without a family-name ending (-ov/-ova/-ev/-eva/-ow, -zada, the Afghan and Iranian -i), so
  that Rahimov, Rahimova, Rahimzoda and Rahimi meet.
* `skel`: the consonant skeleton of `root` (vowels and the vowel letters y, w/v and a final h dropped), because
  Arabic script writes no short vowels: "Rahimi", "Рахимов" and "رحیمی" all give "rhm".
* `aview`: how the token looks with only the vowels Arabic script writes: an initial vowel dropped, o read
  as u and e as i. Compared with an Arabic-script token's own letters, it tells "Hamid" from "Ahmad" although
  both have the skeleton "hmd".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from anyascii import anyascii

from hamkari.places.folding import tokens as fold_tokens

# Letters to rewrite before folding: folding turns Tajik ҷ into ч (as a Russian keyboard types it), but in
# names ҷ is j; Turkmen, Azerbaijani and Central European letters whose diacritic changes the sound (ş = sh)
# would lose it to NFKD.
_PRE = str.maketrans({
    "ҷ": "ж", "ҹ": "ж", "ş": "sh", "ș": "sh", "ç": "ch", "ž": "zh", "š": "sh", "č": "ch", "ğ": "gh", "ñ": "n",
    "ň": "n", "ý": "y", "ı": "i", "ə": "a", "ä": "a", "ö": "o", "ü": "u", "ł": "l", "đ": "dj", "ć": "ch",
    "ś": "s", "ź": "z", "ż": "zh", "ř": "rzh", "ø": "o", "å": "a", "æ": "ae", "œ": "oe", "ß": "ss",
})

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "j", "з": "z", "и": "i", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f",
    "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ю": "yu", "я": "ya", "є": "ye", "ї": "yi",
    "ґ": "g", "ј": "j", "џ": "j", "ћ": "ch", "ђ": "j", "љ": "l", "њ": "n", "ѕ": "z",
    # after folding, й ы э ё are и и е е and ь ъ are gone; these never reach us, but keep the table whole
    "й": "y", "ы": "y", "э": "e", "ё": "yo",
}
# Arabic script after folding: ي ى ے are ی, ك is ک, ة is ه, أ إ آ are ا, Pashto and Urdu letters are their
# Dari neighbours. The vowel letters ا و ی are written a, u, i here; ع and ء are silent in Latin spellings.
_ARABIC = {
    "ا": "a", "ب": "b", "پ": "p", "ت": "t", "ث": "s", "ج": "j", "چ": "ch", "ح": "h", "خ": "kh", "د": "d",
    "ذ": "z", "ر": "r", "ز": "z", "ژ": "zh", "س": "s", "ش": "sh", "ص": "s", "ض": "z", "ط": "t", "ظ": "z",
    "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ک": "k", "گ": "g", "ل": "l", "م": "m", "ن": "n", "و": "u",
    "ه": "h", "ی": "i", "ء": "", "ڤ": "v", "ٹ": "t", "ڈ": "d", "ڑ": "r",
}
_ROMAN = str.maketrans({**_CYRILLIC, **_ARABIC})

# Longest token worked on (after folding); longer ones are clipped, which bounds the work on hostile input.
MAX_TOKEN_CHARS = 40


def script_of_token(token: str) -> str:
    """L (Latin or digits), C (Cyrillic) or A (Arabic script), from the token's letters (majority)."""
    if token.isascii():
        return "L"
    counts = {"L": 0, "C": 0, "A": 0}
    for ch in token:
        code = ord(ch)
        if 0x400 <= code <= 0x52F:
            counts["C"] += 1
        elif 0x600 <= code <= 0x6FF or 0x750 <= code <= 0x77F or 0xFB50 <= code <= 0xFEFF:
            counts["A"] += 1
        else:
            counts["L"] += 1
    return max(counts, key=counts.get)


def split_words(text: str) -> list[str]:
    """The folded words of a (clipped) name, with the pre-folding letter rewrites applied."""
    return fold_tokens(unicodedata.normalize("NFC", text.casefold()).translate(_PRE))


def romanize(word: str, script: str) -> str:
    """A folded word in plain lower-case ASCII."""
    if script == "A" and word.startswith("ع"):
        word = "ا" + word[1:]  # an initial ayn is written as the vowel it carries (Ali, Omar, Abdullah)
    text = word.translate(_ROMAN)
    if script == "A":
        # Arabic-script vowel letters: ی before a vowel letter or at the start is y, و before a vowel is v.
        text = re.sub(r"^i(?=[au])", "y", text)
        text = re.sub(r"u(?=a)", "v", text)
    return anyascii(text).lower()


# --- phonetic form -------------------------------------------------------------------------------------------

_DIGRAPHS = [
    ("tsch", "C"), ("sch", "S"), ("dzh", "j"), ("dsh", "j"), ("tch", "C"), ("dj", "j"), ("zh", "j"),
    ("kh", "h"), ("gh", "g"), ("ph", "f"), ("th", "t"), ("dh", "d"), ("ck", "k"), ("sz", "S"), ("cz", "C"),
    ("ch", "C"), ("sh", "S"), ("x", "h"), ("q", "k"), ("w", "v"), ("ee", "i"), ("oo", "u"), ("ou", "u"),
    ("ey", "ai"), ("ay", "ai"), ("ei", "ai"), ("igh", "ai"),
]
_DIGRAPH_MAP = dict(_DIGRAPHS)
_DIGRAPH_RE = re.compile("|".join(re.escape(k) for k, _ in sorted(_DIGRAPHS, key=lambda kv: -len(kv[0]))))
_C_SOFT = re.compile(r"c(?=[eiy])")
_DOUBLE = re.compile(r"(.)\1+")
_FINAL_H = re.compile(r"(?<=[aeiou])h$")

# Regional variants of the most frequent names, on the phonetic form (after the digraph rules). Each pattern
# is anchored at the start, so compounds keep their tail (Muhammadjon -> muhamadjan).
_VARIANTS = [  # (pattern, replacement, the letters a matching word can start with)
    (re.compile(r"^m[aou](?:h|g)?[aou]?m[aeiu][dt]"), "muhamad", "m"),  # Mohammad, Mukhammad, Magomed, Muhammet
    (re.compile(r"^ahm[aeiu][dt]"), "ahmad", "a"),  # Ahmed, Akhmad, Ahmet, Ахмат
    (re.compile(r"^[ij]?[ou]s[aou][fp]"), "iusuf", "ijou"),  # Yusuf, Yousaf, Yusup, Jusup, Юсуп
    (re.compile(r"^[hg][aou]s[ae]?i+n$"), "husain", "hg"),  # Husain, Hussein, Hossein, Гусейн (not Hasan)
    (re.compile(r"^abd[aeiou]?l?(?=[a-z])"), "abdul", "a"),  # Abdul, Abd al-, Abdel, Abdu, Abdur- (assimilated)
    (re.compile(r"^[ou]sman"), "usman", "ou"),  # Osman, Usmon (after the o/a ending rule below)
    (re.compile(r"^[ou]mar$"), "umar", "ou"),
    (re.compile(r"^r[ou]stam"), "rustam", "r"),
]
# Endings that regional spellings write differently, on the phonetic form (one regex, one pass).
_ENDINGS = [
    (r"[aou]l+(?:ah|a|o|h)", "ula"),  # -ullah, -ulla, -ullo, -ollah, -allah, الله
    (r"z[ao]d(?:[ae]h?|h)", "zada"),  # -zoda, -zada, -zadeh, -zade, زاده
    (r"(?<=[bcdfgjklmnprstvzCS])on", "an"),  # Usmon, Sulton: Tajik and Uzbek o for Persian a, only at the end
    (r"(?<=[bcdfgjklmnprstvzCS])od", "ad"),  # Farhod
    (r"(?<=[bcdfgjklmnprstvzCS])ed", "id"),  # Jamshed, Jamshid; Hamed, Hamid
    (r"(?<=[bcdfgjklmnprstvzCS])eem", "im"),  # Kareem, Hakeem
]
_ENDING_RE = re.compile("|".join(f"(?P<e{i}>{pattern})$" for i, (pattern, _) in enumerate(_ENDINGS)))
_ENDING_REPL = {f"e{i}": repl for i, (_, repl) in enumerate(_ENDINGS)}
# The variants by the first letter they can start with, so that a word tries only the few that may apply.
_VARIANTS_BY_LETTER: dict[str, list] = {}
for _pattern, _repl, _letters in _VARIANTS:
    for _letter in _letters:
        _VARIANTS_BY_LETTER.setdefault(_letter, []).append((_pattern, _repl))


_JON = re.compile(r"(?:d?dzh|d?dj|dzh|dj|zh|j)[ao]n$")


def phonetic(latin: str) -> str:
    """The phonetic form of a romanized token (see the module docstring)."""
    text = latin
    jon = _JON.search(text)
    if jon and jon.start() > 0:
        # -jon after a d keeps the d (Muhammad-jon, Мухаммад-жон), which the dj digraph would otherwise eat;
        # J is protected from the digraph rules and lower-cased at the end.
        text = text[: jon.start()] + ("d" if jon.group(0).startswith("d") else "") + "Jan"
    text = _DIGRAPH_RE.sub(lambda m: _DIGRAPH_MAP[m.group(0)], text)
    text = _C_SOFT.sub("s", text).replace("c", "k").replace("y", "i")
    text = _DOUBLE.sub(r"\1", text)
    text = _FINAL_H.sub("", text)
    text = _ENDING_RE.sub(lambda m: _ENDING_REPL[m.lastgroup], text, count=1)
    text = _final_sounds(text)
    for pattern, repl in _VARIANTS_BY_LETTER.get(text[:1], ()):
        text = pattern.sub(repl, text, count=1)
    return text.replace("J", "j")


# Family-name endings, longest first. Stripped only when at least three letters stay.
_ROOT_ENDINGS = ("zada", "ova", "eva", "iva", "ov", "ev", "iev", "i")
_NOT_SKELETON = re.compile(r"[aeiouv]+")


# Word-final sounds that Turkic spellings devoice or Tajik and Uzbek spellings write with o: Yusup/Yusuf,
# Sharip/Sharif, Ahmat/Ahmad, Farhat/Farhad, Mirzo/Mirza. Applied to the phonetic form and again to the root.
_FINAL_SOUND_RE = re.compile(r"(?<=[aeiou])[pt]$|(?<=[bdfgjklmnprstvzCS])o$")
_FINAL_SOUND_MAP = {"p": "f", "t": "d", "o": "a"}


def _final_sounds(text: str) -> str:
    if text[-1:] in ("p", "t", "o"):
        return _FINAL_SOUND_RE.sub(lambda m: _FINAL_SOUND_MAP[m.group(0)], text)
    return text


def root_of(phon: str) -> str:
    for ending in _ROOT_ENDINGS:
        if phon.endswith(ending) and len(phon) - len(ending) >= 3:
            return _final_sounds(phon[: -len(ending)])
    return phon


def skeleton_of(phon: str) -> str:
    """Consonants only: vowels, v (Arabic و is u, o or v) and a final h (Arabic ه ends Fatemeh) go."""
    text = _NOT_SKELETON.sub("", phon)
    if text.endswith("h") and len(text) > 1:
        text = text[:-1]
    return _DOUBLE.sub(r"\1", text)


def arabic_view(phon: str, script: str) -> str:
    """A token's phonetic form as Arabic script writes it, roughly: no initial vowel, o as u, e as i, v as u
    (و), and a final a, e, ah, eh (ا or ه) as A. Arabic script writes the other vowels or leaves them out,
    which the comparison allows for."""
    text = phon.lstrip("aeiou") or phon
    if len(text) > 2:
        if script == "A":
            if text.endswith("ah"):
                text = text[:-2] + "A"
            elif text[-1] in "ha":
                text = text[:-1] + "A"
        elif text[-1] in "ae":
            text = text[:-1] + "A"
    text = text.replace("o", "u").replace("e", "i").replace("v", "u")
    return _DOUBLE.sub(r"\1", text)


@dataclass(frozen=True, slots=True)
class Token:
    """One word of a name in every form the comparison needs."""

    raw: str  # the folded word as written (same script)
    script: str  # L, C or A
    latin: str
    phon: str
    root: str
    skel: str
    aview: str  # arabic_view of phon
    raview: str  # arabic_view of root
    eview: str  # arabic_view as Arabic writes European names (p as b, v as f, g as j, ch as sh, final e as i)
    eskel: str  # the skeleton of the same
    rview: str  # a Latin word's phonetic form as Russian transcribes European spellings (j as y, x as ks, qu as k)
    # Derived from the above once per word, for the comparison of word pairs (compare.py), which runs millions
    # of times: the family-name ending (phon after root) and phon with ts/tz read as z.
    ending: str = field(init=False, compare=False, repr=False)
    tsphon: str = field(init=False, compare=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "ending", self.phon[len(self.root):])
        object.__setattr__(self, "tsphon", self.phon.replace("ts", "z").replace("tz", "z"))


@lru_cache(maxsize=400_000)
def make_token(word: str) -> Token:
    """Every form of one folded word (cached: names repeat a lot)."""
    word = word[:MAX_TOKEN_CHARS]
    script = script_of_token(word)
    latin = romanize(word, script)
    phon = phonetic(latin) or latin
    if script == "A":
        # The article al- written into the word (الرشید), not the al of Abdullah (عبدالله: checked above by
        # the Abdul variant, which rewrote it to abdul...).
        if phon.startswith("al") and len(phon) > 4 and not phon.startswith("ala"):
            phon = phon[2:]
    root = root_of(phon)
    skel = skeleton_of(root) or root
    aview = arabic_view(phon, script)
    raview = aview if root == phon else arabic_view(root, script)
    if script == "A":
        eview, eskel = aview, skel
    else:
        european = phon.translate(_EUROPEAN)
        european = european[:-1] + "i" if european.endswith("e") else european
        if european == phon:
            eview, eskel = aview, skel
        else:
            eview, eskel = arabic_view(european, script), skeleton_of(root_of(european)) or root
    rview = phonetic(_RUSSIAN_READING.sub(lambda m: _RUSSIAN_MAP[m.group(0)], latin)) if script == "L" else phon
    return Token(word, script, latin, phon, root, skel, aview, raview, eview, eskel, rview)


# How Russian transcribes European spellings that the regional reading takes otherwise: Dutch, German and
# Slavic j as й, x as кс, qu as к, gn as нь, oe and ue as е and у, ea and ee as и.
_RUSSIAN_MAP = {"j": "y", "x": "ks", "qu": "k", "gn": "n", "oe": "e", "ue": "u", "ea": "i", "ee": "i"}
_RUSSIAN_READING = re.compile("|".join(sorted(_RUSSIAN_MAP, key=len, reverse=True)))


# How Arabic script writes the sounds of European names it has no letters for.
_EUROPEAN = str.maketrans({"p": "b", "v": "f", "g": "j", "C": "S"})
