"""The downloadable Hamkari template, generated at request time in the user's language.

Sheet "Incidents": the header row to fill in (column names stay in English: they are what the importer reads).
Sheet "Columns": every column's meaning, whether it is required, its allowed values and an example.
Sheet "Substances": the controlled vocabulary, with every name the importer accepts.
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from hamkari.incidents.importing.formats.hamkari import COLUMNS
from hamkari.incidents.vocab.substances import GROUPS, SUBSTANCES


def template_csv() -> bytes:
    """The header row alone, UTF-8 with a BOM (so spreadsheet programs open non-Latin text correctly)."""
    out = io.StringIO()
    csv.writer(out).writerow([c.name for c in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx() -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    wb = Workbook()

    sheet = wb.active
    sheet.title = "Incidents"
    sheet.append([c.name for c in COLUMNS])
    for i, column in enumerate(COLUMNS, start=1):
        cell = sheet.cell(row=1, column=i)
        cell.font = bold
        sheet.column_dimensions[cell.column_letter].width = max(14, len(column.name) + 2)
        if column.name == "unit":
            check = DataValidation(type="list", formula1='"kg,g,l,ml,tablet,plant,unit"', allow_blank=True)
            check.error = _("Use one of: kg, g, l, ml, tablet, plant, unit.")
            check.errorStyle = "warning"
            sheet.add_data_validation(check)
            check.add(f"{cell.column_letter}2:{cell.column_letter}10000")
    sheet.freeze_panes = "A2"

    columns = wb.create_sheet("Columns")
    columns.append([_("How to fill in this template")])
    columns["A1"].font = Font(bold=True, size=13)
    for line in (
        _("One seizure per row, in the first sheet. Rows that share a national_reference are one incident with "
          "several seizure lines; their incident columns must agree (they may be left empty on the later rows)."),
        _("Keep the column names of the header row as they are; columns may be left out or reordered, except the "
          "required ones. Save as .xlsx, or as CSV (UTF-8, any delimiter)."),
        _("Every row is either imported or listed in the import report with its row number, column and reason. "
          "Importing the same file again imports nothing new."),
    ):
        columns.append([line])
    columns.append([])
    header_row = columns.max_row + 1
    columns.append([_("Column"), _("Meaning"), _("Required"), _("Allowed values"), _("Example")])
    for cell in columns[header_row]:
        cell.font = bold
    for column in COLUMNS:
        columns.append([column.name, str(column.meaning), _("yes") if column.required else _("no"),
                        str(column.allowed), column.example])
    for letter, width in zip("ABCDE", (24, 60, 10, 45, 28), strict=True):
        columns.column_dimensions[letter].width = width
    for row in columns.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = wrap
    notes = columns.max_row + 2
    columns.cell(row=notes, column=1, value=_("Units")).font = bold
    columns.cell(row=notes, column=2, value=_(
        "kg, g, l, ml, tablet, plant or unit, or the usual words for them in English, Russian, Dari, Farsi, "
        "Pashto and Urdu (Kilogram, кг, کیلوگرام, ...). Tonnes, pounds and milligrams are converted.")).alignment = wrap

    substances = wb.create_sheet("Substances")
    substances.append([_("Code"), _("Name"), _("Group"), _("Usual unit"), _("Other names accepted")])
    for cell in substances[1]:
        cell.font = bold
    for s in SUBSTANCES.values():
        others = [n for n in (*s.unodc_names, *s.aliases) if n != s.name]
        substances.append([s.code, s.name, GROUPS.get(s.group, s.group), s.default_unit, "; ".join(others)])
    for letter, width in zip("ABCDE", (28, 34, 28, 12, 80), strict=True):
        substances.column_dimensions[letter].width = width
    substances.freeze_panes = "A2"

    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
