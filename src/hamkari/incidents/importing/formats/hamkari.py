"""The Hamkari template: one seizure per row; rows that share a national_reference are one incident with several
seizure lines. Optional columns name a suspect, a phone, a vehicle and a passport involved in the incident.

`COLUMNS` is the one description of the template: the importer reads it, `importing/template.py` writes the
downloadable workbook and its "Columns" sheet from it, and docs/import.md repeats it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamkari.incidents.importing.formats.base import (
    Context, Outcome, Problem, Record, RowErrors, crime_area_for, fingerprint, normalise,
)
from hamkari.incidents.importing.formats.ids import seizure_line
from hamkari.incidents.importing.readers import ReadError
from hamkari.incidents.importing.values import (
    BadValue, clean_text, parse_amount, parse_date, parse_int, parse_number, parse_unit_factor, scale_amount,
)
from hamkari.incidents.models import (
    Concealment, CrimeArea, GeoPrecision, Incident, LocationType, SourceType, TransportMode,
)
from hamkari.sharing.models import Accuracy, Reliability

CODE = "hamkari"
INCIDENT, SEIZURE, ENTITY = "incident", "seizure", "entity"


@dataclass(frozen=True)
class Column:
    name: str
    level: str  # incident, seizure or entity
    required: bool
    meaning: object  # lazily translated
    allowed: object
    example: str


def _choices_text(choices) -> str:
    return ", ".join(choices.values)


COLUMNS = (
    Column("national_reference", INCIDENT, False,
           gettext_lazy("Your agency's reference for the incident. Rows with the same reference are one incident "
                        "with several seizure lines."),
           gettext_lazy("Text, up to 100 characters"), "KBL-2024-0153"),
    Column("date", INCIDENT, True, gettext_lazy("Date of the incident or seizure."),
           gettext_lazy("YYYY-MM-DD, DD/MM/YYYY or DD.MM.YYYY; YYYY-MM or YYYY when only the month or year is "
                        "known"), "2024-03-17"),
    Column("country", INCIDENT, False,
           gettext_lazy("Country where it happened. Empty: your agency's country."),
           gettext_lazy("ISO code (AF) or name as UNODC writes it"), "AF"),
    Column("province", INCIDENT, False, gettext_lazy("Province or region."),
           gettext_lazy("Text, in any script"), "Nangarhar"),
    Column("district", INCIDENT, False, gettext_lazy("District."), gettext_lazy("Text, in any script"),
           "Mohmand Dara"),
    Column("place", INCIDENT, False,
           gettext_lazy("Place name, in the script it was written in; located with the gazetteer."),
           gettext_lazy("Text, in any script"), "Torkham"),
    Column("latitude", INCIDENT, False, gettext_lazy("Latitude, when the exact position is known."),
           gettext_lazy("Decimal degrees, -90 to 90"), "34.1036"),
    Column("longitude", INCIDENT, False, gettext_lazy("Longitude, when the exact position is known."),
           gettext_lazy("Decimal degrees, -180 to 180"), "71.0853"),
    Column("location_type", INCIDENT, False, gettext_lazy("Kind of place."), _choices_text(LocationType),
           "border_crossing"),
    Column("crime_area", INCIDENT, False,
           gettext_lazy("Crime area. Empty: drug trafficking, or precursors for precursor substances."),
           _choices_text(CrimeArea), "drugs"),
    Column("transport_mode", INCIDENT, False, gettext_lazy("Means of transport."), _choices_text(TransportMode),
           "road"),
    Column("conveyance", INCIDENT, False, gettext_lazy("Conveyance: truck, bus, flight number, vessel name."),
           gettext_lazy("Text"), "Truck, Kamaz"),
    Column("concealment", INCIDENT, False, gettext_lazy("How the goods were hidden."), _choices_text(Concealment),
           "vehicle"),
    Column("concealment_detail", INCIDENT, False, gettext_lazy("Concealment method in words."),
           gettext_lazy("Text"), "Inside the fuel tank"),
    Column("producing_country", INCIDENT, False, gettext_lazy("Country where the drug was produced."),
           gettext_lazy("ISO code or name"), "AF"),
    Column("departure_country", INCIDENT, False, gettext_lazy("Country the consignment left from."),
           gettext_lazy("ISO code or name"), "AF"),
    Column("transit_countries", INCIDENT, False, gettext_lazy("Transit countries, in order."),
           gettext_lazy("ISO codes or names separated by “ > ” or commas"), "PK > IR"),
    Column("destination_country", INCIDENT, False, gettext_lazy("Country the consignment was going to."),
           gettext_lazy("ISO code or name"), "TR"),
    Column("persons_arrested", INCIDENT, False, gettext_lazy("Number of persons arrested."),
           gettext_lazy("Whole number"), "2"),
    Column("narrative", INCIDENT, False, gettext_lazy("What happened, in a few sentences."),
           gettext_lazy("Text, line breaks allowed"), "Search of a truck at the crossing."),
    Column("reliability", INCIDENT, False, gettext_lazy("Source reliability. Empty: X."),
           _choices_text(Reliability), "B"),
    Column("accuracy", INCIDENT, False, gettext_lazy("Information accuracy. Empty: 4."), _choices_text(Accuracy),
           "2"),
    Column("substance", SEIZURE, True, gettext_lazy("Substance seized (see the Substances sheet)."),
           gettext_lazy("A code or any listed name, in any language"), "heroin"),
    Column("amount", SEIZURE, True, gettext_lazy("Amount seized, greater than zero."),
           gettext_lazy("Number; 1.5 or 1,5; thousands separators allowed"), "12.5"),
    Column("unit", SEIZURE, True, gettext_lazy("Unit of the amount."), "kg, g, l, ml, tablet, plant, unit", "kg"),
    Column("purity", SEIZURE, False, gettext_lazy("Purity in per cent, when analysed."),
           gettext_lazy("Number above 0, at most 100"), "62"),
    Column("price", SEIZURE, False, gettext_lazy("Estimated value of the amount seized."),
           gettext_lazy("Number"), "18000"),
    Column("currency", SEIZURE, False, gettext_lazy("Currency of the price."),
           gettext_lazy("ISO 4217 code"), "USD"),
    Column("suspect_name", ENTITY, False, gettext_lazy("A suspect's name, as written, in any script."),
           gettext_lazy("Text"), "Gul Mohammad"),
    Column("suspect_aliases", ENTITY, False, gettext_lazy("The suspect's other names."),
           gettext_lazy("Names separated by ;"), "Gul Mohammed; Гул Мухаммад"),
    Column("suspect_birth_date", ENTITY, False, gettext_lazy("The suspect's birth date."),
           gettext_lazy("YYYY-MM-DD, YYYY-MM or YYYY"), "1985"),
    Column("suspect_nationality", ENTITY, False, gettext_lazy("The suspect's nationality."),
           gettext_lazy("ISO code or name"), "AF"),
    Column("phone", ENTITY, False, gettext_lazy("A phone number used (with +country code, or national)."),
           gettext_lazy("Phone number"), "+93 70 123 4567"),
    Column("vehicle_plate", ENTITY, False, gettext_lazy("Plate of a vehicle used."), gettext_lazy("Text"),
           "KBL 12345"),
    Column("vehicle_country", ENTITY, False, gettext_lazy("Country of the vehicle's registration."),
           gettext_lazy("ISO code or name"), "AF"),
    Column("passport_number", ENTITY, False, gettext_lazy("Number of a passport involved."),
           gettext_lazy("Letters and digits"), "P01234567"),
    Column("passport_country", ENTITY, False, gettext_lazy("Country that issued the passport."),
           gettext_lazy("ISO code or name"), "AF"),
)
COLUMN_NAMES = tuple(c.name for c in COLUMNS)
INCIDENT_COLUMNS = tuple(c.name for c in COLUMNS if c.level == INCIDENT)
REQUIRED = tuple(c.name for c in COLUMNS if c.required)
_CHOICES = {"location_type": LocationType, "crime_area": CrimeArea, "transport_mode": TransportMode,
            "concealment": Concealment}
_TEXT = {"province": ("admin1", False), "district": ("admin2", False), "place": ("place_name", False),
         "conveyance": ("conveyance", False), "concealment_detail": ("concealment_detail", False),
         "narrative": ("narrative", True), "national_reference": ("national_reference", False)}
MAX_NARRATIVE = 20_000
_TWO_PLACES = Decimal("0.01")


def _max_length(attname):
    return Incident._meta.get_field(attname).max_length or MAX_NARRATIVE


@dataclass
class _Row:
    number: int
    values: dict
    incident: dict
    seizure: dict | None
    involvements: list
    reliability: str
    accuracy: str
    problems: list
    fingerprint: str


class HamkariFormat:
    code = CODE

    def __init__(self):
        self.columns: dict[str, str] = {}
        self.ignored: list[str] = []
        self._choice_words = {name: _choice_words(choices) for name, choices in _CHOICES.items()}

    def prepare(self, header: list[str]) -> list[str]:
        self.columns, self.ignored = {}, []
        for name in header:
            key = "_".join(name.strip().lower().split())
            if key in COLUMN_NAMES and key not in self.columns:
                self.columns[key] = name
            else:
                self.ignored.append(name)
        missing = [c for c in REQUIRED if c not in self.columns]
        if missing:
            raise ReadError(_("This is not a Hamkari template: the column(s) %(columns)s are missing. Download the "
                              "template from the import page.") % {"columns": ", ".join(missing)}, line=1)
        return self.ignored

    def outcomes(self, rows, ctx: Context, on_row=None):
        """Rows without a national reference are incidents at once; rows with one wait for the rest of their
        group, so the groups come out when the file has been read (template files are form-sized)."""
        groups: dict[str, list[_Row]] = {}
        for row in rows:
            if on_row:
                on_row()
            parsed = self._row(row, ctx)
            reference = parsed.incident.get("national_reference", "")
            if reference:
                groups.setdefault(reference, []).append(parsed)
            else:
                yield self._group([parsed], ctx, check_reference=False)
        for group in groups.values():
            yield self._group(group, ctx, check_reference=True)

    # One row ----------------------------------------------------------------------------------------------

    def _row(self, row, ctx: Context) -> _Row:
        values = {c: row.values.get(self.columns[c], "") if c in self.columns else "" for c in COLUMN_NAMES}
        errors = RowErrors(row.number)
        if row.extra:
            errors.add("", _("This row has %(count)d more cells than the header has columns: a value probably "
                             "contains the delimiter without quotes.") % {"count": len(row.extra)},
                       " | ".join(row.extra))
        v = {c: values[c].strip() for c in COLUMN_NAMES}
        incident: dict = {}

        for column, (attname, multiline) in _TEXT.items():
            if v[column]:
                text = errors.check(column, values[column], clean_text, values[column], _max_length(attname),
                                    multiline=multiline)
                if text is not None:
                    incident[attname] = text
        if v["date"]:
            when = errors.check("date", values["date"], ctx.memo, parse_date, v["date"], today=ctx.today)
            if when:
                incident["occurred_on"], incident["date_precision"] = when
        if v["country"]:
            code = errors.check("country", values["country"], ctx.country, v["country"])
            if code:
                incident["country_id"] = code
        for column in ("producing_country", "departure_country", "destination_country"):
            if v[column]:
                code = errors.check(column, values[column], ctx.country, v[column])
                if code:
                    incident[f"{column}_id"] = code
        if v["transit_countries"]:
            transits = errors.check("transit_countries", values["transit_countries"], ctx.routing,
                                    v["transit_countries"])
            if transits is not None:
                incident["transits"] = tuple(transits)
        for column in _CHOICES:
            if v[column]:
                code = errors.check(column, values[column], self._choice, column, v[column])
                if code:
                    incident[column] = code
        if v["persons_arrested"]:
            count = errors.check("persons_arrested", values["persons_arrested"], parse_int,
                                 v["persons_arrested"], maximum=10_000)
            if count is not None:
                incident["persons_arrested"] = count
        self._coordinates(errors, values, v, incident)
        reliability = accuracy = ""
        if v["reliability"]:
            reliability = v["reliability"].upper()
            if reliability not in Reliability.values:
                errors.add("reliability", _("Use one of: %(values)s.") % {"values": ", ".join(Reliability.values)},
                           values["reliability"])
        if v["accuracy"]:
            accuracy = v["accuracy"].removesuffix(".0")
            if accuracy not in Accuracy.values:
                errors.add("accuracy", _("Use one of: %(values)s.") % {"values": ", ".join(Accuracy.values)},
                           values["accuracy"])

        seizure = self._seizure(errors, values, v, ctx)
        default_country = incident.get("country_id") or ctx.agency.country_id
        involvements = self._entities(errors, values, v, ctx, default_country)
        return _Row(row.number, values, incident, seizure, involvements, reliability, accuracy, errors.problems,
                    fingerprint(v.values()))

    def _choice(self, column, text):
        code = self._choice_words[column].get(normalise(text))
        if code is None:
            raise BadValue(_("Use one of: %(values)s.") % {"values": ", ".join(_CHOICES[column].values)})
        return code

    def _coordinates(self, errors, values, v, incident):
        if not (v["latitude"] or v["longitude"]):
            return
        if not (v["latitude"] and v["longitude"]):
            column = "longitude" if v["latitude"] else "latitude"
            errors.add(column, _("Give both latitude and longitude, or neither."))
            return
        lat = errors.check("latitude", values["latitude"], parse_number, v["latitude"])
        lon = errors.check("longitude", values["longitude"], parse_number, v["longitude"])
        if lat is not None and not -90 <= lat <= 90:
            errors.add("latitude", _("A latitude is between -90 and 90."), values["latitude"])
            lat = None
        if lon is not None and not -180 <= lon <= 180:
            errors.add("longitude", _("A longitude is between -180 and 180."), values["longitude"])
            lon = None
        if lat is not None and lon is not None:
            incident["latitude"], incident["longitude"] = float(lat), float(lon)
            incident["geo_precision"] = GeoPrecision.EXACT

    def _seizure(self, errors, values, v, ctx) -> dict | None:
        from hamkari.incidents.services import check_amount

        substance = amount = unit = None
        if v["substance"]:
            substance = errors.check("substance", values["substance"], ctx.substance, v["substance"])
        else:
            errors.add("substance", _("The substance is missing."))
        if v["amount"]:
            amount = errors.check("amount", values["amount"], parse_amount, v["amount"])
        else:
            errors.add("amount", _("The amount is missing."))
        if v["unit"]:
            unit = errors.check("unit", values["unit"], ctx.memo, parse_unit_factor, v["unit"])
            if unit is not None:
                unit, factor = unit
                if amount is not None and factor != 1:
                    amount = errors.check("amount", values["amount"], scale_amount, amount, factor)
        else:
            errors.add("unit", _("The unit is missing."))
        if amount is not None and unit is not None:
            if errors.check("amount", values["amount"], check_amount, amount, unit) is None:
                return None
        extra = {"purity": None, "price": None, "currency": ""}
        if v["purity"]:
            purity = errors.check("purity", values["purity"], parse_number, v["purity"])
            if purity is not None and not 0 < purity <= 100:
                errors.add("purity", _("Purity is a percentage between 0 and 100."), values["purity"])
            elif purity is not None:
                extra["purity"] = purity.quantize(_TWO_PLACES)
        if v["price"]:
            price = errors.check("price", values["price"], parse_number, v["price"])
            if price is not None and (price < 0 or price.adjusted() > 14):
                errors.add("price", _("A price is a positive number."), values["price"])
            elif price is not None:
                extra["price"] = price.quantize(_TWO_PLACES)
        if v["currency"]:
            currency = v["currency"].upper()
            if len(currency) != 3 or not currency.isalpha() or not currency.isascii():
                errors.add("currency", _("Use the three-letter ISO 4217 code (USD, AFN, PKR, ...)."),
                           values["currency"])
            else:
                extra["currency"] = currency
        if substance is None or amount is None or unit is None:
            return None
        return seizure_line(substance, amount, unit, v["substance"], errors, "substance", **extra)

    def _entities(self, errors, values, v, ctx, default_country) -> list:
        """(kind, data, role, default country) for each entity named on the row, validated now
        by the entity service's own rules, so a bad phone number is reported before anything is written."""
        from hamkari.entities.models import InvolvementRole
        from hamkari.entities.services import clean_entity

        wanted = []
        if v["suspect_name"] or v["suspect_aliases"] or v["suspect_birth_date"] or v["suspect_nationality"]:
            data = {"name": v["suspect_name"], "aliases": [a.strip() for a in v["suspect_aliases"].split(";")
                                                           if a.strip()],
                    "birth_date": v["suspect_birth_date"]}
            columns = {"name": "suspect_name", "aliases": "suspect_aliases", "birth_date": "suspect_birth_date",
                       "birth_date_precision": "suspect_birth_date", "nationality_id": "suspect_nationality"}
            if v["suspect_nationality"]:
                data["nationality_id"] = errors.check("suspect_nationality", values["suspect_nationality"],
                                                      ctx.country, v["suspect_nationality"]) or ""
            wanted.append(("person", data, InvolvementRole.SUSPECT, columns))
        if v["phone"]:
            wanted.append(("phone", {"number": v["phone"]}, InvolvementRole.PHONE_USED,
                           {"number": "phone", "imei": "phone", "e164": "phone"}))
        if v["vehicle_plate"] or v["vehicle_country"]:
            data = {"plate": v["vehicle_plate"]}
            if v["vehicle_country"]:
                data["registration_country_id"] = errors.check("vehicle_country", values["vehicle_country"],
                                                               ctx.country, v["vehicle_country"]) or ""
            wanted.append(("vehicle", data, InvolvementRole.VEHICLE_USED,
                           {"plate": "vehicle_plate", "vin": "vehicle_plate",
                            "registration_country_id": "vehicle_country"}))
        if v["passport_number"] or v["passport_country"]:
            data = {"kind": "passport", "number": v["passport_number"]}
            if v["passport_country"]:
                data["issuing_country_id"] = errors.check("passport_country", values["passport_country"],
                                                          ctx.country, v["passport_country"]) or ""
            wanted.append(("document", data, InvolvementRole.DOCUMENT_USED,
                           {"number": "passport_number", "kind": "passport_number",
                            "issuing_country_id": "passport_country"}))
        out = []
        for kind, data, role, columns in wanted:
            try:
                cleaned = clean_entity(kind, data, default_country=default_country)
            except ValidationError as exc:
                for field_name, messages in getattr(exc, "message_dict", {"": exc.messages}).items():
                    column = columns.get(field_name, next(iter(columns.values())))
                    for message in messages:
                        errors.add(column, str(message), values.get(column, ""))
                continue
            out.append((kind, data, role, default_country))
        return out

    # A group of rows: one incident -------------------------------------------------------------------------

    def _group(self, rows: list[_Row], ctx: Context, *, check_reference: bool) -> Outcome:
        numbers = [r.number for r in rows]
        problems: list[Problem] = [p for r in rows for p in r.problems]
        first = rows[0]
        if not any(r.values["date"].strip() for r in rows):
            # Later rows of an incident may leave its columns empty, so the date is checked per incident.
            problems.insert(0, Problem(first.number, "date", _("The date is missing.")))
        incident = dict(first.incident)
        reliability, accuracy = first.reliability, first.accuracy
        for r in rows[1:]:
            for key, value in r.incident.items():
                if key in incident and incident[key] != value:
                    problems.append(Problem(r.number, _column_of(key), _(
                        "This row has the same national reference as row %(row)d but a different value here; "
                        "rows of one incident must agree.") % {"row": first.number}, r.values.get(_column_of(key),
                                                                                              "")))
                incident.setdefault(key, value)
            for attr in ("reliability", "accuracy"):
                mine = getattr(r, attr)
                theirs = reliability if attr == "reliability" else accuracy
                if mine and theirs and mine != theirs:
                    problems.append(Problem(r.number, attr, _(
                        "This row has the same national reference as row %(row)d but a different value here; "
                        "rows of one incident must agree.") % {"row": first.number}, mine))
            reliability, accuracy = reliability or r.reliability, accuracy or r.accuracy
        if problems:
            bad = {p.row for p in problems}
            for r in rows:
                if r.number not in bad:
                    problems.append(Problem(r.number, "national_reference", _(
                        "Not imported because another row of the same incident (row %(rows)s) has problems.")
                        % {"rows": ", ".join(str(n) for n in sorted(bad))}, r.values["national_reference"]))
            return Outcome(numbers, problems=sorted(problems, key=lambda p: p.row))

        transits = list(incident.pop("transits", ()))
        if not incident.get("country_id"):
            incident["country_id"] = ctx.agency.country_id
        incident["source_type"] = SourceType.FILE_IMPORT
        seizures = [dict(r.seizure, position=i) for i, r in enumerate(rows, start=1)]
        if "crime_area" not in incident:
            incident["crime_area"] = crime_area_for(seizures[0]["substance_group"])
        if "latitude" not in incident:
            ctx.locate(incident, place=incident.get("place_name", ""), division=incident.get("admin1", ""))
        involvements = [item for r in rows for item in r.involvements]
        record = Record(rows=numbers, fingerprint="\x1e".join(r.fingerprint for r in rows), incident=incident,
                        seizures=seizures, transits=transits, involvements=involvements,
                        reliability=reliability or "X", accuracy=accuracy or "4",
                        check_reference=check_reference)
        return Outcome(numbers, record=record)


def _column_of(attname: str) -> str:
    for column, (name, _multi) in _TEXT.items():
        if name == attname:
            return column
    mapping = {"occurred_on": "date", "date_precision": "date", "country_id": "country",
               "transits": "transit_countries", "geo_precision": "latitude"}
    if attname in mapping:
        return mapping[attname]
    return attname.removesuffix("_id")


def _choice_words(choices) -> dict[str, str]:
    words = {}
    for code, label in choices.choices:
        words[normalise(code)] = code
        words[normalise(str(label))] = code
        with translation.override("en"):
            words[normalise(str(label))] = code
    return words


