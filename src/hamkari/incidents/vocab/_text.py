"""Text normalisation shared by the vocabularies: one key per spelling, whatever the script or punctuation."""

import re
import unicodedata
from functools import lru_cache

# Arabic-script letters that are written differently in Arabic, Farsi/Dari, Urdu and Pashto but mean the same
# letter; without this, "هروئين" typed on an Arabic keyboard would not match "هروئین" typed on a Farsi one.
_ARABIC_FOLD = str.maketrans({
    "ي": "ی", "ى": "ی", "ې": "ی", "ۍ": "ی", "ے": "ی", "ئ": "ی",
    "ك": "ک", "ګ": "گ",
    "ة": "ه", "ۀ": "ه", "ە": "ه", "ـ": "", "ہ": "ه", "ھ": "ه", "ۃ": "ه",
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ؤ": "و",
    "ٹ": "ت", "ڈ": "د", "ړ": "ر", "ڑ": "ر",
})

MAX_INPUT = 1000  # longer text is not a name; refusing it keeps every lookup cheap


_NOT_WORD = re.compile(r"[\W_]+")  # also every combining mark, zero-width joiner and control character


def fold(text) -> str:
    """A matching key: case-folded, accents and punctuation removed, Arabic-script variants unified.

    Only letters and digits survive, so spaces, hyphens, brackets, quotes, zero-width joiners, control
    characters and Arabic diacritics (harakat) all vanish; "ё" folds to "е" as Russian writers do (NFKD turns
    "й" into "и" too, which is harmless for matching). Returns "" for anything that is not a string or is
    absurdly long.
    """
    if not isinstance(text, str) or len(text) > MAX_INPUT:
        return ""
    return _fold(text)


@lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    # Imports repeat the same few names many thousand times, so the result is cached.
    key = _NOT_WORD.sub("", unicodedata.normalize("NFKD", text.casefold()))
    return unicodedata.normalize("NFC", key.translate(_ARABIC_FOLD))
