"""Comparing name words and whole names across scripts. Pure Python, no Django.

Two words agree at one of these levels (best first); each level has a weight, a log2 Bayes factor
(Fellegi-Sunter: log2 of m/u, where m is how often the level occurs for two records of one person and u for
two records of different people). The m/u values are estimates, documented in docs/matching.md:

| level       | meaning                                                        | weight |
|-------------|----------------------------------------------------------------|--------|
| exact       | the same word (after case and Unicode folding)                 | +6.0   |
| translit    | the same after romanization (Рахимов = Rahimov)                | +6.0   |
| phonetic    | the same phonetic form (Mohammad = Mukhammad = Магомед)         | +5.5   |
| stem        | the same without a family-name ending (Rahimov = Rahimi)        | +4.5   |
| skeleton    | Arabic script against another: the same consonants, and the     | +3.0 to +5.0 |
|             | vowels Arabic script writes fit (محمد = Muhammad)              |        |
| close       | similar phonetic forms (a typo, a vowel): similarity 0.75 to 1  | 0 to +4.0 |
| partial     | one is the start of the other (Muhammad, Muhammadjon)          | +1.0   |
| different   | none of the above                                              | -4.5   |

A word among the most frequent given names of the region (COMMON) counts for less when it agrees.
"""

from __future__ import annotations

from rapidfuzz.distance import OSA, JaroWinkler, LCSseq, Levenshtein

from hamkari.matching.engine.translit import Token, make_token

EXACT, TRANSLIT, PHONETIC, STEM, SKELETON, CLOSE, PARTIAL, DIFFERENT = range(8)
LEVEL_NAMES = ("exact", "translit", "phonetic", "stem", "skeleton", "close", "partial", "different")

W_EXACT = 6.0
W_TRANSLIT = 6.0
W_PHONETIC = 5.5
W_STEM = 4.5
W_SKELETON_MIN, W_SKELETON_MAX = 3.0, 5.0
W_CLOSE_MAX = 4.0
# Similarity (optimal string alignment: a transposition is one edit) of the phonetic forms from which two words
# are "close"; the close weight grows linearly from 0 at CLOSE_ZERO to W_CLOSE_MAX at 1, so that one typo in a
# four-letter name (0.75) still counts for something.
CLOSE_FROM = 0.7
CLOSE_ZERO = 0.6
ARABIC_CLOSE_FROM = 0.75  # the same against Arabic script, on the mean of skeleton similarity and vowel fit
W_PARTIAL = 1.0
W_DIFFERENT = -4.5  # a word of the shorter name that finds no partner on the other side
W_EXTRA = -0.5  # a word only the longer name has (a middle name, a father's name written in): little evidence
COMMON_FACTOR = 0.6  # agreement on a very common given name says less

# Phonetic forms of the most frequent given names and name parts of the region.
COMMON = frozenset({
    "muhamad", "ahmad", "ali", "abdula", "hasan", "husain", "mahmud", "gul", "han", "nur", "mir", "jan",
    "Sa", "abdul", "karim", "rahim", "iusuf", "umar", "usman", "ibrahim", "ismail", "said", "saiid", "saiad",
})

# Token pair results, by the two folded words. Bounded: cleared when full (names repeat, so it refills fast).
_PAIR_CACHE: dict[tuple[str, str], tuple[int, float, float]] = {}
PAIR_CACHE_SIZE = 2_000_000


def _arabic_fit(ar: str, other: str) -> float:
    """How well a Latin/Cyrillic word's Arabic view fits an Arabic-script word's letters (0..1): every Arabic
    letter should be found in order; extra Latin letters are mostly short vowels, which cost little."""
    if not ar or not other:
        return 0.0
    common = LCSseq.similarity(ar, other)
    missing_ar = len(ar) - common
    extra = len(other) - common
    return common / (common + missing_ar + 0.3 * extra)


def _cross_arabic(a: Token, b: Token) -> tuple[int, float, float]:
    ar, other = (a, b) if a.script == "A" else (b, a)
    # The European reading (p as b, g as j, ...) counts slightly less than the regional one.
    fit = max(_arabic_fit(ar.aview, other.aview), _arabic_fit(ar.raview, other.raview),
              EUROPEAN_FACTOR * _arabic_fit(ar.aview, other.eview))
    if ar.skel and ar.skel != other.skel and ar.skel == other.eskel:
        fit *= EUROPEAN_FACTOR
    if ar.skel and (ar.skel == other.skel or ar.skel == other.eskel):
        sim = fit
        return SKELETON, W_SKELETON_MIN + (W_SKELETON_MAX - W_SKELETON_MIN) * max(0.0, (sim - 0.5) / 0.5), sim
    skel_sim = max(Levenshtein.normalized_similarity(ar.skel, other.skel),
                   Levenshtein.normalized_similarity(ar.skel, other.eskel))
    sim = 0.5 * skel_sim + 0.5 * fit
    if sim >= ARABIC_CLOSE_FROM:
        return CLOSE, W_CLOSE_MAX * (sim - ARABIC_CLOSE_FROM) / (1 - ARABIC_CLOSE_FROM) * 0.8, sim
    if other.phon.startswith(ar.phon) or ar.skel and other.skel.startswith(ar.skel) and len(ar.skel) >= 3:
        return PARTIAL, W_PARTIAL + sim - 1, sim
    return DIFFERENT, W_DIFFERENT + 2 * sim, sim


def _compare(a: Token, b: Token) -> tuple[int, float, float]:
    if a.raw == b.raw:
        return EXACT, W_EXACT, 1.0
    if a.latin == b.latin:
        return TRANSLIT, W_TRANSLIT, 1.0
    if a.phon == b.phon:
        return PHONETIC, W_PHONETIC, 0.95
    if (a.script == "A") != (b.script == "A"):
        return _cross_arabic(a, b)
    if a.root == b.root:
        return STEM, W_STEM, 0.9
    ending = a.phon[len(a.root):]
    if len(ending) > 1 and ending == b.phon[len(b.root):]:
        # The same family-name ending says nothing: Rahimov and Karimov are compared as Rahim and Karim.
        sim = _similarity(a.root, b.root)
    else:
        sim = max(_similarity(a.phon, b.phon), _similarity(a.root, b.root), _similarity(a.latin, b.latin))
        if a.script != b.script:
            lat, cyr = (a, b) if a.script == "L" else (b, a)
            if lat.rview != lat.phon:
                sim = max(sim, _similarity(lat.rview, cyr.phon))
        if "t" in a.phon or "t" in b.phon:
            # Russian writes German and Italian z as ц (ts): Zeller, Целлер. Not against Arabic script, which
            # writes ts as two letters.
            sim = max(sim, _similarity(_ts(a.phon), _ts(b.phon)))
    if sim >= CLOSE_FROM:
        return CLOSE, W_CLOSE_MAX * (sim - CLOSE_ZERO) / (1 - CLOSE_ZERO), sim
    short, long = (a.phon, b.phon) if len(a.phon) <= len(b.phon) else (b.phon, a.phon)
    if len(short) >= 4 and 2 * len(short) >= len(long) and long.startswith(short):
        return PARTIAL, W_PARTIAL + sim - 1, sim
    # Below "close", the similarity still orders candidates (a search ranks them) but stays strongly against.
    return DIFFERENT, W_DIFFERENT + 2 * sim, sim


_similarity = OSA.normalized_similarity


def _ts(text: str) -> str:
    return text.replace("ts", "z").replace("tz", "z")


def compare_tokens(a: Token, b: Token) -> tuple[int, float, float]:
    """(level, weight, similarity 0..1) of two name words; cached."""
    key = (a.raw, b.raw)
    hit = _PAIR_CACHE.get(key)
    if hit is None:
        hit = _compare(a, b)
        if hit[0] >= CLOSE and a.script != "A" and b.script != "A":
            # Below the exact levels many candidates share one similarity; a second measure (Jaro-Winkler of the
            # romanized words, at most TIE_BREAK) orders them without changing what a level means. Not against
            # Arabic script, whose romanization lacks the short vowels Jaro-Winkler would count.
            hit = (hit[0], hit[1] + TIE_BREAK * JaroWinkler.similarity(a.latin, b.latin), hit[2])
        if hit[1] > 0 and (a.phon in COMMON or b.phon in COMMON):
            hit = (hit[0], hit[1] * COMMON_FACTOR, hit[2])
        if len(_PAIR_CACHE) >= PAIR_CACHE_SIZE:
            _PAIR_CACHE.clear()
        _PAIR_CACHE[key] = hit
        _PAIR_CACHE[(b.raw, a.raw)] = hit
    return hit


class NameMatch:
    """The best alignment of two names' words: pairs of (left word, right word, level, weight, similarity)."""

    __slots__ = ("weight", "pairs", "conflicts", "extra", "left", "right")

    def __init__(self, weight, pairs, conflicts, extra, left, right):
        self.weight = weight
        self.pairs = pairs
        self.conflicts = conflicts
        self.extra = extra
        self.left = left
        self.right = right

    @property
    def worst_level(self) -> int:
        if self.conflicts:
            return DIFFERENT
        return max((p[2] for p in self.pairs), default=DIFFERENT)


MAX_JOIN_WORDS = 4
TIE_BREAK = 0.1
EUROPEAN_FACTOR = 0.93


def align(left, right) -> NameMatch:
    """The best of `align_words(left, right)` and, when one name has more words, the same with two adjacent
    words of the longer name written as one (Mir Emad = میرعماد, Jan Foruz = Janforuz)."""
    best = align_words(left, right)
    n, m = len(left.tokens), len(right.tokens)
    if n != m and max(n, m) <= MAX_JOIN_WORDS and min(n, m) > 0 and (best.conflicts or best.extra):
        longer_is_left = n > m
        longer, shorter = (left, right) if longer_is_left else (right, left)
        heads = {t.skel[:2] for t in shorter.tokens}
        toks = longer.tokens
        for i in range(len(toks) - 1):
            if (toks[i].skel + toks[i + 1].skel)[:2] not in heads:
                continue  # the joined word could not agree with any word of the other name: skip the work
            joined = _joined(longer, i)
            match = align_words(joined, right) if longer_is_left else align_words(left, joined)
            if match.weight > best.weight:
                best = match
    return best


def _joined(name, i):
    from hamkari.matching.engine.names import ParsedName  # names imports this module

    toks = name.tokens
    word = make_token(toks[i].raw + toks[i + 1].raw)
    return ParsedName(name.text, (*toks[:i], word, *toks[i + 2:]),
                      (*name.optional[:i], False, *name.optional[i + 2:]), name.titles, name.father)


def align_words(left, right) -> NameMatch:
    """Order-free alignment of two ParsedNames: each word pairs with at most one word of the other name, best
    pairs first. Words of the shorter name left without a partner count against (W_DIFFERENT); words only the
    longer name has count a little (W_EXTRA); optional words (Khan, Sayed, ...) never count against."""
    lt, rt = left.tokens, right.tokens
    get = _PAIR_CACHE.get
    candidates = []
    for i, a in enumerate(lt):
        araw = a.raw
        for j, b in enumerate(rt):
            hit = get((araw, b.raw)) or compare_tokens(a, b)
            candidates.append((hit[1], hit[2], -i, -j, hit[0]))
    if len(candidates) > 1:
        candidates.sort(reverse=True)
    used_l = used_r = 0  # bit masks of the words already paired
    pairs = []
    total = 0.0
    conflicts = 0
    opt_l, opt_r = left.optional, right.optional
    for weight, sim, i, j, level in candidates:
        i, j = -i, -j
        if used_l >> i & 1 or used_r >> j & 1:
            continue
        if weight <= 0:
            if opt_l[i] or opt_r[j]:
                continue  # an optional word that finds no partner is left out, not counted against
            # Two words that do not agree: the pair still weighs by its similarity (a search ranks by it).
            conflicts += 1
        else:
            pairs.append((lt[i], rt[j], level, weight, sim))
        used_l |= 1 << i
        used_r |= 1 << j
        total += weight
    extra = 0
    for i, opt in enumerate(opt_l):
        if not opt and not used_l >> i & 1:
            extra += 1
    for j, opt in enumerate(opt_r):
        if not opt and not used_r >> j & 1:
            extra += 1
    if extra:
        total += (2 if extra > 2 else extra) * W_EXTRA
    return NameMatch(total, pairs, conflicts, extra, left, right)
