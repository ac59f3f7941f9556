"""Cell values that are safe to open in a spreadsheet. Pure Python, no Django import.

A text cell that begins with = + - @ (or a tab or carriage return, which some spreadsheets skip before
reading a formula) is run as a formula when a CSV file is opened in Excel or LibreOffice: "formula
injection" (OWASP, CSV injection). Anyone who can put text into a record (a name, a place, an imported
file) could otherwise make an analyst's spreadsheet fetch a URL or run a command.

- CSV has no cell types, so the text gets a leading apostrophe, which spreadsheets read as "this is text".
  The one rule for every CSV the platform writes (record exports, incident exports, import reports).
- XLSX has types: the writers store such text as a string cell with the "quote prefix" style, so the value
  stays exactly as recorded, is never a formula, and stays text when someone edits the cell.
"""

from datetime import date, datetime
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    # A cell of dashes alone ("-", "--", written for "unknown" in many files) is text to every spreadsheet:
    # a formula needs something after the sign. Leaving it alone keeps such files' values unchanged.
    return text[:1] in FORMULA_STARTS and text.strip("-") != ""


def csv_safe(value) -> str:
    """`value` as CSV text that no spreadsheet runs as a formula."""
    text = plain_text(value)
    return "'" + text if looks_like_formula(text) else text


def plain_text(value) -> str:
    """`value` as text: None is empty, decimals without trailing zeros, dates in ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return str(value)


def decimal_text(value: Decimal | None) -> str:
    """12.3450 -> "12.345", 1200.0000 -> "1200" (never "1.2E+3")."""
    if value is None:
        return ""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"
