"""The CSV and XLSX exports: one row per seizure line, the incident's fields repeated, plus one row for each
incident without seizure lines. Column names are stable codes (not translated), so that a spreadsheet or a
script built on one export keeps working on the next, in any interface language; values are codes too
(ISO 3166 country codes, the vocabulary's substance codes, the choices' values).
"""

from hamkari.incidents.exports.query import chunks, with_details

INCIDENT_COLUMNS = (
    "incident_id", "national_reference", "owner_agency", "owner_country", "handling", "reliability", "accuracy",
    "date", "date_precision", "country", "admin1", "admin2", "place_name", "latitude", "longitude",
    "geo_precision", "location_type", "border_crossing", "crime_area", "producing_country", "departure_country",
    "transit_countries", "destination_country", "transport_mode", "conveyance", "concealment",
    "concealment_detail", "persons_arrested", "source_type", "verification", "possible_duplicate", "narrative",
)
SEIZURE_COLUMNS = (
    "seizure_position", "substance", "substance_group", "drug_name_as_reported", "amount", "unit", "purity",
    "price", "currency", "amount_kg", "conversion_rule",
)
COLUMNS = INCIDENT_COLUMNS + SEIZURE_COLUMNS


def date_text(day, precision) -> str:
    """The date as precise as it is known: 2019-05-17, 2019-05 or 2019."""
    if day is None:
        return ""
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


def incident_cells(incident) -> list:
    return [
        incident.pk, incident.national_reference, incident.owner_agency.code, incident.owner_country_id,
        incident.handling, incident.reliability, incident.accuracy,
        date_text(incident.occurred_on, incident.date_precision), incident.date_precision, incident.country_id,
        incident.admin1, incident.admin2, incident.place_name, incident.latitude, incident.longitude,
        incident.geo_precision, incident.location_type,
        (incident.border_crossing.code or incident.border_crossing.name) if incident.border_crossing else None,
        incident.crime_area, incident.producing_country_id, incident.departure_country_id,
        ";".join(t.country_id for t in incident.export_transits), incident.destination_country_id,
        incident.transport_mode, incident.conveyance, incident.concealment, incident.concealment_detail,
        incident.persons_arrested, incident.source_type, incident.verification, incident.possible_duplicate,
        incident.narrative,
    ]


def seizure_cells(seizure) -> list:
    return [
        seizure.position, seizure.substance, seizure.substance_group, seizure.drug_name_as_reported,
        seizure.amount, seizure.unit, seizure.purity, seizure.price, seizure.currency, seizure.amount_kg,
        seizure.conversion_rule,
    ]


def rows(qs, user, counter):
    """Cell values (numbers stay numbers, for XLSX) of every row; `counter.add(1)` per incident written."""
    empty = [None] * len(SEIZURE_COLUMNS)
    for batch in chunks(with_details(qs, user)):
        for incident in batch:
            head = incident_cells(incident)
            if not incident.export_seizures:
                yield head + empty
            for seizure in incident.export_seizures:
                yield head + seizure_cells(seizure)
            counter.add(1)
