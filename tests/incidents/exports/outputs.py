"""Running an export into memory and reading each format back (not a test module)."""

import csv
import io
import json
import zipfile

from hamkari.incidents.exports import export_incidents


def export_bytes(fmt, **kwargs) -> tuple[int, bytes]:
    out = io.BytesIO()
    n = export_incidents(fmt, out, **kwargs)
    return n, out.getvalue()


def csv_dicts(body: bytes) -> list[dict]:
    assert body.startswith(b"\xef\xbb\xbf"), "CSV exports start with a UTF-8 byte order mark for Excel"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def xlsx_sheet(body: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(body)).worksheets[0]


def xlsx_dicts(body: bytes) -> list[dict]:
    rows = list(xlsx_sheet(body).iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row, strict=True)) for row in rows[1:]]


def xlsx_text(body: bytes) -> str:
    """Every XML part of the workbook as text, to search for leaked tokens or formula elements."""
    with zipfile.ZipFile(io.BytesIO(body)) as z:
        return "".join(z.read(name).decode("utf-8") for name in z.namelist() if name.endswith(".xml"))


def ftm_entities(body: bytes) -> list[dict]:
    return [json.loads(line) for line in body.decode("utf-8").splitlines() if line.strip()]


def searchable(fmt, body: bytes) -> str:
    """The export as text, whatever its format, for "does this token appear anywhere" checks."""
    if fmt == "xlsx" or body[:2] == b"PK":
        return xlsx_text(body)
    text = body.decode("utf-8-sig")
    if fmt in ("geojson", "ftm"):
        # JSON may escape non-ASCII; decode every document so tokens are compared as written.
        if fmt == "geojson":
            return json.dumps(json.loads(text), ensure_ascii=False)
        return "\n".join(json.dumps(e, ensure_ascii=False) for e in ftm_entities(body))
    return text
