"""Bad input: records from CSV rows with clear errors, and hostile names that never crash the engine."""

import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hamkari.matching.engine import PRIOR, BadRow, Record, candidate_keys, prepare, record_from_row, score_pair
from hamkari.matching.engine.names import MAX_NAME_CHARS, MAX_WORDS, parse_name

ROOT = Path(__file__).resolve().parents[2]


def row(**values) -> dict[str, str]:
    base = {"id": "1", "name": "Ahmad Karimi", "aliases": "", "birth_date": "", "nationality": "", "gender": ""}
    return {**base, **values}


def test_a_full_row():
    record = record_from_row(row(aliases="احمد کریمی | Akhmad Karimov||", birth_date="1985-03-02",
                                 nationality="Tajikistan", gender="M", extra="ignored"))
    assert record == Record(id="1", names=("Ahmad Karimi", "احمد کریمی", "Akhmad Karimov"),
                            birth_date="1985-03-02", nationality="TJ", gender="m")


@pytest.mark.parametrize("given, expected", [
    ("1985", "1985"), ("1985-03", "1985-03"), ("1985-3-2", "1985-03-02"), ("02.03.1985", "1985-03-02"),
    ("02/03/1985", "1985-03-02"), (" 1985-03-02 ", "1985-03-02"), ("", ""),
])
def test_birth_dates_keep_their_precision(given, expected):
    assert record_from_row(row(birth_date=given)).birth_date == expected


@pytest.mark.parametrize("given", ["1985-13-45", "1985-02-30", "tomorrow", "1985/13", "85", "1799",
                                   (date.today() + timedelta(days=1)).isoformat(), "3000", "1985-00"])
def test_bad_birth_dates_are_refused(given):
    with pytest.raises(BadRow) as error:
        record_from_row(row(birth_date=given))
    assert error.value.column == "birth_date"
    assert error.value.reason


@pytest.mark.parametrize("given, code", [
    ("TJ", "TJ"), ("tj", "TJ"), ("TJK", "TJ"), ("Tajikistan", "TJ"), ("Таджикистан", "TJ"), ("تاجیکستان", "TJ"),
    ("Iran (Islamic Republic of)", "IR"), ("Афганистан", "AF"), ("افغانستان", "AF"), ("unknown", ""), ("", ""),
])
def test_nationality_names_and_codes(given, code):
    assert record_from_row(row(nationality=given)).nationality == code


@pytest.mark.parametrize("given", ["Narnia", "XX", "12", "x" * 500])
def test_unknown_nationality_is_refused(given):
    with pytest.raises(BadRow) as error:
        record_from_row(row(nationality=given))
    assert error.value.column == "nationality"


@pytest.mark.parametrize("given, code", [("m", "m"), ("F", "f"), ("male", "m"), ("Female", "f"), ("ж", "f"),
                                         ("м", "m"), ("زن", "f"), ("", ""), ("unknown", "")])
def test_gender_values(given, code):
    assert record_from_row(row(gender=given)).gender == code


@pytest.mark.parametrize("given", ["yes", "2", "mf", "man and woman"])
def test_bad_gender_is_refused(given):
    with pytest.raises(BadRow) as error:
        record_from_row(row(gender=given))
    assert (error.value.column, str(error.value).split(":")[0]) == ("gender", "gender")


@pytest.mark.parametrize("values, column", [({"id": ""}, "id"), ({"id": "  "}, "id"), ({"name": ""}, "name")])
def test_required_columns(values, column):
    with pytest.raises(BadRow) as error:
        record_from_row(row(**values))
    assert error.value.column == column


def test_missing_columns_are_empty():
    record = record_from_row({"id": "7", "name": "Rahim"})
    assert record == Record(id="7", names=("Rahim",))


HOSTILE = [
    "", " ", "Haji Mullah", "حاجی ملا", "Хаджи Мулло", "12345", "٠١٢٣", "\x00\x01\x02 \x1b[31m", "Ahmad\x00Karimi",
    "Muhammad Рахимов محمد", "Mu\u0647ammad", "x" * 10_000, ("Ahmad " * 2_000), "ــــ", "!!! ???", "\u200c\u200d",
    "s/o", "bin", "Ahmad bin", "o'g'li", "Abd", "Abd al-", "Nur Ullah Ullah Ullah", "🙂 Ahmad 🙂", "ﷲ", "Ⅻ",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_names_never_crash(name):
    other = Record("b", names=("Ahmad Karimi",), birth_date="1985")
    record = Record("a", names=(name,), birth_date="1985")
    scored = score_pair(record, other)
    assert 0.0 <= scored.score <= 1.0
    assert isinstance(scored.explanation(), str)
    assert all(len(k) <= 120 for k in candidate_keys(record))
    assert score_pair(record, record).score >= 0.0


def test_names_made_only_of_titles_are_treated_as_missing():
    scored = score_pair(Record("a", names=("Haji Mullah",)), Record("b", names=("Haji Mullah",)))
    assert [f.code for f in scored.features if f.field == "name"] == ["name.missing"]
    assert candidate_keys(Record("a", names=("Haji Mullah",), birth_date="1985-01-02")) == set()


def test_long_names_are_clipped_and_fast():
    huge = "Ahmad " + "Karimi" * 2_000 + " " + "Rahim " * 1_500
    started = time.perf_counter()
    parsed = parse_name(huge)
    scored = score_pair(Record("a", names=(huge,) * 50), Record("b", names=("Ahmad Karimi",) * 50))
    assert time.perf_counter() - started < 1.0
    assert len(parsed.text) == MAX_NAME_CHARS and len(parsed.tokens) <= MAX_WORDS
    assert 0 <= scored.score <= 1


def test_mixed_scripts_inside_one_name():
    scored = score_pair(Record("a", names=("Muhammad Рахимов",), birth_date="1985"),
                        Record("b", names=("محمد Rahimov",), birth_date="1985"))
    assert scored.score > 0.9


def test_records_with_odd_field_values_still_prepare():
    record = Record("a", names=("Ahmad", None, 5), birth_date="tomorrow", nationality=None, gender="x",
                    identifiers=("", None, "phone:+992935551234"))
    prepared = prepare(record)
    assert prepared.birth == (0, 0, 0) and prepared.gender == "" and prepared.nationality == ""
    assert "phone:+992935551234" in prepared.keys


def test_the_engine_never_imports_django():
    code = ("import sys; import hamkari.matching.engine as e; import hamkari.matching as m; m.score_pair; "
            "e.score_pair(e.Record('a', names=('Ahmad',)), e.Record('b', names=('Ahmad',))); "
            "sys.exit(1 if any(n == 'django' or n.startswith('django.') for n in sys.modules) else 0)")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={"PYTHONPATH": str(ROOT / "src")},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_no_engine_module_mentions_django():
    for path in (ROOT / "src/hamkari/matching/engine").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "import django" not in text and "from django" not in text, path


ALPHABET = ("abcdefghijklmnopqrstuvwxyzABCXYZ'-./ çşžğıüöäé" "абвгдежзийклмнопрстуфхцчшщъыьэюяҳҷғӯқұүөәңіўАБВ"
            "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكةأإآءئؤۀےںڑڈٹښځڅډړږګڼۍې" "0123456789٠١٢٣۴ \t\n\x00\u200c\u0640")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=60), st.text(alphabet=ALPHABET, max_size=60))
def test_any_text_in_the_regions_scripts_scores(a, b):
    scored = score_pair(Record("a", names=(a,), father_name=b[:10], birth_date="1985"),
                        Record("b", names=(b, a[::-1]), birth_date="1985-01-02"))
    assert 0.0 <= scored.score <= 1.0
    assert scored.explanation()
    total = PRIOR + sum(f.weight for f in scored.features)
    assert scored.score == pytest.approx(1 / (1 + 2 ** -total), abs=1e-9)
