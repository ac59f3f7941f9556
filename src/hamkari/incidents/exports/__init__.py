"""Exports of incidents and their seizure lines: CSV, XLSX, the UNODC individual drug seizure (IDS) format,
GeoJSON and FollowTheMoney entities. One entry point, `export_incidents`, serves the web page, the API and the
`hamkari export` command, so every export goes through the chokepoint and is audited in one place.

With a user, an export holds exactly what that user may see (and needs `record.export`). Without one it is the
server operator's export from the console: everything, or one agency's, audited as an operator export.
"""

import logging
from datetime import date
from typing import BinaryIO

from hamkari.incidents.exports.progress import Counter
from hamkari.incidents.exports.query import clean_filters, filters_for_audit, incident_queryset

logger = logging.getLogger(__name__)

FORMATS = ("csv", "xlsx", "ids", "geojson", "ftm")

_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ids": "text/csv; charset=utf-8",
    "geojson": "application/geo+json",
    "ftm": "application/x-ndjson",
}
_EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "ids": "ids.csv", "geojson": "geojson", "ftm": "ftm.json"}


def _check(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    return fmt


def content_type(fmt: str) -> str:
    return _CONTENT_TYPES[_check(fmt)]


def filename(fmt: str, *, today: date | None = None) -> str:
    """For example hamkari-incidents-2026-11-28.csv (IDS: hamkari-incidents-2026-11-28.ids.csv)."""
    from django.utils import timezone

    day = today or timezone.localdate()
    return f"hamkari-incidents-{day.isoformat()}.{_EXTENSIONS[_check(fmt)]}"


def export_incidents(fmt: str, out: BinaryIO, *, user=None, agency_code: str | None = None,
                     filters: dict | None = None, request=None, progress=None, ids_as_xlsx: bool = False) -> int:
    """Write the export to the binary stream `out`; return the number of incidents written.

    user: export what this user may see (PermissionDenied without `record.export`); None: operator export.
    agency_code: only this agency's incidents (ValidationError if unknown).
    filters: the incident list's keys (country, substance, substance_group, crime_area, date_from, date_to,
    owner_agency, handling); ValidationError for a malformed date.
    progress: called with the number of incidents dealt with since the last call (for a progress bar).
    ids_as_xlsx: write the IDS export as an XLSX workbook instead of CSV.
    """
    from hamkari.incidents.models import Incident
    from hamkari.sharing import audit
    from hamkari.sharing.models import AuditAction

    _check(fmt)
    filters = clean_filters(filters)
    qs = incident_queryset(user=user, agency_code=agency_code, filters=filters)
    counter = Counter(progress)
    detail = {"format": fmt, "filters": filters_for_audit(filters), "operator": user is None}
    if agency_code:
        detail["agency"] = agency_code

    def record():
        audit.record(AuditAction.EXPORT, actor=user, request=request, detail=detail,
                     object_type=Incident._meta.label_lower)

    try:
        detail.update(_write(fmt, out, qs, user, counter, ids_as_xlsx=ids_as_xlsx))
    except BaseException:
        # Part of the file may already be out (a console export writes straight to disk): record that too,
        # without hiding the original error if the database cannot take the entry any more.
        detail.update(failed=True, rows=counter.written)
        try:
            record()
        except Exception:
            logger.exception("could not audit a failed export")
        raise
    detail["rows"] = counter.written
    record()
    return counter.written


def _write(fmt, out, qs, user, counter, *, ids_as_xlsx=False) -> dict:
    """Write one format; returns what the audit entry should add (for example skipped incidents)."""
    if fmt in ("csv", "xlsx"):
        from hamkari.incidents.exports import tabular, writers

        rows = tabular.rows(qs, user, counter)
        if fmt == "csv":
            writers.write_csv(out, tabular.COLUMNS, rows)
        else:
            writers.write_xlsx(out, tabular.COLUMNS, rows)
        return {}
    if fmt == "ids":
        from hamkari.incidents.exports import ids, writers

        rows = ids.rows(qs, user, counter)
        if ids_as_xlsx:
            writers.write_xlsx(out, ids.COLUMNS, rows, title="IDS")
        else:
            writers.write_csv(out, ids.COLUMNS, rows)
        return {}
    if fmt == "geojson":
        from hamkari.incidents.exports.geojson import write_geojson

        return {"skipped_without_coordinates": write_geojson(out, qs, user, counter)}
    from hamkari.incidents.exports.ftm import write_ftm

    write_ftm(out, qs, user, counter)
    return {}
