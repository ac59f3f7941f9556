"""The engine's fast paths give exactly what the general paths give.

`link` scores candidates with `score_value` (a float, no Feature objects) and explains only the pairs it returns
with `Scored.explanation()`, which builds the line directly; the platform reads `Scored.features`. Both must
agree to the last bit and the last character, for every kind of record: cross-script names, titles only,
father's names, organizations, identifiers, dates of every precision, missing fields.
"""

from itertools import product

from hamkari.matching.engine import Record, Scored, prepare, score_prepared
from hamkari.matching.engine import score as engine_score

NAMES = [
    ("Мухаммаджон Рахимов",), ("محمدجان رحیمی", "Muhammadjan Rahimi"), ("Muhammadjon Rahimov",),
    ("Haji Mullah",), ("Ali bin Karim",), ("Ali Karim",), ("Sayed Ahmad Khan",), ("Ahmad",),
    ("Yusuf Karimovich Rahimov",), ("Абдуллоев Нуриддин",), ("Nuriddin Abdulloev",), ("عبدالرحمن نورزی",),
    ("Abd al-Rahman Noorzai",), ("Gulnara Sadykova",), ("Гульнара Садыкова",), ("Mir Emad",), ("میرعماد",),
    (), ("Rustam Nazarov", "Rustam Nazarov Jr"),
]
DATES = ["", "1985", "1985-03", "1985-03-02", "1985-02-03", "1986-03-02", "1990"]


def _records():
    out = []
    for i, (names, date) in enumerate(product(NAMES, DATES[::2])):
        out.append(Record(f"p{i}", names=names, birth_date=date, nationality=["", "TJ", "AF", "UZ"][i % 4],
                          gender=["", "m", "f"][i % 3], father_name=["", "Karim", "کریم", "Ahmad Karimov"][i % 4],
                          identifiers=(("phone:+992935551234",) if i % 7 == 0 else ())))
    out += [Record("o1", kind="organization", names=("OOO Rahimov",)),
            Record("o2", kind="organization", names=("ООО Рахимов",)),
            Record("t1", kind="phone", identifiers=("phone:+992935551234",)),
            Record("t2", kind="phone", identifiers=("phone:+992935551234",))]
    return out


def test_fast_score_and_explanation_equal_the_general_ones():
    prepared = [prepare(r) for r in _records()]
    checked = 0
    for a in prepared:
        for b in prepared:
            scored = score_prepared(a, b)
            general = Scored(scored.score, scored.features)  # the explanation built from the features
            assert scored.explanation() == general.explanation(), (a.id, b.id)
            assert repr(engine_score.score_value(a, b)) == repr(scored.score), (a.id, b.id)
            checked += 1
    assert checked > 5000


WORDS = ["muhammad", "mukhammad", "магомед", "محمد", "rahimov", "rahimi", "رحیمی", "abdulloev", "abdullaev",
         "nuriddin", "нуриддин", "x", "", "ahmad", "ahmed", "احمد", "karimovich", "zoda", "зода", "ali", "aliev",
         "sadykova", "садыкова", "gulnara", "noorzai", "نورزی", "emad", "عماد", "mir", "a" * 40]


def test_similarities_are_rapidfuzz_s_to_the_last_bit():
    from rapidfuzz.distance import OSA, Levenshtein

    from hamkari.matching.engine import compare

    for x, y in product(WORDS, WORDS):
        assert repr(compare._similarity(x, y)) == repr(OSA.normalized_similarity(x, y)), (x, y)
        assert repr(compare._levenshtein_sim(x, y)) == repr(Levenshtein.normalized_similarity(x, y)), (x, y)


def test_word_comparison_is_symmetric_so_one_cache_entry_serves_both_orders():
    from hamkari.matching.engine import compare
    from hamkari.matching.engine.translit import make_token

    tokens = [make_token(w) for w in WORDS if w]
    for a, b in product(tokens, tokens):
        assert compare._compare_new(a, b) == compare._compare_new(b, a), (a.raw, b.raw)
