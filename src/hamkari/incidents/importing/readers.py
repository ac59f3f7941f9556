"""Read an uploaded table, CSV or XLSX, into rows of text keyed by the header.

CSV: any of the delimiters , ; tab | (taken from the header line); UTF-8 with or without BOM, UTF-16 (with a
BOM, or without one when its NUL bytes give it away), and the legacy code pages that the region's offices
still save in: Windows-1251 (Cyrillic), Windows-1256 (Arabic script) and Windows-1252 (Western). A legacy code
page is chosen by charset-normalizer and then checked: the decoded words must be plausible words of one
script (see `plausibility`), because a wrong code page turns Russian into a tangle of Arabic and accented
Latin letters, or Persian into Cyrillic letters of random case, and nothing should be imported as that.

XLSX: read with openpyxl in read-only mode (streaming, so a large sheet costs little memory), and defusedxml
is installed so that openpyxl refuses XML entity tricks. Before openpyxl sees the file we check that it is a
zip with a workbook inside and that its members do not expand past `max_unzipped_bytes` (a zip bomb).

Rows keep the numbers the user sees in a spreadsheet: the header is row 1. Values are text exactly as they
came (CSV), or the cell's value rendered as text (XLSX: dates as ISO dates, whole numbers without ".0").
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt

import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import gettext as _

from hamkari.core.textfiles import (  # noqa: F401 (sniff_delimiter: part of this module's API)
    LineCounter, count_lines, encoding_from_head, sniff_delimiter,
)

LEGACY_ENCODINGS = ("cp1251", "cp1256", "cp1252")
# A record spanning more lines than this is a quote that was never closed, not a long narrative.
MAX_RECORD_LINES = 200
MIN_PLAUSIBILITY = 0.9
SAMPLE_BYTES = 256 * 1024
DEFAULT_MAX_UNZIPPED = 1024 * 1024 * 1024  # 1 GiB: a 100,000-row sheet is about 60 MB of XML
MAX_ZIP_MEMBERS = 10_000
# Spreadsheet XML compresses 10 to 100 times; a large member that compresses 500 times is a bomb's padding.
MAX_RATIO = 500
RATIO_FROM_BYTES = 10 * 1024 * 1024
MAX_FIELD_CHARS = 100_000

csv.field_size_limit(MAX_FIELD_CHARS)


class ReadError(Exception):
    """The file as a whole cannot be read; the message says why and, where it can, on which line."""

    def __init__(self, message, *, line: int | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.line = line


@dataclass
class Row:
    number: int  # as a spreadsheet shows it: the header is row 1
    values: dict[str, str]  # header (surrounding spaces removed) -> text
    extra: list[str] = field(default_factory=list)  # non-empty cells to the right of the last header


@dataclass
class Table:
    kind: str  # "csv" or "xlsx"
    header: list[str]
    rows: Iterator[Row]
    encoding: str = ""
    delimiter: str = ""
    estimated_rows: int | None = None  # data rows, for a progress bar before the end is known
    _closers: list = field(default_factory=list)

    def close(self):
        for closer in self._closers:
            try:
                closer()
            except Exception:  # noqa: BLE001 (closing must never hide the real outcome)
                pass
        self._closers.clear()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def open_table(path, filename: str = "", *, max_unzipped_bytes: int | None = None) -> Table:
    """Open `path` (named `filename` by its user) as a table; ReadError when it cannot be read."""
    path = Path(path)
    suffix = Path(filename or path.name).suffix.lower()
    if suffix == ".xls":
        raise ReadError(_("This is the old Excel format (.xls). Open it in a spreadsheet program and save it as "
                          ".xlsx or as CSV, then upload it again."))
    if suffix in (".xlsx", ".xlsm"):
        return _open_xlsx(path, max_unzipped_bytes)
    if suffix not in (".csv", ".txt", ".tsv", "") and zipfile.is_zipfile(path):
        return _open_xlsx(path, max_unzipped_bytes)
    return _open_csv(path)


# ---------------------------------------------------------------------------------------------------------------
# Encodings


def detect_encoding(path) -> str:
    """The encoding of a text file: BOM first, then UTF-16 by its NUL bytes, then strict UTF-8 over the whole
    file, then the most plausible legacy code page. ReadError when none fits."""
    with open(path, "rb") as f:
        proven = encoding_from_head(f.read(4096))
        if proven:
            return proven
        f.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        utf8 = True
        sample = bytearray()
        while chunk := f.read(1 << 20):
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
            if len(sample) < SAMPLE_BYTES:
                # Only lines with bytes above ASCII tell code pages apart; keep those.
                for line in chunk.split(b"\n"):
                    if not line.isascii():
                        sample += line + b"\n"
            if not utf8 and len(sample) >= SAMPLE_BYTES:
                break
        if utf8:
            try:
                decoder.decode(b"", final=True)
                return "utf-8"
            except UnicodeDecodeError:
                pass
    return legacy_encoding(bytes(sample))


def legacy_encoding(sample: bytes) -> str:
    """The legacy code page under which `sample` reads as plausible text. ReadError when none does."""
    ranked = _charset_normalizer_ranking(sample)
    scores = []
    for rank, encoding in enumerate(ranked):
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        scores.append((plausibility(text), -rank, encoding))
    scores.sort(reverse=True)
    if scores and scores[0][0] >= MIN_PLAUSIBILITY:
        return scores[0][2]
    raise ReadError(_("The file's text encoding could not be recognised: it is neither UTF-8 nor readable as "
                      "Windows-1251 (Cyrillic), Windows-1256 (Arabic script) or Windows-1252. Save the file as "
                      "CSV UTF-8 and upload it again."))


def _charset_normalizer_ranking(sample: bytes) -> list[str]:
    """Legacy code pages, charset-normalizer's best guess first (it weighs letter frequencies by language)."""
    from charset_normalizer import from_bytes

    ranked: list[str] = []
    try:
        for match in from_bytes(sample, cp_isolation=list(LEGACY_ENCODINGS)):
            name = codecs.lookup(match.encoding).name
            for enc in LEGACY_ENCODINGS:
                if codecs.lookup(enc).name == name and enc not in ranked:
                    ranked.append(enc)
    except Exception:  # noqa: BLE001 (a detector failure only loses the tie-break)
        pass
    return ranked + [e for e in LEGACY_ENCODINGS if e not in ranked]


_WORD = re.compile(r"[^\W\d_]+")


def _script(ch: str) -> str:
    cp = ord(ch)
    if cp < 0x80:
        return "ascii"
    if 0x400 <= cp <= 0x52F:
        return "cyrillic"
    if 0x600 <= cp <= 0x6FF or 0x750 <= cp <= 0x77F or 0xFB50 <= cp <= 0xFEFF:
        return "arabic"
    if 0xC0 <= cp <= 0x24F:
        return "latin"
    return "other"


def plausibility(text: str) -> float:
    """The share of words (weighted by length) that look like real words of one script.

    A word is plausible when its letters are of one script (ASCII letters count as Latin), its
    case is lower, UPPER or Capitalised, and, for Latin, most of its letters are plain ASCII. Text decoded
    with the wrong code page fails these: Russian read as Windows-1256 mixes Arabic and accented Latin
    letters, Persian read as Windows-1251 gives Cyrillic words of random case, Russian read as Windows-1252
    gives words made only of accented letters. Text without letters above ASCII is plausible.
    """
    good = total = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        weight = len(word)
        total += weight
        scripts = {_script(ch) for ch in word}
        if "other" in scripts:
            continue
        if "ascii" in scripts:  # plain letters beside accented ones are Latin; beside Cyrillic they are a mix-up
            scripts.discard("ascii")
            scripts.add("latin")
        if len(scripts) > 1:
            continue
        script = scripts.pop()
        if script in ("cyrillic", "latin") and not (word.islower() or word.isupper() or word.istitle()):
            continue
        if script == "latin":
            accented = sum(1 for ch in word if not ch.isascii())
            if len(word) >= 3 and accented * 2 > len(word):
                continue
        if script == "arabic" and any(unicodedata.category(ch) == "Lu" for ch in word):
            continue
        good += weight
    return 1.0 if total == 0 else good / total


# ---------------------------------------------------------------------------------------------------------------
# CSV


def _open_csv(path: Path) -> Table:
    encoding = detect_encoding(path)
    f = open(path, encoding=encoding, newline="", errors="strict")  # noqa: SIM115 (closed by the Table)
    try:
        first = f.readline()
    except UnicodeDecodeError:
        f.close()
        raise ReadError(_("Line %(line)d cannot be read as %(encoding)s. Save the file as CSV UTF-8 and upload it "
                          "again.") % {"line": 1, "encoding": encoding}, line=1) from None
    if not first.strip():
        f.close()
        raise ReadError(_("The file is empty: its first line should be the header with the column names."))
    delimiter = sniff_delimiter(first.lstrip("\ufeff").splitlines()[0] if first.strip() else first)
    f.seek(0)
    lines = LineCounter(f)
    reader = csv.reader(lines, delimiter=delimiter, quotechar='"', strict=True)
    try:
        header_cells = next(reader)
    except csv.Error as exc:
        f.close()
        raise ReadError(_broken_quoting(1, exc), line=1) from None
    except UnicodeDecodeError:
        f.close()
        raise ReadError(_("Line %(line)d cannot be read as %(encoding)s. Save the file as CSV UTF-8 and upload it "
                          "again.") % {"line": 1, "encoding": encoding}, line=1) from None
    header = _clean_header(header_cells)
    estimate = max(count_lines(path) - 1, 0) if encoding not in ("utf-16", "utf-16-le", "utf-16-be") else None
    table = Table("csv", header, _csv_rows(reader, lines, header, encoding, f), encoding=encoding,
                  delimiter=delimiter, estimated_rows=estimate)
    table._closers.append(f.close)
    return table


def _broken_quoting(line, exc) -> str:
    return _("Line %(line)d: a quoted value is not closed, or has text right after its closing quote (%(detail)s). "
             "Check the quotation marks on that line; nothing was imported.") % {"line": line, "detail": str(exc)}


def _csv_rows(reader, lines, header, encoding, f) -> Iterator[Row]:
    number = 1
    try:
        while True:
            start = lines.line + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                if "field larger than field limit" in str(exc):
                    raise ReadError(_("Line %(line)d: a value is longer than %(max)d characters; a quotation mark "
                                      "is probably not closed. Nothing was imported.")
                                    % {"line": start, "max": MAX_FIELD_CHARS}, line=start) from None
                raise ReadError(_broken_quoting(start, exc), line=start) from None
            except UnicodeDecodeError:
                raise ReadError(_("Line %(line)d cannot be read as %(encoding)s. Save the file as CSV UTF-8 and "
                                  "upload it again.") % {"line": lines.line + 1, "encoding": encoding},
                                line=lines.line + 1) from None
            number += 1
            spanned = lines.line - start + 1
            if spanned > MAX_RECORD_LINES or (spanned > 1 and len(cells) > len(header)):
                raise ReadError(_("Line %(line)d: a quoted value runs over %(count)d lines; a quotation mark is "
                                  "probably not closed. Nothing was imported.") % {"line": start, "count": spanned},
                                line=start)
            if not cells or all(not c.strip() for c in cells):
                continue
            yield _row(number, header, cells)
    finally:
        f.close()


def _clean_header(cells) -> list[str]:
    header = [str(c if c is not None else "").strip().lstrip("\ufeff").strip() for c in cells]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise ReadError(_("The first row should be the header with the column names, but it is empty."))
    seen = set()
    for i, name in enumerate(header):
        if not name:
            raise ReadError(_("Column %(n)d of the header has no name.") % {"n": i + 1}, line=1)
        key = name.casefold()
        if key in seen:
            raise ReadError(_("The column “%(name)s” appears twice in the header.") % {"name": name}, line=1)
        seen.add(key)
    return header


def _row(number, header, cells) -> Row:
    values = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(header)}
    extra = [c for c in cells[len(header):] if c.strip()]
    return Row(number, values, extra)


# ---------------------------------------------------------------------------------------------------------------
# XLSX


def check_zip(path, max_unzipped_bytes: int | None = None):
    """Refuse a file that is not a zip holding a workbook, or that would expand past the limit."""
    limit = max_unzipped_bytes or DEFAULT_MAX_UNZIPPED
    not_spreadsheet = _("This file is named .xlsx but is not an Excel spreadsheet. Save it from the spreadsheet "
                        "program as .xlsx (Excel workbook) or as CSV, and upload it again.")
    if not zipfile.is_zipfile(path):
        raise ReadError(not_spreadsheet)
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ReadError(not_spreadsheet) from None
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names and "[Content_Types].xml" not in names:
        raise ReadError(not_spreadsheet)
    # The sizes declared in the zip directory are what zipfile will let each member expand to (it stops and
    # fails a member that tries to exceed its declared size), so summing them bounds the work.
    total = sum(i.file_size for i in infos)
    padded = any(i.file_size > RATIO_FROM_BYTES and i.file_size > MAX_RATIO * max(i.compress_size, 1)
                 for i in infos)
    if len(infos) > MAX_ZIP_MEMBERS or total > limit:
        raise ReadError(_("This spreadsheet would expand to %(size)s MB when opened, more than the limit of "
                          "%(limit)s MB: it is refused (it may be a “zip bomb”). Split it into smaller files or "
                          "save it as CSV.") % {"size": f"{total / 1e6:,.0f}", "limit": f"{limit / 1e6:,.0f}"})
    if padded:
        raise ReadError(_("This spreadsheet is refused: part of it expands more than %(ratio)d times when opened, "
                          "which only a “zip bomb” does. Save the data again as .xlsx or as CSV.")
                        % {"ratio": MAX_RATIO})
    if "xl/workbook.xml" not in names:
        raise ReadError(not_spreadsheet)


def _open_xlsx(path: Path, max_unzipped_bytes) -> Table:
    import openpyxl

    check_zip(path, max_unzipped_bytes)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 (openpyxl raises many kinds; all mean "cannot read it")
        raise ReadError(_("This spreadsheet cannot be read (%(detail)s). Save it again as .xlsx or as CSV and "
                          "upload it again.") % {"detail": type(exc).__name__}) from None
    try:
        if not wb.worksheets:
            raise ReadError(_("This spreadsheet has no sheet."))
        ws = wb.worksheets[0]
        rows = _sheet_rows(ws)
        header_number, header_cells = None, None
        for number, cells in rows:
            if any(c != "" for c in cells):
                header_number, header_cells = number, cells
                break
        if header_cells is None:
            raise ReadError(_("The first sheet is empty: its first row should be the header with the column "
                              "names."))
        header = _clean_header(header_cells)
        max_row = getattr(ws, "max_row", None)
        estimate = max(max_row - header_number, 0) if isinstance(max_row, int) else None
    except ReadError:
        wb.close()
        raise
    except Exception as exc:  # noqa: BLE001
        wb.close()
        raise ReadError(_("This spreadsheet cannot be read (%(detail)s). Save it again as .xlsx or as CSV and "
                          "upload it again.") % {"detail": type(exc).__name__}) from None

    def data_rows():
        try:
            for number, cells in rows:
                if all(c.strip() == "" for c in cells):
                    continue
                yield _row(number, header, cells)
        except ReadError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise ReadError(_("This spreadsheet cannot be read (%(detail)s). Save it again as .xlsx or as CSV "
                              "and upload it again.") % {"detail": type(exc).__name__}) from None
        finally:
            wb.close()

    table = Table("xlsx", header, data_rows(), estimated_rows=estimate)
    table._closers.append(wb.close)
    return table


def _sheet_rows(ws):
    """(row number, [cell text]) for every row of the sheet, numbered as the spreadsheet numbers them."""
    number = 0
    for cells in ws.iter_rows():
        first = next((c for c in cells if getattr(c, "row", None)), None)
        number = first.row if first is not None else number + 1
        yield number, [cell_text(getattr(c, "value", None)) for c in cells]


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


