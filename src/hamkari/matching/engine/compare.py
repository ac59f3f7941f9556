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

# Token pair results, by the two folded words (the smaller first). Bounded: cleared when full (names repeat, so
# it refills fast).
_PAIR_CACHE: dict[tuple[str, str], tuple[int, float, float]] = {}
PAIR_CACHE_SIZE = 1_000_000  # entries, one per pair of words: the 1,000,000 pairs the two-way cache held in 2,000,000


def _arabic_fit(ar: str, other: str) -> float:
    """How well a Latin/Cyrillic word's Arabic view fits an Arabic-script word's letters (0..1): every Arabic
    letter should be found in order; extra Latin letters are mostly short vowels, which cost little."""
    if not ar or not other:
        return 0.0
    common = _lcs(ar, other)
    missing_ar = len(ar) - common
    extra = len(other) - common
    return common / (common + missing_ar + 0.3 * extra)


def _cross_arabic(a: Token, b: Token) -> tuple[int, float, float]:
    ar, other = (a, b) if a.script == "A" else (b, a)
    # The European reading (p as b, g as j, ...) counts slightly less than the regional one. A reading that
    # is the same strings as the first gives the same fit (or 0.93 of it) and is not computed again.
    ar_view, other_view = ar.aview, other.aview
    fit = _arabic_fit(ar_view, other_view)
    if ar.raview != ar_view or other.raview != other_view:
        f = _arabic_fit(ar.raview, other.raview)
        if f > fit:
            fit = f
    if other.eview != other_view:
        f = EUROPEAN_FACTOR * _arabic_fit(ar_view, other.eview)
        if f > fit:
            fit = f
    skel = ar.skel
    if skel and skel != other.skel and skel == other.eskel:
        fit *= EUROPEAN_FACTOR
    if skel and (skel == other.skel or skel == other.eskel):
        sim = fit
        return SKELETON, W_SKELETON_MIN + (W_SKELETON_MAX - W_SKELETON_MIN) * max(0.0, (sim - 0.5) / 0.5), sim
    skel_sim = _levenshtein_sim(skel, other.skel)
    if other.eskel != other.skel:
        s = _levenshtein_sim(skel, other.eskel)
        if s > skel_sim:
            skel_sim = s
    sim = 0.5 * skel_sim + 0.5 * fit
    if sim >= ARABIC_CLOSE_FROM:
        return CLOSE, W_CLOSE_MAX * (sim - ARABIC_CLOSE_FROM) / (1 - ARABIC_CLOSE_FROM) * 0.8, sim
    if other.phon.startswith(ar.phon) or skel and other.skel.startswith(skel) and len(skel) >= 3:
        return PARTIAL, W_PARTIAL + sim - 1, sim
    return DIFFERENT, W_DIFFERENT + 2 * sim, sim


def _compare(a: Token, b: Token) -> tuple[int, float, float]:
    """(level, weight, similarity) of two words, before the tie-break and the common-name factor."""
    if a.raw == b.raw:
        return _EXACT_HIT
    if a.latin == b.latin:
        return _TRANSLIT_HIT
    if a.phon == b.phon:
        return _PHONETIC_HIT
    if (a.script == "A") != (b.script == "A"):
        return _cross_arabic(a, b)
    if a.root == b.root:
        return _STEM_HIT
    return _close(a, b)


_EXACT_HIT = (EXACT, W_EXACT, 1.0)
_TRANSLIT_HIT = (TRANSLIT, W_TRANSLIT, 1.0)
_PHONETIC_HIT = (PHONETIC, W_PHONETIC, 0.95)
_STEM_HIT = (STEM, W_STEM, 0.9)


def _close(a: Token, b: Token) -> tuple[int, float, float]:
    """Two words of the same kind of script (both Arabic, or neither) whose raw, romanized, phonetic and root
    forms all differ: close, partial or different, by their similarity. The similarities are rapidfuzz's
    OSA.normalized_similarity, 1 - distance / longer length, written out (see `_similarity`); the forms
    compared here differ, so the shortcut for equal strings is not needed but for the last two readings."""
    ending = a.ending
    ap, bp = a.phon, b.phon
    if len(ending) > 1 and ending == b.ending:
        # The same family-name ending says nothing: Rahimov and Karimov are compared as Rahim and Karim.
        x, y = a.root, b.root
        lx, ly = len(x), len(y)
        sim = 1.0 - _osa_distance(x, y) / (lx if lx > ly else ly)
    else:
        # The best of several readings. A reading whose strings are the same as the phonetic forms' on both
        # sides has the same similarity and is not computed again (the maximum is the same).
        lx, ly = len(ap), len(bp)
        sim = 1.0 - _osa_distance(ap, bp) / (lx if lx > ly else ly)
        x, y = a.root, b.root
        if x != ap or y != bp:
            lx, ly = len(x), len(y)
            s = 1.0 - _osa_distance(x, y) / (lx if lx > ly else ly)
            if s > sim:
                sim = s
        x, y = a.latin, b.latin
        if x != ap or y != bp:
            lx, ly = len(x), len(y)
            s = 1.0 - _osa_distance(x, y) / (lx if lx > ly else ly)
            if s > sim:
                sim = s
        if a.script != b.script:
            lat, cyr = (a, b) if a.script == "L" else (b, a)
            if lat.rview != lat.phon:
                s = _similarity(lat.rview, cyr.phon)
                if s > sim:
                    sim = s
        x, y = a.tsphon, b.tsphon
        if x != ap or y != bp:
            # Russian writes German and Italian z as ц (ts): Zeller, Целлер. Not against Arabic script, which
            # writes ts as two letters.
            s = _similarity(x, y)
            if s > sim:
                sim = s
    if sim >= CLOSE_FROM:
        return CLOSE, W_CLOSE_MAX * (sim - CLOSE_ZERO) / (1 - CLOSE_ZERO), sim
    lx, ly = len(ap), len(bp)
    if lx <= ly:
        if lx >= 4 and 2 * lx >= ly and bp.startswith(ap):
            return PARTIAL, W_PARTIAL + sim - 1, sim
    elif ly >= 4 and 2 * ly >= lx and ap.startswith(bp):
        return PARTIAL, W_PARTIAL + sim - 1, sim
    # Below "close", the similarity still orders candidates (a search ranks them) but stays strongly against.
    return DIFFERENT, W_DIFFERENT + 2 * sim, sim


# rapidfuzz's normalized similarities, 1 - distance / longer length, computed here from the distance: the same
# float to the last bit (rapidfuzz does the same division and subtraction in double precision; checked on
# millions of pairs of name forms), but a third cheaper a call, and none for two equal strings.
_osa_distance = OSA.distance
_levenshtein_distance = Levenshtein.distance
_lcs = LCSseq.similarity


def _similarity(x: str, y: str) -> float:
    """OSA.normalized_similarity(x, y)."""
    if x == y:
        return 1.0
    lx, ly = len(x), len(y)
    return 1.0 - _osa_distance(x, y) / (lx if lx > ly else ly)


def _levenshtein_sim(x: str, y: str) -> float:
    """Levenshtein.normalized_similarity(x, y)."""
    if x == y:
        return 1.0
    lx, ly = len(x), len(y)
    return 1.0 - _levenshtein_distance(x, y) / (lx if lx > ly else ly)


def compare_tokens(a: Token, b: Token) -> tuple[int, float, float]:
    """(level, weight, similarity 0..1) of two name words; cached."""
    x, y = a.raw, b.raw
    hit = _PAIR_CACHE.get((x, y) if x < y else (y, x))
    return hit if hit is not None else _compare_new(a, b)


def _compare_new(a: Token, b: Token) -> tuple[int, float, float]:
    """compare_tokens for a pair not in the cache: compared and cached (one entry for both orders)."""
    level, weight, sim = hit = _compare(a, b)
    if level >= CLOSE and a.script != "A" and b.script != "A":
        # Below the exact levels many candidates share one similarity; a second measure (Jaro-Winkler of the
        # romanized words, at most TIE_BREAK) orders them without changing what a level means. Not against
        # Arabic script, whose romanization lacks the short vowels Jaro-Winkler would count.
        weight = weight + TIE_BREAK * _jaro_winkler(a.latin, b.latin)
        hit = (level, weight, sim)
    if weight > 0 and (a.phon in COMMON or b.phon in COMMON):
        hit = (level, weight * COMMON_FACTOR, sim)
    cache = _PAIR_CACHE
    if len(cache) >= PAIR_CACHE_SIZE:
        cache.clear()
    x, y = a.raw, b.raw
    cache[(x, y) if x < y else (y, x)] = hit  # the comparison is symmetric: one entry for both orders
    return hit


_jaro_winkler = JaroWinkler.similarity


class NameMatch:
    """The best alignment of two names' words: pairs of (left word, right word, level, weight, similarity)."""

    # text, father_text: the explanation's part for this alignment as the name (or the father's name), kept
    # here by score.py once made (an alignment is cached and explained again and again).
    __slots__ = ("weight", "pairs", "conflicts", "extra", "left", "right", "text", "father_text")

    def __init__(self, weight, pairs, conflicts, extra, left, right):
        self.weight = weight
        self.pairs = pairs
        self.conflicts = conflicts
        self.extra = extra
        self.left = left
        self.right = right
        self.text = self.father_text = None

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
    opt_l, opt_r = left.optional, right.optional
    if len(lt) == 2 and len(rt) == 2 and not (opt_l[0] or opt_l[1] or opt_r[0] or opt_r[1]):
        return _align_2x2(left, right, lt, rt, get)
    candidates = []
    for i, a in enumerate(lt):
        x = a.raw
        for j, b in enumerate(rt):
            y = b.raw
            hit = get((x, y) if x < y else (y, x)) or _compare_new(a, b)
            candidates.append((hit[1], hit[2], -i, -j, hit[0]))
    if len(candidates) > 1:
        candidates.sort(reverse=True)
    used_l = used_r = 0  # bit masks of the words already paired
    pairs = []
    total = 0.0
    conflicts = 0
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


def _align_2x2(left, right, lt, rt, get) -> NameMatch:
    """align_words for two words against two, none optional (nine name pairs in ten): the same result without
    the sort. The best of the four pairs (by weight, then similarity, then the earlier words, as the sort
    orders them) is taken first; the two words left pair with each other."""
    a0, a1 = lt
    b0, b1 = rt
    r0, r1, q0, q1 = a0.raw, a1.raw, b0.raw, b1.raw
    h00 = get((r0, q0) if r0 < q0 else (q0, r0)) or _compare_new(a0, b0)
    h01 = get((r0, q1) if r0 < q1 else (q1, r0)) or _compare_new(a0, b1)
    h10 = get((r1, q0) if r1 < q0 else (q0, r1)) or _compare_new(a1, b0)
    h11 = get((r1, q1) if r1 < q1 else (q1, r1)) or _compare_new(a1, b1)
    # The cells in the sort's order of ties (earlier left word, then earlier right word): a later cell wins
    # only when strictly better.
    w, s = h00[1], h00[2]
    best = 0
    w1 = h01[1]
    if w1 > w or (w1 == w and h01[2] > s):
        w, s, best = w1, h01[2], 1
    w1 = h10[1]
    if w1 > w or (w1 == w and h10[2] > s):
        w, s, best = w1, h10[2], 2
    w1 = h11[1]
    if w1 > w or (w1 == w and h11[2] > s):
        best = 3
    if best == 0:
        first, fa, fb, second, sa, sb = h00, a0, b0, h11, a1, b1
    elif best == 3:
        first, fa, fb, second, sa, sb = h11, a1, b1, h00, a0, b0
    elif best == 1:
        first, fa, fb, second, sa, sb = h01, a0, b1, h10, a1, b0
    else:
        first, fa, fb, second, sa, sb = h10, a1, b0, h01, a0, b1
    pairs = []
    conflicts = 0
    total = 0.0
    weight = first[1]
    if weight <= 0:
        conflicts += 1
    else:
        pairs.append((fa, fb, first[0], weight, first[2]))
    total += weight
    weight = second[1]
    if weight <= 0:
        conflicts += 1
    else:
        pairs.append((sa, sb, second[0], weight, second[2]))
    total += weight
    return NameMatch(total, pairs, conflicts, 0, left, right)
