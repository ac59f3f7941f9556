"""Reading person lists for `hamkari link` and writing its pairs: encodings, delimiters, broken files and bad
rows (each reported with its row and column, never dropped silently), formula-guarded output."""

import codecs
import csv

import pytest

from hamkari.matching.engine.csvio import (
    CsvError,
    PairWriter,
    RowError,
    open_person_file,
    write_problems,
)


def plain_record(values):
    """A stand-in for the engine's record_from_row, so that these tests check the reader alone."""
    if values.get("birth_date") == "not a date":
        raise RowError("birth_date", "not a date")
    return dict(values)


def read(path, **kwargs):
    f = open_person_file(path, make_record=plain_record, **kwargs)
    return f, list(f)


def write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


HEADER = "id,name,aliases,birth_date,nationality,gender\n"


def test_reads_the_columns_and_ignores_others(tmp_path):
    path = write(tmp_path / "a.csv", "ID, Name ,birth_date,note\n1,Мухаммаджон Рахимов,1985-03-02,x\n"
                                      "2,\"Rahimi, Muhammad\",1985,y\n")
    f, records = read(path)
    assert records == [{"id": "1", "name": "Мухаммаджон Рахимов", "birth_date": "1985-03-02"},
                       {"id": "2", "name": "Rahimi, Muhammad", "birth_date": "1985"}]
    assert f.ignored_columns == ("note",)
    assert f.problems == []


@pytest.mark.parametrize("encoding,bom", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-le", b""),
    ("utf-16-be", codecs.BOM_UTF16_BE),
])
def test_encodings(tmp_path, encoding, bom):
    text = HEADER + "a1,محمدجان رحیمی,,1985,AF,m\na2,Мухаммаджон Рахимов,,,,\n"
    path = tmp_path / "a.csv"
    path.write_bytes(bom + text.encode(encoding))
    f, records = read(path)
    assert [r["name"] for r in records] == ["محمدجان رحیمی", "Мухаммаджон Рахимов"]


def test_legacy_code_page_is_recognised(tmp_path):
    rows = "".join(f"{i},Мухаммаджон Рахимов {i},,,Таджикистан,\n" for i in range(50))
    path = write(tmp_path / "a.csv", HEADER + rows, encoding="cp1251")
    f, records = read(path)
    assert f.encoding == "cp1251"
    assert records[0]["name"] == "Мухаммаджон Рахимов 0"


@pytest.mark.parametrize("delimiter", [";", "\t", "|"])
def test_delimiter_is_sniffed(tmp_path, delimiter):
    path = write(tmp_path / "a.csv", f"id{delimiter}name\n1{delimiter}Ali Karimi\n")
    f, records = read(path)
    assert f.delimiter == delimiter
    assert records[0]["name"] == "Ali Karimi"


@pytest.mark.parametrize("text,message", [
    ("", "empty"),
    ("\n\n1,Ali\n", "empty"),
    ("id,fullname\n1,Ali\n", "missing name"),
    ("name\nAli\n", "missing id"),
    ("identifier,person\n1,Ali\n", "missing id, name"),
])
def test_header_problems_are_clear_errors(tmp_path, text, message):
    path = write(tmp_path / "a.csv", text)
    with pytest.raises(CsvError) as exc:
        read(path)
    assert message in str(exc.value)
    assert "a.csv" in str(exc.value)


def test_missing_file(tmp_path):
    with pytest.raises(CsvError, match="no such file"):
        read(tmp_path / "nothing.csv")


def test_unterminated_quote_names_its_line(tmp_path):
    path = write(tmp_path / "a.csv", HEADER + "1,Ali,,,,\n2,\"Karim,,,,\n3,Omar,,,,\n")
    f = open_person_file(path, make_record=plain_record)
    with pytest.raises(CsvError, match="line 3: a quoted value is never closed"):
        list(f)


def test_unterminated_quote_in_a_large_file_stops_early(tmp_path):
    rows = "".join(f"{i},Name {i},,,,\n" for i in range(5000))
    path = write(tmp_path / "a.csv", HEADER + "x,\"Broken,,,,\n" + rows)
    with pytest.raises(CsvError, match="line 2: .*quot"):
        read(path)


def test_nul_bytes_are_a_clear_error(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(HEADER.encode() + b"1,Al\x00i,,,,\n")
    with pytest.raises(CsvError, match="line 2: .*NUL"):
        read(path)


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "a.csv"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(CsvError):
        read(path)


def test_bad_rows_are_reported_with_row_and_column_and_never_dropped_silently(tmp_path):
    long_name = "A" * 10_000
    path = write(tmp_path / "a.csv", HEADER + "1,Ali,,,,\n,Nobody,,,,\n1,Ali again,,,,\n"
                                              f"4,{long_name},,,,\n5,Omar,,not a date,,\n\n6,Karim,,,,\n")
    seen = []
    f, records = read(path, on_problem=seen.append)
    assert [r["id"] for r in records] == ["1", "6"]
    got = [(p.row, p.column, p.reason) for p in f.problems]
    assert got == [
        (3, "id", "the id is empty"),
        (4, "id", "the id is already used on row 2; ids must be unique"),
        (5, "name", "the value is 10,000 characters long, more than the 1,000 a name may have"),
        (6, "birth_date", "not a date"),
    ]
    assert seen == f.problems
    assert f.rows_read == 6 and f.records == 2  # the blank line is not a row
    assert len(f.problems[2].value) < 200  # the report quotes a long value shortened


def test_row_numbers_follow_values_spanning_lines(tmp_path):
    path = write(tmp_path / "a.csv", HEADER + "1,\"Ali\nKarimi\",,,,\n,Empty id,,,,\n")
    f, records = read(path)
    assert f.problems[0].row == 3 and f.problems[0].line == 4


def test_pairs_are_formula_guarded_and_written_whole(tmp_path):
    out = tmp_path / "pairs.csv"
    with PairWriter(out) as w:
        w.write("=HYPERLINK(1)", "r1", 0.98765, "name +6.1 (Ali vs Ali)")
        w.write("l2", "+r2", 0.5, "-1 birth date")
    with open(out, newline="", encoding="utf-8") as f:
        text = f.read()
    assert text.startswith("\ufeff")  # a BOM, so that spreadsheets show every script
    rows = list(csv.reader(text.lstrip("\ufeff").splitlines()))
    assert rows == [["left_id", "right_id", "score", "explanation"],
                    ["'=HYPERLINK(1)", "r1", "0.9877", "name +6.1 (Ali vs Ali)"],
                    ["l2", "'+r2", "0.5000", "'-1 birth date"]]


def test_a_failed_run_leaves_no_pairs_file(tmp_path):
    out = tmp_path / "pairs.csv"
    with pytest.raises(RuntimeError):
        with PairWriter(out) as w:
            w.write("l1", "r1", 1.0, "")
            raise RuntimeError("broken input")
    assert list(tmp_path.iterdir()) == []


def test_problems_file(tmp_path):
    path = write(tmp_path / "a.csv", HEADER + ",=cmd|' /C calc'!A0,,,,\n")
    f, _ = read(path)
    write_problems(tmp_path / "p.csv", f.problems)
    with open(tmp_path / "p.csv", newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["file", "row", "line", "column", "reason", "value"]
    assert rows[1][:5] == ["a.csv", "2", "2", "id", "the id is empty"]


def test_csvio_does_not_need_django():
    import subprocess
    import sys

    code = ("import sys; import hamkari.matching.engine.csvio, hamkari.matching.engine.link; "
            "assert 'django' not in sys.modules, [m for m in sys.modules if m.startswith('django')]")
    subprocess.run([sys.executable, "-c", code], check=True)
