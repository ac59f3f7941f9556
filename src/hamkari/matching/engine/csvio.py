"""Person lists in and pairs out for `hamkari link`. Pure Python, no Django import.

Input: a CSV file with a header. The columns id, name, aliases (separated by "|"), birth_date (YYYY, YYYY-MM or
YYYY-MM-DD), nationality (a country name or ISO code) and gender are read; only id and name are required, other
columns are ignored. Encodings: UTF-8 with or without a BOM, UTF-16 (with a BOM, or without one when its NUL
bytes give it away); a file in none of these is read in the legacy code page charset-normalizer recognises
(Windows-1251, -1256 or -1252) and the summary says so. The delimiter (, ; tab |) is taken from the header line.

Two kinds of trouble, kept apart because they call for different answers:
- the file as a whole cannot be read (no id or name column, a quote never closed, NUL bytes, an unknown
  encoding): `CsvError`, whose message says what and on which line; nothing is linked.
- one row is wrong (empty id, an id used twice, a 10,000-character name, a birth date that is not a date):
  a `Problem` with the row number (the header is row 1, as a spreadsheet shows it), the column and the reason.
  The row is left out of the linking, and every such row is reported: never a silent drop.

Output: PAIRS.csv with left_id, right_id, score (0 to 1, four decimals), explanation; UTF-8 with a BOM (so that
spreadsheet programs show Cyrillic and Arabic script), every text cell guarded against formula injection.
"""

from __future__ import annotations

import codecs
import csv
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from hamkari.core.cells import csv_safe
from hamkari.core.textfiles import LineCounter, count_lines, encoding_from_head, sniff_delimiter

COLUMNS = ("id", "name", "aliases", "birth_date", "nationality", "gender")
REQUIRED = ("id", "name")
LEGACY_ENCODINGS = ("cp1251", "cp1256", "cp1252")
# A value longer than this is a quote that was never closed (the reader swallowed the lines after it).
MAX_FIELD_CHARS = 100_000
# A record spanning more lines than this is likewise an unclosed quote, not a name with line breaks.
MAX_RECORD_LINES = 20
# Longer values are not names, dates or codes: the row is reported instead of being compared.
MAX_ID_CHARS = 200
MAX_VALUE_CHARS = 1_000
PAIRS_HEADER = ("left_id", "right_id", "score", "explanation")
PROBLEMS_HEADER = ("file", "row", "line", "column", "reason", "value")

csv.field_size_limit(MAX_FIELD_CHARS)


class CsvError(Exception):
    """The file cannot be read as a person list; the message says why and, where it can, on which line."""

    def __init__(self, message: str, *, path: str = "", line: int | None = None):
        self.message = message
        self.path = path
        self.line = line
        super().__init__(f"{path}: {message}" if path else message)


@dataclass(frozen=True, slots=True)
class Problem:
    """One row that was left out, and why."""

    file: str
    row: int  # as a spreadsheet numbers it: the header is row 1
    line: int  # physical line where the row starts (differs from `row` after values spanning lines)
    column: str
    reason: str
    value: str = ""

    def __str__(self) -> str:
        value = f" ({self.value!r})" if self.value else ""
        return f"{self.file}, row {self.row}, column {self.column}: {self.reason}{value}"


def _default_make_record() -> Callable:
    from hamkari.matching.engine.records import BadRow, record_from_row

    def make(row):
        try:
            return record_from_row(row)
        except BadRow as exc:
            column = getattr(exc, "column", "") or ""
            reason = getattr(exc, "reason", "") or str(exc)
            raise RowError(column, reason) from None

    return make


class RowError(Exception):
    """Raised by a record maker for one bad value: (column, reason)."""

    def __init__(self, column: str, reason: str):
        super().__init__(f"{column}: {reason}")
        self.column = column
        self.reason = reason


@dataclass
class PersonFile:
    """A person list opened for reading: iterate it for its records (rows with problems are left out and kept in
    `problems`). `CsvError` is raised on opening, or while iterating when the file breaks further down."""

    path: Path
    label: str
    make_record: Callable
    encoding: str = ""
    delimiter: str = ""
    columns: tuple[str, ...] = ()  # the header's recognised columns
    ignored_columns: tuple[str, ...] = ()
    identifier_columns: tuple[str, ...] = ()  # columns read as identifiers (`hamkari link --identifier`)
    estimated_rows: int = 0
    rows_read: int = 0
    records: int = 0
    problems: list[Problem] = field(default_factory=list)
    on_problem: Callable[[Problem], None] | None = None
    _ids: dict = field(default_factory=dict, repr=False)

    def __iter__(self) -> Iterator:
        return self._records()

    def _problem(self, row, line, column, reason, value=""):
        problem = Problem(self.label, row, line, column, reason, _shorten(value))
        self.problems.append(problem)
        if self.on_problem is not None:
            self.on_problem(problem)

    def _records(self):
        f = open(self.path, encoding=self.encoding, newline="", errors="strict")  # noqa: SIM115 (closed below)
        try:
            lines = _LineCounter(f, self.path)
            reader = csv.reader(lines, delimiter=self.delimiter, quotechar='"', strict=True)
            header = next(reader)
            positions = _positions(header, self.identifier_columns)
            row = 1
            while True:
                start = lines.line + 1
                try:
                    cells = next(reader)
                except StopIteration:
                    break
                except csv.Error as exc:
                    raise self._broken(start, exc) from None
                if lines.line - start + 1 > MAX_RECORD_LINES:
                    raise CsvError(f"line {start}: a quoted value runs over {lines.line - start + 1} lines; a "
                                   "quotation mark is probably not closed", path=str(self.path), line=start)
                row += 1
                if not cells or all(not c.strip() for c in cells):
                    continue  # a blank line is not a person
                self.rows_read += 1
                values = {name: (cells[i].strip() if i < len(cells) else "") for name, i in positions.items()}
                record = self._record(row, start, values)
                if record is not None:
                    self.records += 1
                    yield record
        except UnicodeDecodeError as exc:
            raise CsvError(f"line {lines.line + 1} cannot be read as {self.encoding} ({exc.reason}); save the "
                           "file as CSV UTF-8", path=str(self.path), line=lines.line + 1) from None
        finally:
            f.close()
            self._ids = {}  # only needed while reading

    def _record(self, row, line, values):
        record_id = values["id"]
        if not record_id:
            return self._problem(row, line, "id", "the id is empty")
        if len(record_id) > MAX_ID_CHARS:
            return self._problem(row, line, "id", f"the id is longer than {MAX_ID_CHARS} characters", record_id)
        for column, value in values.items():
            if len(value) > MAX_VALUE_CHARS:
                return self._problem(row, line, column, f"the value is {len(value):,} characters long, more than "
                                     f"the {MAX_VALUE_CHARS:,} a {column} may have", value)
        first = self._ids.get(record_id)
        if first is not None:
            return self._problem(row, line, "id", f"the id is already used on row {first}; ids must be unique",
                                 record_id)
        try:
            record = self.make_record({k: v for k, v in values.items() if k not in self.identifier_columns})
        except RowError as exc:
            return self._problem(row, line, exc.column, exc.reason, values.get(exc.column, ""))
        extra = identifier_keys(self.identifier_columns, values)
        if extra:
            record = replace(record, identifiers=tuple(dict.fromkeys((*record.identifiers, *extra))))
        self._ids[record_id] = row
        return record

    def _broken(self, line, exc) -> CsvError:
        text = str(exc)
        if "field larger than field limit" in text:
            reason = (f"a value is longer than {MAX_FIELD_CHARS:,} characters; a quotation mark is probably "
                      "not closed")
        elif "unexpected end of data" in text:
            reason = "a quoted value is never closed before the end of the file"
        else:
            reason = f"a quoted value is not closed, or has text right after its closing quote ({text})"
        return CsvError(f"line {line}: {reason}", path=str(self.path), line=line)


def identifier_keys(columns, values) -> list[str]:
    """Keys of the identifier columns a user named: "column:value", the value without case, spaces or
    punctuation, so that "123 456-789" and "123456789" meet. Two records sharing one are strong evidence."""
    keys = []
    for column in columns:
        folded = "".join(ch for ch in values.get(column, "").casefold() if ch.isalnum())
        if folded:
            keys.append(f"{column}:{folded}"[:120])
    return keys


def open_person_file(path, *, label: str = "", make_record: Callable | None = None,
                     on_problem: Callable[[Problem], None] | None = None,
                     identifier_columns=()) -> PersonFile:
    """Open a person list; checks the encoding and the header at once (CsvError), the rows as they are read.
    `identifier_columns`: other columns to read as identifiers (a national ID number, a file number); by
    default every column but the six of the format is ignored."""
    path = Path(path)
    label = label or path.name
    if not path.is_file():
        raise CsvError("no such file", path=str(path))
    encoding = detect_encoding(path)
    with open(path, encoding=encoding, newline="", errors="strict") as f:
        try:
            first = f.readline(MAX_FIELD_CHARS)
        except UnicodeDecodeError:
            raise CsvError(f"line 1 cannot be read as {encoding}; save the file as CSV UTF-8", path=str(path),
                           line=1) from None
    if "\x00" in first:
        raise CsvError("line 1 contains a NUL byte: this is not a text CSV file", path=str(path), line=1)
    if not first.strip():
        raise CsvError("the file is empty or its first line is blank: the first line must be the header with the "
                       "columns id, name (and optionally aliases, birth_date, nationality, gender)", path=str(path),
                       line=1)
    delimiter = sniff_delimiter(first.lstrip("\ufeff").splitlines()[0])
    try:
        header = next(csv.reader([first], delimiter=delimiter, quotechar='"', strict=True))
    except csv.Error as exc:
        raise CsvError(f"line 1 (the header) cannot be read: {exc}", path=str(path), line=1) from None
    identifier_columns = tuple(dict.fromkeys(_column(c) for c in identifier_columns if _column(c)))
    clash = [c for c in identifier_columns if c in COLUMNS]
    if clash:
        raise CsvError(f"{', '.join(clash)} is a column of the format; --identifier names another column, such as "
                       "a national ID number", path=str(path), line=1)
    positions = _positions(header, identifier_columns)
    missing = [c for c in (*REQUIRED, *identifier_columns) if c not in positions]
    if missing:
        found = ", ".join(h.strip() for h in header if h.strip()) or "nothing"
        wanted = " and ".join((", ".join(("id", *identifier_columns)), "name")) if identifier_columns else "id and name"
        raise CsvError(f"the header must have the columns {wanted}; missing {', '.join(missing)} (the first "
                       f"line has: {_shorten(found)})", path=str(path), line=1)
    ignored = tuple(h.strip() for h in header
                    if _column(h) not in COLUMNS and _column(h) not in identifier_columns and h.strip())
    estimate = count_lines(path) - 1 if not encoding.startswith("utf-16") else 0
    return PersonFile(path, label, make_record or _default_make_record(), encoding=encoding, delimiter=delimiter,
                      columns=tuple(positions), ignored_columns=ignored, estimated_rows=max(estimate, 0),
                      on_problem=on_problem, identifier_columns=identifier_columns)


def _column(name: str) -> str:
    return name.strip().lstrip("\ufeff").strip().casefold().replace(" ", "_").replace("-", "_")


def _positions(header, extra=()) -> dict[str, int]:
    positions: dict[str, int] = {}
    for i, name in enumerate(header):
        key = _column(name)
        if (key in COLUMNS or key in extra) and key not in positions:  # a repeated column: the first one counts
            positions[key] = i
    return positions


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[:limit] + f"… ({len(text):,} characters)"


class _LineCounter(LineCounter):
    """Also refuses NUL bytes (Python's csv module reads them as text since 3.11, but no person list has them: the
    file is binary or mis-encoded)."""

    def __init__(self, f, path):
        super().__init__(f)
        self.path = path

    def __next__(self):
        line = super().__next__()
        if "\x00" in line:
            raise CsvError(f"line {self.line}: the line contains a NUL byte: this is not a text CSV file (or it "
                           "is UTF-16 without a BOM)", path=str(self.path), line=self.line)
        return line


def detect_encoding(path) -> str:
    """BOM first, then UTF-16 by its NUL bytes, then strict UTF-8 over the whole file, then a legacy code page
    recognised by charset-normalizer. CsvError when none fits."""
    with open(path, "rb") as f:
        proven = encoding_from_head(f.read(4096))
        if proven:
            return proven
        f.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        sample = bytearray()
        try:
            while chunk := f.read(1 << 20):
                if len(sample) < 256 * 1024:
                    sample += chunk[: 256 * 1024]
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "utf-8"
        except UnicodeDecodeError:
            pass
    return _legacy_encoding(path, bytes(sample))


def _legacy_encoding(path, sample: bytes) -> str:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(sample, cp_isolation=list(LEGACY_ENCODINGS)).best()
    except Exception:  # noqa: BLE001 (a detector failure means "not recognised", said below)
        best = None
    if best is not None:
        name = codecs.lookup(best.encoding).name
        for encoding in LEGACY_ENCODINGS:
            if codecs.lookup(encoding).name == name:
                return encoding
    raise CsvError("the text encoding is not recognised: the file is neither UTF-8 nor UTF-16 nor readable as "
                   "Windows-1251, -1256 or -1252; save it as CSV UTF-8", path=str(path))


# ---------------------------------------------------------------------------------------------------------------
# Output


class PairWriter:
    """Writes PAIRS.csv into a temporary file beside it and moves it into place on success, so that a failed run
    never leaves a half-written file that looks complete."""

    def __init__(self, path):
        self.path = Path(path)
        self.tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        self.rows = 0
        self._f = None

    def __enter__(self):
        self._f = open(self.tmp, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 (closed in __exit__)
        self._writer = csv.writer(self._f)
        self._writer.writerow(PAIRS_HEADER)
        return self

    def write(self, left_id: str, right_id: str, score: float, explanation: str) -> None:
        self._writer.writerow((csv_safe(left_id), csv_safe(right_id), f"{score:.4f}", csv_safe(explanation)))
        self.rows += 1

    def __exit__(self, exc_type, exc, tb):
        self._f.close()
        if exc_type is None:
            os.replace(self.tmp, self.path)
        else:
            self.tmp.unlink(missing_ok=True)
        return False


def write_problems(path, problems: list[Problem]) -> None:
    """One line per row left out: file, row, line, column, reason, value (UTF-8 with a BOM)."""
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(PROBLEMS_HEADER)
        for p in problems:
            writer.writerow((csv_safe(p.file), p.row, p.line, csv_safe(p.column), csv_safe(p.reason),
                             csv_safe(p.value)))
