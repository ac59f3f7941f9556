"""The UNODC individual drug seizure (IDS) export: one row per seizure line, in the IDS columns, so that a
country can produce its submission from the data it already reported.

Round trip. An incident imported from an IDS file keeps the file's texts (`Incident.source_values`, column ->
text, written by the importer). Each column is written back as it came unless the incident has been edited
since in a way that changes that column: the original text is read again the way the importer reads it, and
if that gives the incident's current value the original text is written, otherwise the canonical text of the
current value. So exporting what came from an IDS file gives back every row's values unchanged (apart from
row order), and an edit shows up in exactly the columns it touched.

Canonical texts (incidents reported by form or API, and edited columns) come from the vocabularies: UNODC
country names, World Drug Report regions, the substance's first UNODC name, the IDS terms for transport,
hiding place and installation; dates as precise as they are known (YYYY-MM-DD, YYYY-MM or YYYY), amounts as
written (no trailing zeros).
"""

from hamkari.core.cells import decimal_text
from hamkari.incidents.exports.query import chunks, with_details
from hamkari.incidents.exports.tabular import date_text

COLUMNS = ("REGION", "SUBREGION", "COUNTRY", "ADMINISTRATIVE_DIVISION", "PLACE", "SEIZURE_DATE", "DRUG_NAME",
           "AMOUNT", "DRUG_UNIT", "HIDING_PLACE", "INSTALLATION", "TRANSPORT", "PRODUCING_COUNTRY",
           "DEPARTURE_COUNTRY", "DESTINATION_COUNTRY", "ROUTING")
# An incident's source values are IDS ones when they hold the columns an IDS file must have.
_IDS_REQUIRED = {"COUNTRY", "SEIZURE_DATE", "DRUG_NAME", "AMOUNT", "DRUG_UNIT"}

# DRUG_UNIT as UNODC writes it; the importer reads every one of these back to the same unit.
UNIT_TEXTS = {"kg": "Kilograms", "g": "Grams", "l": "Litres", "ml": "Millilitres", "tablet": "Tablets",
              "plant": "Plants", "unit": "Units"}

_UNREADABLE = object()  # an original text that no longer reads: never equal to a current value


def _reads(func, text, *args, **kwargs):
    """What the importer makes of `text`, or _UNREADABLE."""
    try:
        return func(text, *args, **kwargs)
    except (ValueError, TypeError, LookupError):
        return _UNREADABLE


# -- reading an original text as the importer does ------------------------------------------------------------

def _country_code(text):
    """ISO2 or None (empty, "Unknown", "Other"), as the importer stores a country column."""
    from hamkari.incidents.vocab import countries

    if not str(text or "").strip():
        return None
    code = countries.parse_country(text)
    if code is None:
        return _UNREADABLE
    return None if code in (countries.UNKNOWN, countries.OTHER) else code


def _routing_codes(text):
    from hamkari.incidents.vocab import countries

    if not str(text or "").strip():
        return []
    codes = _reads(countries.parse_routing, text)
    if codes is _UNREADABLE:
        return codes
    return [c for c in codes if c not in (countries.UNKNOWN, countries.OTHER)]


def _strip_ends(codes, departure, destination):
    """As the importer does: a departure or destination named at the ends of ROUTING is not a transit."""
    codes = list(codes)
    if codes and departure and codes[0] == departure:
        codes = codes[1:]
    if codes and destination and codes[-1] == destination:
        codes = codes[:-1]
    return codes


def _date(text):
    import datetime as dt

    from hamkari.incidents.importing.values import parse_date

    # A date was not in the future when it was imported, whatever day it is now.
    return _reads(parse_date, str(text).strip(), today=dt.date.max)


def _amount(text):
    from hamkari.incidents.importing.values import parse_amount

    return _reads(parse_amount, str(text).strip())


def _unit(text):
    from hamkari.incidents.importing.values import parse_unit

    return _reads(parse_unit, str(text).strip())


def _substance_code(text):
    from hamkari.incidents.vocab.substances import lookup

    found = lookup(str(text).strip())
    return found.code if found is not None else _UNREADABLE




# -- canonical texts -----------------------------------------------------------------------------------------

def _country_name(code, *, unknown=""):
    from hamkari.incidents.vocab import countries

    if not code:
        return unknown
    try:
        return countries.unodc_name(code)
    except ValueError:
        return code


def _region(code) -> tuple[str, str]:
    from hamkari.incidents.vocab import countries

    if not code:
        return "", ""
    try:
        return countries.region_of(code)
    except (ValueError, KeyError):
        return "", ""


def _routing_text(codes) -> str:
    from hamkari.incidents.vocab import countries

    try:
        return countries.format_routing(list(codes))
    except ValueError:
        return " > ".join(codes)


def _drug_name(seizure) -> str:
    from hamkari.incidents.vocab.substances import SUBSTANCES

    substance = SUBSTANCES.get(seizure.substance)
    if substance is None or not substance.unodc_names:
        return seizure.drug_name_as_reported or seizure.substance
    return substance.unodc_names[0]


def _term(func, code) -> str:
    try:
        return func(code)
    except ValueError:
        return ""


def _transport(incident) -> str:
    from hamkari.incidents.vocab import ids_terms

    # The conveyance as written ("Kamaz truck") says more than the canonical term, when it reads as the mode.
    if incident.conveyance and ids_terms.transport_from_ids(incident.conveyance) == incident.transport_mode:
        return incident.conveyance
    return _term(ids_terms.ids_transport, incident.transport_mode)


def _hiding_place(incident) -> str:
    from hamkari.incidents.vocab import ids_terms

    if incident.concealment_detail and \
            ids_terms.concealment_from_ids(incident.concealment_detail) == incident.concealment:
        return incident.concealment_detail
    return _term(ids_terms.ids_concealment, incident.concealment)


def _installation(incident) -> str:
    from hamkari.incidents.vocab import ids_terms

    return _term(ids_terms.ids_installation, incident.location_type)


# -- one incident ---------------------------------------------------------------------------------------------

def _route(incident):
    return [t.country_id for t in incident.export_transits]


def canonical_incident(incident) -> dict:
    region, subregion = _region(incident.country_id)
    transits = _route(incident)
    full_route = [c for c in (incident.departure_country_id,) if c] + transits + \
        [c for c in (incident.destination_country_id,) if c]
    return {
        "REGION": region,
        "SUBREGION": subregion,
        "COUNTRY": _country_name(incident.country_id, unknown="Unknown"),
        "ADMINISTRATIVE_DIVISION": incident.admin1,
        "PLACE": incident.place_name,
        "SEIZURE_DATE": date_text(incident.occurred_on, incident.date_precision),
        "HIDING_PLACE": _hiding_place(incident),
        "INSTALLATION": _installation(incident),
        "TRANSPORT": _transport(incident),
        "PRODUCING_COUNTRY": _country_name(incident.producing_country_id),
        "DEPARTURE_COUNTRY": _country_name(incident.departure_country_id),
        "DESTINATION_COUNTRY": _country_name(incident.destination_country_id),
        # Departure and destination included: that is how route files read, and the importer takes them off.
        "ROUTING": _routing_text(full_route) if transits or len(full_route) > 1 else "",
    }


def canonical_seizure(seizure) -> dict:
    return {"DRUG_NAME": _drug_name(seizure), "AMOUNT": decimal_text(seizure.amount),
            "DRUG_UNIT": UNIT_TEXTS.get(seizure.unit, seizure.unit)}


def is_ids_source(values) -> bool:
    return isinstance(values, dict) and _IDS_REQUIRED <= set(values)


def incident_columns(incident) -> dict:
    """The incident's IDS columns: original texts where they still say what the incident says."""
    from hamkari.incidents.vocab import ids_terms

    canonical = canonical_incident(incident)
    source = incident.source_values
    if not is_ids_source(source):
        return canonical
    original = {c: source.get(c) or "" for c in COLUMNS}
    kept = {}

    def keep_if(column, unchanged):
        kept[column] = original[column] if unchanged else canonical[column]

    country = _country_code(original["COUNTRY"])
    keep_if("COUNTRY", country == (incident.country_id or None))
    # The region follows the country: kept as written while the country is.
    keep_if("REGION", country == (incident.country_id or None))
    keep_if("SUBREGION", country == (incident.country_id or None))
    keep_if("ADMINISTRATIVE_DIVISION", original["ADMINISTRATIVE_DIVISION"].strip() == incident.admin1)
    keep_if("PLACE", original["PLACE"].strip() == incident.place_name)
    keep_if("SEIZURE_DATE", _date(original["SEIZURE_DATE"]) == (incident.occurred_on, incident.date_precision))
    keep_if("HIDING_PLACE", original["HIDING_PLACE"].strip() == incident.concealment_detail
            and ids_terms.concealment_from_ids(original["HIDING_PLACE"].strip()) == incident.concealment)
    keep_if("TRANSPORT", original["TRANSPORT"].strip() == incident.conveyance
            and ids_terms.transport_from_ids(original["TRANSPORT"].strip()) == incident.transport_mode)
    keep_if("INSTALLATION",
            ids_terms.location_type_from_ids(original["INSTALLATION"].strip()) == incident.location_type)
    ends = {}
    for column, attname in (("PRODUCING_COUNTRY", "producing_country_id"),
                            ("DEPARTURE_COUNTRY", "departure_country_id"),
                            ("DESTINATION_COUNTRY", "destination_country_id")):
        ends[column] = _country_code(original[column])
        keep_if(column, ends[column] == (getattr(incident, attname) or None))
    routing = _routing_codes(original["ROUTING"])
    same_route = (routing is not _UNREADABLE
                  and _strip_ends(routing, ends["DEPARTURE_COUNTRY"], ends["DESTINATION_COUNTRY"]) == _route(incident)
                  and ends["DEPARTURE_COUNTRY"] == (incident.departure_country_id or None)
                  and ends["DESTINATION_COUNTRY"] == (incident.destination_country_id or None))
    keep_if("ROUTING", same_route)
    return kept


def seizure_columns(incident, seizure, *, first: bool = True) -> dict:
    """The seizure line's IDS columns. An IDS row is one seizure line: only the incident's first line can be
    the one the file described; lines added since are written in canonical texts."""
    canonical = canonical_seizure(seizure)
    source = incident.source_values
    if not first or not is_ids_source(source):
        return canonical
    original = {c: source.get(c) or "" for c in ("DRUG_NAME", "AMOUNT", "DRUG_UNIT")}
    return {
        "DRUG_NAME": original["DRUG_NAME"] if _substance_code(original["DRUG_NAME"]) == seizure.substance
        else canonical["DRUG_NAME"],
        "AMOUNT": original["AMOUNT"] if _amount(original["AMOUNT"]) == seizure.amount else canonical["AMOUNT"],
        "DRUG_UNIT": original["DRUG_UNIT"] if _unit(original["DRUG_UNIT"]) == seizure.unit
        else canonical["DRUG_UNIT"],
    }


def rows(qs, user, counter):
    """One row per seizure line (text cells); an incident without seizure lines has nothing to report."""
    for batch in chunks(with_details(qs, user)):
        for incident in batch:
            if not incident.export_seizures:
                counter.tick(1)
                continue
            head = incident_columns(incident)
            for i, seizure in enumerate(incident.export_seizures):
                values = {**head, **seizure_columns(incident, seizure, first=i == 0)}
                yield [values[c] for c in COLUMNS]
            counter.add(1)
