"""Writers of real import files for the tests: CSV in any encoding and delimiter, XLSX through openpyxl.
Not a test module."""

import csv
import io

IDS_HEADER = ["REGION", "SUBREGION", "COUNTRY", "ADMINISTRATIVE_DIVISION", "PLACE", "SEIZURE_DATE", "DRUG_NAME",
              "AMOUNT", "DRUG_UNIT", "HIDING_PLACE", "INSTALLATION", "TRANSPORT", "PRODUCING_COUNTRY",
              "DEPARTURE_COUNTRY", "DESTINATION_COUNTRY", "ROUTING"]


def ids_row(**values) -> dict:
    """An IDS row with sensible defaults; keyword names are the column names."""
    row = {"REGION": "Asia", "SUBREGION": "South-West Asia", "COUNTRY": "Afghanistan",
           "ADMINISTRATIVE_DIVISION": "Nangarhar", "PLACE": "Torkham", "SEIZURE_DATE": "2023-05-14",
           "DRUG_NAME": "Heroin", "AMOUNT": "12.5", "DRUG_UNIT": "Kilogram", "HIDING_PLACE": "Fuel tank",
           "INSTALLATION": "Border crossing", "TRANSPORT": "Truck", "PRODUCING_COUNTRY": "Afghanistan",
           "DEPARTURE_COUNTRY": "Afghanistan", "DESTINATION_COUNTRY": "Pakistan", "ROUTING": "Afghanistan > Pakistan"}
    row.update(values)
    return row


def csv_text(header, rows, *, delimiter=",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header] if isinstance(row, dict) else row)
    return out.getvalue()


def write_csv(path, header, rows, *, delimiter=",", encoding="utf-8", bom=False):
    data = csv_text(header, rows, delimiter=delimiter).encode(encoding)
    if bom:
        data = ("\ufeff".encode(encoding) if encoding.startswith("utf-8") else b"") + data
    path.write_bytes(data)
    return path


def write_xlsx(path, header, rows, *, sheets=None):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(header)
    for row in rows:
        ws.append([row.get(h) for h in header] if isinstance(row, dict) else list(row))
    for title, content in (sheets or {}).items():
        extra = wb.create_sheet(title)
        for line in content:
            extra.append(line)
    wb.save(path)
    return path
