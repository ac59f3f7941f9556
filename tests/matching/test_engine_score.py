"""The scorer: features, weights, precision-aware birth dates, explanations, keys."""

import math
import pickle

import pytest

from hamkari.matching.engine import (
    PRIOR,
    WEIGHTS,
    Record,
    Scored,
    candidate_keys,
    prepare,
    score_pair,
    score_prepared,
)

ISSUE_NAMES = ["Мухаммаджон Рахимов", "Muhammadjon Rahimov", "محمدجان رحیمی"]


def person(name, *aliases, **fields) -> Record:
    return Record(id=fields.pop("id", name), names=(name, *aliases), **fields)


def codes(scored: Scored) -> dict[str, str]:
    return {f.field: f.code for f in scored.features}


@pytest.mark.parametrize("a", ISSUE_NAMES)
@pytest.mark.parametrize("b", ISSUE_NAMES)
def test_the_issues_three_spellings_are_a_strong_match(a, b):
    scored = score_pair(person(a, birth_date="1985"), person(b, birth_date="1985"))
    assert scored.score >= 0.9, scored.explanation()


@pytest.mark.parametrize("other", ["Ahmad Karimi", "Фарход Назаров", "جمشید یوسفی", "John Smith", "Rahim Nazarov"])
def test_unrelated_names_score_low(other):
    for name in ISSUE_NAMES:
        scored = score_pair(person(name, birth_date="1985"), person(other, birth_date="1985"))
        assert scored.score < 0.05, (name, other, scored.explanation())


def test_one_shared_given_name_is_not_a_match():
    scored = score_pair(person("Muhammad Rahimov", birth_date="1985"), person("Muhammad Karimov", birth_date="1985"))
    assert scored.score < 0.2
    assert codes(scored)["name"] == "name.different"


def test_name_alone_stays_below_a_name_with_a_second_feature():
    alone = score_pair(person("Muhammadjon Rahimov"), person("Muhammadjon Rahimov")).score
    with_year = score_pair(person("Muhammadjon Rahimov", birth_date="1985"),
                           person("Muhammadjon Rahimov", birth_date="1985")).score
    assert 0.5 < alone < 0.9 < with_year


def test_explanation_names_each_feature_and_the_words():
    scored = score_pair(person("Мухаммаджон Рахимов", birth_date="1985-03-02", nationality="TJ", gender="m"),
                        person("محمدجان رحیمی", birth_date="1985", nationality="AF", gender="m"))
    by_field = {f.field: f for f in scored.features}
    name = by_field["name"]
    assert name.code == "name.cross_script"
    assert name.params["left"] == "Мухаммаджон Рахимов" and name.params["right"] == "محمدجان رحیمی"
    assert ("рахимов", "رحیمی", "skeleton") in [w[:3] for w in name.params["words"]]
    assert 0 < name.params["similarity"] <= 1
    assert by_field["birth_date"].code == "birth_date.year_only"
    assert by_field["nationality"].code == "nationality.different" and by_field["nationality"].weight < 0
    assert by_field["gender"].code == "gender.same" and by_field["gender"].weight > 0
    text = scored.explanation()
    assert text.startswith("name +")
    assert "рахимов = رحیمی" in text and "birth date +" in text and "TJ vs AF" in text


def test_score_is_the_prior_plus_the_feature_weights():
    scored = score_pair(person("Ahmad Karimi", birth_date="1985-03-02", nationality="AF", gender="m"),
                        person("Akhmad Karimov", birth_date="1986", nationality="TJ", gender="m"))
    total = PRIOR + sum(f.weight for f in scored.features)
    assert scored.score == pytest.approx(1 / (1 + 2 ** -total))


@pytest.mark.parametrize("left, right, code", [
    ("1985-03-02", "1985-03-02", "birth_date.same_day"),
    ("1985", "1985-03-02", "birth_date.year_only"),
    ("1985-03", "1985-03-02", "birth_date.compatible_month"),
    ("1985-03", "1985-04-02", "birth_date.same_year"),
    ("1985-03-02", "1985-02-03", "birth_date.transposed"),
    ("1985-03-02", "1985-03-09", "birth_date.same_month"),
    ("1985-03-02", "1985-07-09", "birth_date.same_year"),
    ("1985-03-02", "1986-03-02", "birth_date.year_off"),
    ("1985", "1986-03-02", "birth_date.within_1_year"),
    ("1985-01-01", "1986-07-02", "birth_date.within_1_year"),
    ("1985", "1987", "birth_date.within_2_years"),
    ("1985", "1995", "birth_date.different"),
    ("1985-03-02", "1968-03-02", "birth_date.different"),
    ("1985-03-02", "1975-03-02", "birth_date.year_typo"),
    ("1912-11-26", "1921-11-26", "birth_date.year_typo"),
    ("1985-03-02", "1985-08-02", "birth_date.month_off"),
    ("", "1985-03-02", "birth_date.missing"),
])
def test_birth_dates_are_compared_at_their_precision(left, right, code):
    scored = score_pair(person("Ahmad Karimi", birth_date=left), person("Ahmad Karimi", birth_date=right))
    assert codes(scored)["birth_date"] == code


def test_birth_date_weights_are_ordered():
    def weight(a, b):
        s = score_pair(person("Ahmad Karimi", birth_date=a), person("Ahmad Karimi", birth_date=b))
        return next(f.weight for f in s.features if f.field == "birth_date")

    assert weight("1985-03-02", "1985-03-02") > weight("1985", "1985-03-02") > weight("1985", "1986") \
        > weight("1985", "1987") > weight("1985", "1995")
    # compatible, not exact: a year against a full date is weaker evidence than the same full date
    assert weight("1985", "1985-03-02") < weight("1985-03-02", "1985-03-02")


def test_missing_values_are_neutral():
    bare = score_pair(person("Ahmad Karimi"), person("Ahmad Karimi"))
    half = score_pair(person("Ahmad Karimi", birth_date="1985", nationality="AF", gender="m"),
                      person("Ahmad Karimi"))
    assert half.score == bare.score
    missing = [f for f in half.features if f.code.endswith(".missing")]
    assert all(f.weight == 0 for f in missing)


def test_gender_and_nationality():
    same = score_pair(person("Ahmad Karimi", gender="m", nationality="AF"),
                      person("Ahmad Karimi", gender="m", nationality="AF"))
    other = score_pair(person("Ahmad Karimi", gender="m", nationality="AF"),
                       person("Ahmad Karimi", gender="f", nationality="PK"))
    assert same.score > other.score
    assert codes(other)["gender"] == "gender.different"
    assert WEIGHTS["gender.different"] < WEIGHTS["nationality.different"] < 0 < WEIGHTS["nationality.same"]


def test_fathers_name_from_the_field_and_from_inside_the_name():
    a = person("Ahmad Karimi", father_name="Yusuf", birth_date="1985")
    b = person("Ahmad Karimi s/o Yousaf", birth_date="1985")
    c = person("Ahmad Karimi", father_name="Nazar", birth_date="1985")
    same, different = score_pair(a, b), score_pair(a, c)
    assert codes(same)["father_name"] == "father_name.same"
    assert codes(different)["father_name"] == "father_name.different"
    assert same.score > score_pair(a, person("Ahmad Karimi", birth_date="1985")).score > different.score


def test_titles_do_not_change_the_name_weight():
    plain = score_pair(person("Rahim Karimi"), person("Rahim Karimi")).score
    titled = score_pair(person("Haji Mullah Rahim Karimi"), person("Rahim Karimi")).score
    assert titled == plain


def test_aliases_are_compared():
    scored = score_pair(person("رحیم کریمی", "Rahim Karimi"), person("Rahim Karimi"))
    assert codes(scored)["name"] == "name.exact"


def test_shared_identifier_decides_for_persons():
    a = person("Ahmad Karimi", identifiers=("phone:+992935551234",))
    b = person("Karimov Akhmad", birth_date="1990", identifiers=("phone:+992935551234", "phone:+93700000000"))
    scored = score_pair(a, b)
    assert scored.score > 0.999
    assert codes(scored)["identifier"] == "identifier.same"


def test_identifier_kinds_match_on_keys_only():
    phone = Record("a", kind="phone", identifiers=("phone:+992935551234",))
    same = Record("b", kind="phone", identifiers=("phone:+992935551234",))
    other = Record("c", kind="phone", identifiers=("phone:+992935559999",))
    assert score_pair(phone, same).score > 0.999
    assert codes(score_pair(phone, same))["identifier"] == "identifier.same"
    assert score_pair(phone, other).score < 0.001
    assert candidate_keys(phone) == {"phone:+992935551234"}


def test_different_kinds_never_match():
    scored = score_pair(Record("a", kind="organization", names=("Karimi Trading",)), person("Karimi Trading"))
    assert scored.score < 0.001 and codes(scored)["kind"] == "kind.different"


def test_organizations_compare_names_without_legal_forms():
    scored = score_pair(Record("a", kind="organization", names=("ООО Памир Транс",)),
                        Record("b", kind="organization", names=("Pamir Trans LLC",)))
    assert codes(scored)["name"] in ("name.cross_script", "name.exact", "name.translit")
    assert scored.score > 0.5


def test_keys_meet_across_scripts_and_are_bounded():
    keys = [candidate_keys(person(n, birth_date="1985-03-02")) for n in ISSUE_NAMES]
    shared = keys[0] & keys[1] & keys[2]
    assert "p:t:rhm" in shared and "p:ty:rhm:1985" in shared and "p:tt:mhmdjn|rhm" in shared
    assert "p:d:1985-03-02" in shared
    long = candidate_keys(person("x" * 10_000 + " " + "y" * 500, birth_date="1985"))
    assert long and all(len(k) <= 120 for k in long)
    assert all(k.startswith("p:") for k in keys[0])


def test_keys_skip_optional_words():
    assert not any("hn" in k.split(":")[2] for k in candidate_keys(person("Ahmad Khan Karimi")) if k[2] == "t")


def test_prepared_records_pickle_and_score_the_same():
    a = prepare(person("Мухаммаджон Рахимов", father_name="Karim", birth_date="1985"))
    b = prepare(person("محمدجان رحیمی", birth_date="1985-03-02"))
    a2, b2 = pickle.loads(pickle.dumps(a)), pickle.loads(pickle.dumps(b))
    assert score_prepared(a2, b2).score == score_prepared(a, b).score
    assert a2.keys == a.keys


def test_scored_features_are_built_on_demand_and_stable():
    scored = score_prepared(prepare(person("Ahmad Karimi")), prepare(person("Akhmad Karimov")))
    assert scored.features is scored.features
    assert scored == Scored(scored.score, scored.features)
    assert pickle.loads(pickle.dumps(scored)) == scored


def test_weights_are_log2_bayes_factors():
    assert WEIGHTS["gender.same"] == pytest.approx(math.log2(0.97 / 0.5), abs=0.01)
    assert all(isinstance(w, float) for w in WEIGHTS.values())
