"""Exports through the API: the incidents the caller may see, as CSV, XLSX, UNODC IDS, GeoJSON or
FollowTheMoney entities, through the same `export_incidents` as the web page and the command (chokepoint and
audit trail included). Needs `record.export`."""

import tempfile
from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import FileResponse
from ninja import Query, Router, Schema
from ninja.errors import HttpError

from hamkari.api.common import AgencyCode, CountryCode, errors
from hamkari.incidents import exports
from hamkari.incidents.api import CrimeAreaEnum, HandlingEnum, SubstanceGroupEnum, SubstanceName, substance_code

router = Router(tags=["exports"])
SPOOL_IN_MEMORY = 8 * 1024 * 1024  # bigger exports are spooled to a temporary file, then streamed

FormatEnum = Literal[tuple(exports.FORMATS)]  # type: ignore[valid-type]


class ExportFilters(Schema):
    country: CountryCode | None = None
    substance: SubstanceName | None = None
    substance_group: SubstanceGroupEnum | None = None
    crime_area: CrimeAreaEnum | None = None
    date_from: date | None = None
    date_to: date | None = None
    handling: HandlingEnum | None = None
    owner_agency: AgencyCode | None = None


_MEDIA = {
    "text/csv": {"schema": {"type": "string"}},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {"type": "string", "format": "binary"}},
    "application/geo+json": {"schema": {"type": "object"}},
    "application/x-ndjson": {"schema": {"type": "string"}},
}
FILE_RESPONSE = {"responses": {200: {
    "description": "The file: csv and ids as CSV, xlsx as a workbook, geojson as a GeoJSON FeatureCollection, "
                   "ftm as FollowTheMoney entities, one JSON object per line.",
    "content": _MEDIA}}}


@router.get("/{fmt}", response={200: None, **errors(400, 401, 403, 422)}, openapi_extra=FILE_RESPONSE,
            summary="Export the incidents you may see",
            description="Filters as on the incident list. Needs a role that may export; audited.")
def export(request, fmt: FormatEnum, filters: Query[ExportFilters]):
    values = filters.dict(exclude_none=True)
    if "substance" in values:
        values["substance"] = substance_code(values["substance"])
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)
    try:
        exports.export_incidents(fmt, out, user=request.user, filters=values, request=request)
    except ValidationError as exc:
        out.close()
        messages = exc.messages if hasattr(exc, "messages") else [str(exc)]
        raise HttpError(400, " ".join(str(m) for m in messages)) from None
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename=exports.filename(fmt),
                        content_type=exports.content_type(fmt))
