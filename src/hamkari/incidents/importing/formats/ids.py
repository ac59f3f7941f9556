"""The UNODC individual drug seizure (IDS) format: one seizure per row, one row per incident.

Columns (headers in any case, surrounding spaces ignored; older files' names in brackets):
REGION, SUBREGION, COUNTRY [COUNTRY_OF_SEIZURE], ADMINISTRATIVE_DIVISION, PLACE, SEIZURE_DATE, DRUG_NAME,
AMOUNT [AMOUNT_OF_DRUG], DRUG_UNIT, HIDING_PLACE, INSTALLATION, TRANSPORT, PRODUCING_COUNTRY,
DEPARTURE_COUNTRY, DESTINATION_COUNTRY, ROUTING. docs/import.md explains each.

Every column's text is kept as it came in Incident.source_values, under the modern column name, so that the
IDS export gives the row back unchanged. The seizing country may be any country: a seizure in Germany on a
route through Afghanistan belongs in the region's picture; the importing agency owns the record.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamkari.incidents.importing.formats.base import Context, Outcome, Record, RowErrors, crime_area_for, fingerprint
from hamkari.incidents.importing.readers import ReadError
from hamkari.incidents.importing.values import (
    clean_text, parse_amount, parse_date, parse_unit_factor, scale_amount,
)
from hamkari.incidents.models import Incident, Seizure, SourceType
from hamkari.incidents.vocab import ids_terms
from hamkari.incidents.vocab.derive import seizure_derived

CODE = "ids"

COLUMNS = ("REGION", "SUBREGION", "COUNTRY", "ADMINISTRATIVE_DIVISION", "PLACE", "SEIZURE_DATE", "DRUG_NAME",
           "AMOUNT", "DRUG_UNIT", "HIDING_PLACE", "INSTALLATION", "TRANSPORT", "PRODUCING_COUNTRY",
           "DEPARTURE_COUNTRY", "DESTINATION_COUNTRY", "ROUTING")
OLDER_NAMES = {"COUNTRY_OF_SEIZURE": "COUNTRY", "AMOUNT_OF_DRUG": "AMOUNT"}
REQUIRED = ("COUNTRY", "SEIZURE_DATE", "DRUG_NAME", "AMOUNT", "DRUG_UNIT")

# What each column means, for the documentation page and the error messages (docs/import.md says more).
DESCRIPTIONS = {
    "REGION": gettext_lazy("UNODC region of the seizing country. Kept as written; the platform derives it."),
    "SUBREGION": gettext_lazy("UNODC subregion of the seizing country. Kept as written."),
    "COUNTRY": gettext_lazy("Country where the seizure was made, as UNODC writes it (any country)."),
    "ADMINISTRATIVE_DIVISION": gettext_lazy("Province or region of the seizure."),
    "PLACE": gettext_lazy("Place of the seizure, in any script; geocoded with the gazetteer."),
    "SEIZURE_DATE": gettext_lazy("Date of the seizure."),
    "DRUG_NAME": gettext_lazy("Drug, from the substance list."),
    "AMOUNT": gettext_lazy("Amount seized, greater than zero."),
    "DRUG_UNIT": gettext_lazy("Unit of the amount."),
    "HIDING_PLACE": gettext_lazy("Where the drugs were hidden."),
    "INSTALLATION": gettext_lazy("Kind of place: border crossing, airport, seaport, ..."),
    "TRANSPORT": gettext_lazy("Means of transport."),
    "PRODUCING_COUNTRY": gettext_lazy("Country where the drug was produced."),
    "DEPARTURE_COUNTRY": gettext_lazy("Country the consignment left from."),
    "DESTINATION_COUNTRY": gettext_lazy("Country the consignment was going to."),
    "ROUTING": gettext_lazy("Countries on the route, in order, separated by “ > ” or commas."),
}

_MAX = {name: Incident._meta.get_field(name).max_length
        for name in ("admin1", "place_name", "conveyance", "concealment_detail")}
_DRUG_NAME_MAX = Seizure._meta.get_field("drug_name_as_reported").max_length


class IdsFormat:
    code = CODE
    # The columns an import key is made of, in a fixed order, so older and modern names give the same key.
    key_columns = COLUMNS

    def __init__(self):
        self.columns: dict[str, str] = {}  # modern name -> header as written in the file
        self.ignored: list[str] = []

    def prepare(self, header: list[str]) -> list[str]:
        """Map the file's headers to the modern column names; ReadError when a required one is missing.
        Returns the headers that are not IDS columns (they are ignored, and the report says so)."""
        self.columns, self.ignored = {}, []
        for name in header:
            key = "_".join(name.strip().upper().split())
            key = OLDER_NAMES.get(key, key)
            if key in COLUMNS and key not in self.columns:
                self.columns[key] = name
            else:
                self.ignored.append(name)
        missing = [c for c in REQUIRED if c not in self.columns]
        if missing:
            raise ReadError(_("This is not an IDS file: the column(s) %(columns)s are missing. The header must "
                              "have %(required)s (older files: COUNTRY_OF_SEIZURE, AMOUNT_OF_DRUG).")
                            % {"columns": ", ".join(missing), "required": ", ".join(REQUIRED)}, line=1)
        return self.ignored

    def outcomes(self, rows, ctx: Context, on_row=None):
        for row in rows:
            if on_row:
                on_row()
            yield self.outcome(row, ctx)

    def outcome(self, row, ctx: Context) -> Outcome:
        source = {c: row.values.get(self.columns[c], "") if c in self.columns else "" for c in COLUMNS}
        errors = RowErrors(row.number)
        if row.extra:
            errors.add("", _("This row has %(count)d more cells than the header has columns: a value probably "
                             "contains the delimiter without quotes.") % {"count": len(row.extra)},
                       " | ".join(row.extra))
        v = {c: source[c].strip() for c in COLUMNS}

        incident: dict = {"source_type": SourceType.FILE_IMPORT}
        col = self.columns.get
        if v["COUNTRY"]:
            country = errors.check(col("COUNTRY"), source["COUNTRY"], ctx.country, v["COUNTRY"])
            incident["country_id"] = country or None
        else:
            errors.add(col("COUNTRY"), _("The country is missing; write “Unknown” if it is not known."))
        for column, attname in (("PRODUCING_COUNTRY", "producing_country_id"),
                                ("DEPARTURE_COUNTRY", "departure_country_id"),
                                ("DESTINATION_COUNTRY", "destination_country_id")):
            if v[column]:
                code = errors.check(col(column), source[column], ctx.country, v[column])
                incident[attname] = code or None
        transits = errors.check(col("ROUTING"), source["ROUTING"], ctx.routing, v["ROUTING"]) if v["ROUTING"] else []

        if v["SEIZURE_DATE"]:
            when = errors.check(col("SEIZURE_DATE"), source["SEIZURE_DATE"], ctx.memo, parse_date,
                                v["SEIZURE_DATE"], today=ctx.today)
            if when:
                incident["occurred_on"], incident["date_precision"] = when
        else:
            errors.add(col("SEIZURE_DATE"), _("The date is missing."))

        for column, attname in (("ADMINISTRATIVE_DIVISION", "admin1"), ("PLACE", "place_name"),
                                ("TRANSPORT", "conveyance"), ("HIDING_PLACE", "concealment_detail")):
            text = errors.check(col(column), source[column], clean_text, source[column], _MAX[attname])
            if text is not None:
                incident[attname] = text
        incident["transport_mode"] = ctx.memo(ids_terms.transport_from_ids, v["TRANSPORT"])
        incident["concealment"] = ctx.memo(ids_terms.concealment_from_ids, v["HIDING_PLACE"])
        incident["location_type"] = ctx.memo(ids_terms.location_type_from_ids, v["INSTALLATION"])

        seizure = self._seizure(errors, source, v, col, ctx)
        if errors:
            return Outcome([row.number], problems=errors.problems)
        incident["crime_area"] = crime_area_for(seizure["substance_group"])
        transits = _strip_ends(transits or [], incident.get("departure_country_id"),
                               incident.get("destination_country_id"))
        # The country and the province stay as the file says (the IDS export gives them back as written).
        ctx.locate(incident, place=incident.get("place_name", ""), division=incident.get("admin1", ""),
                   fill=False)
        key_text = fingerprint(v.values())
        record = Record(rows=[row.number], fingerprint=key_text, incident=incident, seizures=[seizure],
                        transits=transits, source_values=source)
        return Outcome([row.number], record=record)

    def _seizure(self, errors, source, v, col, ctx) -> dict | None:
        from hamkari.incidents.services import check_amount

        substance = amount = unit = None
        if v["DRUG_NAME"]:
            substance = errors.check(col("DRUG_NAME"), source["DRUG_NAME"], ctx.substance, v["DRUG_NAME"])
            if len(v["DRUG_NAME"]) > _DRUG_NAME_MAX:
                errors.add(col("DRUG_NAME"), _("At most %(max)d characters (this text has %(count)d).")
                           % {"max": _DRUG_NAME_MAX, "count": len(v["DRUG_NAME"])}, source["DRUG_NAME"])
        else:
            errors.add(col("DRUG_NAME"), _("The drug name is missing."))
        if v["AMOUNT"]:
            amount = errors.check(col("AMOUNT"), source["AMOUNT"], parse_amount, v["AMOUNT"])
        else:
            errors.add(col("AMOUNT"), _("The amount is missing."))
        if v["DRUG_UNIT"]:
            unit = errors.check(col("DRUG_UNIT"), source["DRUG_UNIT"], ctx.memo, parse_unit_factor,
                                v["DRUG_UNIT"])
            if unit is not None:
                unit, factor = unit
                if amount is not None and factor != 1:  # "2 tonnes" is recorded as 2000 kg; the text is kept
                    amount = errors.check(col("AMOUNT"), source["AMOUNT"], scale_amount, amount, factor)
        else:
            errors.add(col("DRUG_UNIT"), _("The unit is missing."))
        if amount is not None and unit is not None:
            if errors.check(col("AMOUNT"), source["AMOUNT"], check_amount, amount, unit) is None:
                return None
        if substance is None or amount is None or unit is None:
            return None
        return seizure_line(substance, amount, unit, v["DRUG_NAME"], errors, col("DRUG_NAME"))


def seizure_line(substance, amount, unit, as_reported, errors, column, **extra) -> dict | None:
    try:
        derived = seizure_derived(substance.code, amount, unit)
    except ValueError as exc:
        errors.add(column, str(exc), as_reported)
        return None
    return {"substance": substance.code, "substance_group": derived["substance_group"],
            "drug_name_as_reported": as_reported[:_DRUG_NAME_MAX], "amount": amount, "unit": unit,
            "amount_kg": derived["amount_kg"], "conversion_rule": derived["conversion_rule"] or "", **extra}


def _strip_ends(codes: list[str], departure, destination) -> list[str]:
    """ROUTING often names the departure and destination countries too; the model keeps those apart from the
    transit countries, so a departure country at the start and a destination country at the end are taken
    off (the ROUTING text itself is kept as written). The IDS export reads ROUTING back the same way."""
    codes = list(codes)
    if codes and departure and codes[0] == departure:
        codes = codes[1:]
    if codes and destination and codes[-1] == destination:
        codes = codes[:-1]
    return codes
