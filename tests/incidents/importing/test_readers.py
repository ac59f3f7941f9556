"""Reading real files: encodings, delimiters, broken quoting, XLSX, files that only pretend to be XLSX."""

import zipfile

import pytest

from hamkari.incidents.importing import readers
from hamkari.incidents.importing.readers import ReadError, open_table

from .files import write_csv, write_xlsx

HEADER = ["COUNTRY", "PLACE", "DRUG_NAME", "AMOUNT"]
RUSSIAN = [["Tajikistan", "Хорог", "Героин", "1,5"], ["Kyrgyzstan", "Ош, рынок", "Гашиш", "20"]]
PERSIAN = [["Iran", "مشهد", "تریاک", "300"], ["Afghanistan", "هرات", "هروئین", "2"]]
ARABIC_LETTERS = [["Iran", "مشهد", "ترياک", "300"], ["Afghanistan", "هرات", "هروئين", "2"]]  # encodable in 1256
WESTERN = [["Germany", "Köln", "Kokain", "3"], ["Türkiye", "İzmir", "Eroin", "1"]]


def rows_of(path, filename=None):
    with open_table(path, filename or path.name) as table:
        return table, [(r.number, r.values) for r in table.rows]


@pytest.mark.parametrize("encoding, bom, rows, expected", [
    ("utf-8", False, RUSSIAN + PERSIAN, "utf-8"),
    ("utf-8", True, RUSSIAN + PERSIAN, "utf-8-sig"),
    ("utf-16", False, RUSSIAN + PERSIAN, "utf-16"),  # Python writes UTF-16 with its BOM
    ("utf-16-le", False, RUSSIAN, "utf-16-le"),  # no BOM: recognised by its NUL bytes
    ("cp1251", False, RUSSIAN, "cp1251"),
    ("cp1256", False, ARABIC_LETTERS, "cp1256"),
])
def test_encodings_are_detected_and_decoded(tmp_path, encoding, bom, rows, expected):
    path = write_csv(tmp_path / "f.csv", HEADER, rows, encoding=encoding, bom=bom)
    table, got = rows_of(path)
    assert table.encoding == expected
    assert table.header == HEADER
    assert [list(values.values()) for _n, values in got] == rows
    assert [n for n, _v in got] == list(range(2, len(rows) + 2))


def test_cyrillic_and_arabic_code_pages_are_not_confused(tmp_path):
    """The same bytes decode under every legacy code page; only the right one gives plausible words."""
    ru = write_csv(tmp_path / "ru.csv", HEADER, RUSSIAN * 20, encoding="cp1251")
    fa = write_csv(tmp_path / "fa.csv", HEADER, ARABIC_LETTERS * 20, encoding="cp1256")
    assert readers.detect_encoding(ru) == "cp1251"
    assert readers.detect_encoding(fa) == "cp1256"
    ru_bytes = ru.read_bytes()
    assert readers.plausibility(ru_bytes.decode("cp1251")) == 1.0
    assert readers.plausibility(ru_bytes.decode("cp1256")) < readers.MIN_PLAUSIBILITY
    fa_bytes = fa.read_bytes()
    assert readers.plausibility(fa_bytes.decode("cp1251", errors="replace")) < readers.MIN_PLAUSIBILITY


def test_western_code_page_is_read(tmp_path):
    path = write_csv(tmp_path / "de.csv", HEADER, WESTERN[:1], encoding="cp1252")
    _table, got = rows_of(path)
    assert got[0][1]["PLACE"] == "Köln"


def test_unreadable_encoding_is_refused_clearly(tmp_path):
    path = tmp_path / "noise.csv"
    # Bytes that are not UTF-8 and read as no plausible text in any of the code pages.
    path.write_bytes(b"COUNTRY,PLACE\n" + bytes(range(0x80, 0x100)) * 4 + b",x\n")
    with pytest.raises(ReadError, match="encoding could not be recognised"):
        open_table(path, "noise.csv")


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_any_delimiter(tmp_path, delimiter):
    rows = [["Afghanistan", "Kabul, district 5", "Heroin", "1,5"], ["Pakistan", "Quetta", "Hashish", "2"]]
    path = write_csv(tmp_path / "d.csv", HEADER, rows, delimiter=delimiter)
    table, got = rows_of(path)
    assert table.delimiter == delimiter
    assert got[0][1] == dict(zip(HEADER, rows[0], strict=True))


def test_quoted_values_with_delimiters_and_line_breaks_are_kept(tmp_path):
    path = tmp_path / "q.csv"
    path.write_text('COUNTRY,PLACE,NOTE\nAfghanistan,"Kabul, PD 5","two\nlines"\nPakistan,Quetta,x\n',
                    encoding="utf-8")
    _table, got = rows_of(path)
    assert got[0] == (2, {"COUNTRY": "Afghanistan", "PLACE": "Kabul, PD 5", "NOTE": "two\nlines"})
    assert got[1][0] == 3


def test_blank_lines_are_skipped_but_numbered(tmp_path):
    path = tmp_path / "b.csv"
    path.write_text("A,B\n1,2\n\n,\n3,4\n", encoding="utf-8")
    _table, got = rows_of(path)
    assert got == [(2, {"A": "1", "B": "2"}), (5, {"A": "3", "B": "4"})]


def test_text_after_a_closing_quote_names_the_line(tmp_path):
    path = tmp_path / "broken.csv"
    path.write_text('A,B\n1,2\n3,"four"five\n6,7\n', encoding="utf-8")
    with open_table(path, "broken.csv") as table:
        rows = table.rows
        assert next(rows).number == 2
        with pytest.raises(ReadError, match="Line 3") as info:
            next(rows)
    assert info.value.line == 3


def test_a_quote_never_closed_names_the_line_where_it_opens(tmp_path):
    path = tmp_path / "open.csv"
    body = "".join(f"{i},x\n" for i in range(5))
    path.write_text('A,B\n1,"never closed\n' + body, encoding="utf-8")
    with open_table(path, "open.csv") as table, pytest.raises(ReadError, match="Line 2") as info:
        list(table.rows)
    assert "quot" in info.value.message


def test_duplicate_and_empty_headers_are_refused(tmp_path):
    dup = tmp_path / "dup.csv"
    dup.write_text("A,a\n1,2\n", encoding="utf-8")
    with pytest.raises(ReadError, match="appears twice"):
        open_table(dup, "dup.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ReadError, match="empty"):
        open_table(empty, "empty.csv")


def test_extra_cells_are_reported_with_the_row(tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text("A,B\n1,2,3\n", encoding="utf-8")
    _table, _rows = rows_of(path)
    with open_table(path, "extra.csv") as table:
        row = next(table.rows)
    assert row.extra == ["3"]


def test_xlsx_rows_keep_spreadsheet_numbers_and_cell_types(tmp_path):
    import datetime as dt

    path = write_xlsx(tmp_path / "s.xlsx", ["DATE", "AMOUNT", "PLACE"],
                      [[dt.datetime(2023, 5, 14), 12.5, "Хорог"], [None, None, None], [dt.date(2022, 1, 2), 3, "x"]])
    table, got = rows_of(path)
    assert table.kind == "xlsx" and table.header == ["DATE", "AMOUNT", "PLACE"]
    assert got == [(2, {"DATE": "2023-05-14", "AMOUNT": "12.5", "PLACE": "Хорог"}),
                   (4, {"DATE": "2022-01-02", "AMOUNT": "3", "PLACE": "x"})]


def test_a_text_file_named_xlsx_is_refused(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("COUNTRY,AMOUNT\nAfghanistan,1\n", encoding="utf-8")
    with pytest.raises(ReadError, match="not an Excel spreadsheet"):
        open_table(path, "fake.xlsx")


def test_a_zip_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "docs.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    with pytest.raises(ReadError, match="not an Excel spreadsheet"):
        open_table(path, "docs.xlsx")


def test_a_broken_workbook_is_refused(tmp_path):
    path = tmp_path / "broken.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<not-a-workbook")
    with pytest.raises(ReadError, match="cannot be read"):
        open_table(path, "broken.xlsx")


def _bomb(path, megabytes):
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            for _ in range(megabytes):
                f.write(b"\0" * (1 << 20))
    return path


def test_a_zip_bomb_is_refused_before_it_is_opened(tmp_path):
    path = _bomb(tmp_path / "bomb.xlsx", 24)
    assert path.stat().st_size < 100_000  # 24 MB of zeros packed into a few kilobytes
    with pytest.raises(ReadError, match="zip bomb"):
        open_table(path, "bomb.xlsx")


def test_a_workbook_past_the_expansion_limit_is_refused(tmp_path, settings):
    path = _bomb(tmp_path / "big.xlsx", 3)
    with pytest.raises(ReadError, match="more than the limit of 2 MB"):
        open_table(path, "big.xlsx", max_unzipped_bytes=2_000_000)


def test_old_excel_format_is_named(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    with pytest.raises(ReadError, match=r"\.xls"):
        open_table(path, "old.xls")


def test_sniffing_ignores_delimiters_inside_quotes():
    assert readers.sniff_delimiter('"A;B;C",D,E') == ","
    assert readers.sniff_delimiter("A;B;C") == ";"
    assert readers.sniff_delimiter("A\tB|C\tD") == "\t"
    assert readers.sniff_delimiter("ONLY") == ","
