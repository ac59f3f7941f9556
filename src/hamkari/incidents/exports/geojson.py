"""GeoJSON (RFC 7946): a FeatureCollection of the incidents that have coordinates, one Point feature each,
written feature by feature. Incidents without coordinates (or with impossible ones) are skipped and their number
is given in the collection's foreign member `skipped_without_coordinates`, written last because it is known
only at the end of the stream."""

import json
import math

from django.db.models import Q

from hamkari.core.cells import decimal_text
from hamkari.incidents.exports.query import chunks, with_details
from hamkari.incidents.exports.tabular import date_text


def _has_coordinates():
    return Q(latitude__isnull=False, longitude__isnull=False)


def _valid(lat, lon) -> bool:
    return (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180)


def feature(incident) -> dict:
    substances = [{
        "substance": s.substance,
        "substance_group": s.substance_group,
        "amount": decimal_text(s.amount),
        "unit": s.unit,
        "kg": float(s.amount_kg) if s.amount_kg is not None else None,
    } for s in incident.export_seizures]
    known_kg = [s["kg"] for s in substances if s["kg"] is not None]
    return {
        "type": "Feature",
        "id": incident.pk,
        # RFC 7946: longitude first.
        "geometry": {"type": "Point", "coordinates": [incident.longitude, incident.latitude]},
        "properties": {
            "reference": incident.national_reference,
            "date": date_text(incident.occurred_on, incident.date_precision),
            "date_precision": incident.date_precision,
            "country": incident.country_id,
            "admin1": incident.admin1,
            "place": incident.place_name,
            "location_precision": incident.geo_precision,
            "location_type": incident.location_type,
            "crime_area": incident.crime_area,
            "substances": substances,
            "total_kg": round(sum(known_kg), 4) if known_kg else None,
            "owner_agency": incident.owner_agency.code,
            "handling": incident.handling,
        },
    }


def write_geojson(out, qs, user, counter) -> int:
    """Write the collection; returns the number of incidents skipped for want of coordinates."""
    skipped = qs.exclude(_has_coordinates()).count()
    counter.tick(skipped)
    out.write(b'{"type":"FeatureCollection","features":[')
    first = True
    for batch in chunks(with_details(qs.filter(_has_coordinates()), user)):
        for incident in batch:
            if not _valid(incident.latitude, incident.longitude):
                skipped += 1
                counter.tick(1)
                continue
            text = json.dumps(feature(incident), ensure_ascii=False, separators=(",", ":"))
            out.write((text if first else "," + text).encode("utf-8"))
            first = False
            counter.add(1)
    out.write(f'],"skipped_without_coordinates":{skipped}}}'.encode())
    return skipped
