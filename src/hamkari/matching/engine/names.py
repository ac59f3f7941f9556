"""A person's name as written, taken apart: the name words, titles, and the father's name. Pure Python.

Three kinds of words are not compared as name words:

* Titles and honorifics (TITLES): Haji, Mullah, Mawlawi, Maulana, Qari, Hazrat, Ustad, Doctor, Engineer, Mr,
  ... in Latin, Cyrillic and Arabic script. They say what a person is called, not who they are, and one
  country writes them where another does not. They are removed and remembered (`ParsedName.titles`).
* Optional words (OPTIONAL): words that are sometimes a title and sometimes part of the name: Sayed/Syed/
  Sayyid, Sheikh, Hafiz, Agha, Khan, Mir, Bibi, Begum, Sardar, Malik, Imam, Pir. They stay in the name, but
  one side writing them and the other not never counts against a match ("Mohammad Khan" = "Mohammad").
  "Said", "Amir", "Shah", "Sultan", "Mirza" are names and are compared as such.
* The father's name: the words after bin, ibn, bint, walad, s/o, d/o, "son of", ибн, валад, بن, ولد; the word
  before ugli, o'g'li, qizi, угли, ўғли, кизи, оглы, кызы, уулу; a Russian-style patronymic (-ovich, -evich,
  -ovna, -evna, -ichna and their Cyrillic forms) when the name has at least two other words.

Pieces written apart are joined: Abd al-Rahman and Abdul Rahim become one word (as Arabic script writes
them), and so do Nur Ullah, Muhammad Jan and Rahim Zoda; a standalone article (al-, el-, ال) goes.
A name made only of titles has no name words; callers treat it like a missing name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from hamkari.matching.engine.translit import Token, make_token, split_words

# Longest name worked on, and most words kept from it: real names are far shorter; hostile input is clipped.
MAX_NAME_CHARS = 200
MAX_WORDS = 8

TITLES = frozenset({
    # Latin
    "haji", "hajji", "hadji", "haj", "hajj", "alhaj", "alhajj", "alhaji", "alhadj", "alhadji", "hajja", "hajjah",
    "mullah", "mulla", "molla", "mullo", "mollah", "mawlawi", "mawlavi", "maulawi", "maulavi", "moulavi",
    "moulvi", "maulvi", "molvi", "molavi", "mavlavi", "maulana", "mawlana", "moulana", "molana", "mavlono",
    "qari", "qori", "moldo", "hazrat", "hazrath", "hazret", "ustad", "ustaz", "ustoz", "ostad", "doctor", "dr",
    "doktor",
    "engineer", "eng", "engr", "injener", "inzhener", "mr", "mrs", "ms", "miss", "mister", "sir", "janab",
    "sahib", "saheb", "sahab", "mufti", "prof", "professor", "general", "gen", "commander", "qomandan",
    "komandan", "colonel", "col", "captain", "capt", "major", "lt", "sgt", "aghaye", "aqaye", "khanum",
    "khanom",
    # legal forms of organizations (never a person's name)
    "llc", "ltd", "limited", "inc", "corp", "co", "company", "gmbh", "jsc", "ojsc", "cjsc", "plc", "ooo", "zao",
    "oao", "пао", "ооо", "зао", "оао", "тоо", "ао", "чп", "ип", "шрк", "شرکت", "لمیتد", "کمپنی",
    # Cyrillic (folded: й is и, ё is е, ь and ъ are gone)
    "хаджи", "хажи", "хожи", "ходжи", "хадж", "мулло", "мулла", "молла", "молдо", "мавлави", "мавлеви", "мавлоно",
    "мавлана", "маулана", "кори", "хазрат", "устод", "устоз", "устаз", "доктор", "др", "инженер", "инж",
    "муфти", "генерал", "господин", "госпожа", "жаноб", "джаноб", "командир", "полковник", "майор",
    # Arabic script (folded: Arabic yeh and kaf are Persian, alef variants are plain alef)
    "حاجی", "حاج", "الحاج", "حجی", "ملا", "مولوی", "مولانا", "قاری", "حضرت", "استاد", "داکتر", "دکتر", "انجنیر",
    "مهندس", "جناب", "صاحب", "مفتی", "اقای", "خانم", "قوماندان", "جنرال",
})

OPTIONAL = frozenset({
    "hafiz", "hafez", "sheikh", "shaikh", "shaykh", "sheik", "shaik", "shekh", "syed", "sayed", "sayyid",
    "sayyed", "seyed", "seyyed", "sayid", "sayeda", "syeda", "seyyedeh", "agha", "aga", "aqa", "aka", "khan",
    "bibi", "begum", "begom", "mir", "sardar", "sardor", "malik", "imam", "pir",
    "хафиз", "хофиз", "шеих", "шаих", "саид", "саиид", "саиед", "сеид", "сеиид", "ага", "ака", "хан", "биби",
    "бегим", "бегум", "мир", "сардор", "сардар", "малик", "имам", "пир",
    "حافظ", "شیخ", "سید", "سیده", "اغا", "اقا", "خان", "بیبی", "بیگم", "میر", "سردار", "ملک", "امام", "پیر",
})

# Words after which the father's name follows (never the first word: "Ben" may be a given name).
FATHER_BEFORE = frozenset({
    "bin", "ibn", "ben", "bint", "binti", "binte", "walad", "wald", "wuld", "ould", "valad", "ибн", "бин",
    "бинт", "валад", "валади", "вальд", "بن", "ابن", "بنت", "ولد", "ولدِ",
})
# Words before which the father's name stands (Uzbek, Tajik, Kazakh, Kyrgyz, Azerbaijani and Turkmen forms).
FATHER_AFTER = frozenset({
    "ugli", "ogli", "ogly", "oglu", "ugly", "uly", "uli", "uulu", "qizi", "kizi", "kyzy", "gizi", "qyzy", "gyzy",
    "угли", "огли", "оглы", "улы", "уулу", "кизи", "кыз", "кызы", "гызы",
})
ARTICLES = frozenset({"al", "el", "ал", "ел", "ال"})
# Abd written apart from the name it belongs to.
ABD = frozenset({"abd", "abdul", "abdal", "abdel", "abdol", "abdu", "abdur", "abdus", "abdo", "абд", "абдул",
                 "абдель", "абдал", "абду", "عبد", "عبدال"})
# Phonetic forms of pieces that belong to the word before them: -ullah, -jon, -zoda.
JOIN_PREVIOUS = frozenset({"ula", "jan", "zada"})

_RELATIVES = re.compile(r"(?<![^\W\d_])(?:([sd])\s*/\s*o|son\s+of|daughter\s+of)(?![^\W\d_])")
_SPOUSE = re.compile(r"(?<![^\W\d_])(?:w\s*/\s*o|wife\s+of|husband\s+of)(?![^\W\d_]).*", re.DOTALL)
_PATRONYMIC = re.compile(r"(?:ovich|evich|ovna|evna|ichna|inichna|ovič|evič)$")
_UD_DIN = frozenset({"ud", "ad", "ed", "ul", "ud-", "уд", "ад"})


@dataclass(slots=True)  # not frozen: a frozen dataclass is slow to build, and millions are; never changed
class ParsedName:
    text: str  # the name as given (clipped)
    tokens: tuple[Token, ...]  # the name words, in written order
    optional: tuple[bool, ...]  # per token: an optional word (see OPTIONAL)
    titles: tuple[str, ...]  # titles removed, as written (folded)
    father: tuple[Token, ...]  # the father's name found inside the name


EMPTY = ParsedName("", (), (), (), ())


def _relatives(text: str) -> str:
    if "/" not in text and " of" not in text:
        return text  # the common case, without running the regexes
    text = _SPOUSE.sub(" ", text)  # a spouse's name is neither this person's nor their father's
    return _RELATIVES.sub(lambda m: " bint " if m.group(0)[0] == "d" else " bin ", text)


def _join(words: list[str]) -> list[str]:
    """Pieces written apart joined to their word: Abd al-Rahman, Nur Ullah, Muhammad Jan, Nasir ud Din."""
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        if word in ABD and i + 1 < len(words):
            nxt = i + 1
            if words[nxt] in ARTICLES and nxt + 1 < len(words):
                word += words[nxt]
                nxt += 1
            out.append(word + words[nxt])
            i = nxt + 1
            continue
        if word in ARTICLES and i + 1 < len(words):
            i += 1  # a standalone article: Al-Rashid is Rashid
            continue
        if out and word in _UD_DIN and i + 1 < len(words) and make_token(words[i + 1]).phon == "din":
            out[-1] += word + words[i + 1]
            i += 2
            continue
        if out and make_token(word).phon in JOIN_PREVIOUS:
            out[-1] += word
            i += 1
            continue
        out.append(word)
        i += 1
    return out


@lru_cache(maxsize=200_000)
def parse_name(name: str) -> ParsedName:
    """Name words, titles and father's name of one name (cached: the same names come back in every list)."""
    if not isinstance(name, str):
        return EMPTY
    text = name[:MAX_NAME_CHARS]
    words = split_words(_relatives(text.casefold()))[: MAX_WORDS * 3]
    titles: list[str] = []
    own: list[str] = []
    father: list[str] = []
    to_father = False
    for word in words:
        if word in TITLES:
            titles.append(word)
        elif word in FATHER_BEFORE and (own or titles):
            to_father = True
        elif word in FATHER_AFTER and own:
            father.insert(0, own.pop())
            to_father = False
        elif to_father:
            father.append(word)
        else:
            own.append(word)
    own = _join(own)[:MAX_WORDS]
    father = _join(father)[:MAX_WORDS]
    significant = [w for w in own if w not in OPTIONAL]
    if not father and len(significant) >= 3:
        # A Russian-style patronymic (Karimovich, Каримовна) names the father when two other words remain.
        for w in own:
            token = make_token(w)
            match = _PATRONYMIC.search(token.latin)
            if match and w in significant and match.start() >= 3:
                own.remove(w)
                father.append(token.latin[: match.start()])
                break
    tokens = tuple(make_token(w) for w in own)
    # Optional words are optional only beside real name words; "Sayed Khan" alone is a name.
    any_real = any(w not in OPTIONAL for w in own)
    optional = tuple(any_real and w in OPTIONAL for w in own)
    return ParsedName(text, tokens, optional, tuple(titles), tuple(make_token(w) for w in father))
