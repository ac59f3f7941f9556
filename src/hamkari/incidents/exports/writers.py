"""Writing rows to a binary stream as CSV or XLSX, a bounded amount of memory at a time."""

import codecs
import csv
import io

from hamkari.core.cells import csv_safe, looks_like_formula

# Rows buffered before they are written out: large enough to keep writes few, small enough to stay in memory.
CSV_FLUSH_ROWS = 500
# Excel refuses cells longer than this; a longer narrative is cut with a visible mark rather than corrupting
# the workbook.
XLSX_MAX_CELL = 32767


def write_csv(out, header, rows, *, bom: bool = True) -> None:
    """UTF-8 CSV; the byte order mark makes Excel read Cyrillic and Arabic script correctly."""
    if bom:
        out.write(codecs.BOM_UTF8)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    pending = 1
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
        pending += 1
        if pending >= CSV_FLUSH_ROWS:
            out.write(buffer.getvalue().encode("utf-8"))
            buffer.seek(0)
            buffer.truncate()
            pending = 0
    out.write(buffer.getvalue().encode("utf-8"))


def write_xlsx(out, header, rows, *, title: str = "incidents") -> None:
    """An XLSX workbook written with openpyxl's write-only mode (rows go to a temporary file, not memory)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title)
    sheet.append(list(header))
    for row in rows:
        sheet.append([_xlsx_value(sheet, value) for value in row])
    workbook.save(out)


def _xlsx_value(sheet, value):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE

    if not isinstance(value, str):
        return value
    # Control characters are not allowed in the file format; show that something was there.
    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    if len(text) > XLSX_MAX_CELL:
        text = text[: XLSX_MAX_CELL - 1] + "…"
    if text in ERROR_CODES:  # "#N/A" typed in a record is text, not a spreadsheet error value
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
        return cell
    if not looks_like_formula(text):
        return text
    # Stored as a string cell with the quote prefix: never a formula, not even after someone edits the cell,
    # and the text stays exactly as recorded (no visible apostrophe).
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell
