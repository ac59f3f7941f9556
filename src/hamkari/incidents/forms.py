"""The report form: an incident, its seizure lines, route and involved entities, as Django forms and formsets.

`ReportForms` bundles them so that the view, drafts and `services.draft_submit` validate the same way. Nothing
here writes: `ReportForms.save()` hands clean values to `services.incident_create` / `incident_update`.
Messages are translated (gettext_lazy) and attached to the field they concern.
"""

import calendar
import re
from functools import lru_cache
from datetime import date
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hamkari.entities.models import DocumentKind, Gender, InvolvementRole
from hamkari.incidents.models import (
    Concealment, CrimeArea, DatePrecision, Incident, LocationType, SourceType, TransportMode, Unit, Verification,
)
from hamkari.sharing.models import Accuracy, Handling, Reliability, SharingGroup
from hamkari.tenancy.countries import country_name
from hamkari.tenancy.models import MEMBER_STATES
from hamkari.tenancy.roles import Perm

MAX_SEIZURE_LINES = 50
MAX_TRANSITS = 12
MAX_ENTITIES_PER_KIND = 50
EARLIEST_YEAR = 1900

ENTITY_KINDS = ("person", "phone", "vehicle", "document", "account", "organization", "address")
KIND_LABELS = {
    "person": _("Person"), "phone": _("Phone"), "vehicle": _("Vehicle"), "document": _("Identity document"),
    "account": _("Bank account"), "organization": _("Organization"), "address": _("Address"),
}
ADD_LABELS = {
    "person": _("Add a person"), "phone": _("Add a phone"), "vehicle": _("Add a vehicle"),
    "document": _("Add an identity document"), "account": _("Add a bank account"),
    "organization": _("Add an organization"), "address": _("Add an address"),
}
DEFAULT_ROLE = {
    "person": InvolvementRole.SUSPECT, "phone": InvolvementRole.PHONE_USED,
    "vehicle": InvolvementRole.VEHICLE_USED, "document": InvolvementRole.DOCUMENT_USED,
    "account": InvolvementRole.ACCOUNT_USED, "organization": InvolvementRole.OTHER,
    "address": InvolvementRole.LOCATION,
}
_LTR = {"dir": "ltr", "autocomplete": "off", "spellcheck": "false"}


# ---------------------------------------------------------------------------------------------------------------
# Choices


def country_choices(blank=True):
    """The eight member states first, then every other country, each by its name in the interface language."""
    members, others = _country_rows(get_language() or "en")
    choices = [("", "—")] if blank else []
    return [*choices, (_("Member states"), members), (_("Other countries"), others)]


@lru_cache(maxsize=16)
def _country_rows(language):
    # Countries are reference data written by a migration; a report page has several country selects and the
    # names are translated one by one, so they are computed once per language and process.
    from hamkari.tenancy.models import Country

    rows = [(iso2, country_name(iso2, name)) for iso2, name in Country.objects.values_list("iso2", "name")]
    if not rows:  # nothing to cache before the countries exist (an empty test database)
        _country_rows.cache_clear()
    members = sorted((r for r in rows if r[0] in MEMBER_STATES), key=lambda r: r[1])
    others = sorted((r for r in rows if r[0] not in MEMBER_STATES), key=lambda r: r[1])
    return members, others


def substance_choices():
    from hamkari.incidents.labels import substance_choices as vocabulary_choices

    return [("", "—"), *vocabulary_choices()]


def crossing_choices():
    from hamkari.places.models import Place

    groups: dict[str, list] = {}
    for place in Place.objects.filter(kind="crossing").select_related("country").order_by("country_id", "name"):
        groups.setdefault(str(place.country), []).append((str(place.pk), place.name))
    return [("", "—"), *sorted(groups.items())]


# ---------------------------------------------------------------------------------------------------------------
# Parsing typed values


def _ascii(text: str) -> str:
    from hamkari.entities.keys import ascii_digits

    return ascii_digits(text or "").strip()


def _real_date(text, year, month, day):
    if not 1 <= month <= 12:
        raise ValidationError(_("“%(text)s” is not a date: there is no month %(month)s."),
                              code="invalid_month", params={"text": text, "month": month})
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValidationError(
            _("“%(text)s” is not a date: month %(month)s of %(year)s has %(days)s days."),
            code="invalid_day", params={"text": text, "month": month, "year": year, "days": days})
    return date(year, month, day)


def parse_partial_date(text: str, precision: str):
    """(date, precision) from a date typed with day, month or year precision.

    Day: 2024-03-15, 15/03/2024, 15.03.2024, 15-03-2024. Month: 2024-03, 03/2024. Year: 2024. Persian and
    Arabic-Indic digits are accepted. With month or year precision the first day of the period is kept; a
    month or a year typed alone sets the precision accordingly.
    """
    raw = (text or "").strip()
    value = _ascii(raw)
    if m := re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", value):
        year, month, day = (int(g) for g in m.groups())
    elif m := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", value):
        day, month, year = (int(g) for g in m.groups())
    elif m := re.fullmatch(r"(\d{4})[-/.](\d{1,2})", value):
        (year, month), day = (int(g) for g in m.groups()), 1
        if precision not in (DatePrecision.MONTH, DatePrecision.YEAR):
            precision = DatePrecision.MONTH
    elif m := re.fullmatch(r"(\d{1,2})[-/.](\d{4})", value):
        (month, year), day = (int(g) for g in m.groups()), 1
        if precision not in (DatePrecision.MONTH, DatePrecision.YEAR):
            precision = DatePrecision.MONTH
    elif re.fullmatch(r"\d{4}", value):
        year, month, day = int(value), 1, 1
        precision = DatePrecision.YEAR
    else:
        raise ValidationError(_("Enter the date as 2024-03-15 (day), 2024-03 (month) or 2024 (year)."),
                              code="invalid")
    parsed = _real_date(raw, year, month, day)
    if precision == DatePrecision.MONTH:
        parsed = parsed.replace(day=1)
    elif precision == DatePrecision.YEAR:
        parsed = parsed.replace(month=1, day=1)
    if parsed > date.today():
        raise ValidationError(_("The date is in the future."), code="future")
    if parsed.year < EARLIEST_YEAR:
        raise ValidationError(_("A date before %(year)s is not plausible."), code="too_old",
                              params={"year": EARLIEST_YEAR})
    return parsed, precision


def parse_decimal(text, places=4):
    """A decimal typed with a point or a comma (or the Arabic decimal separator), in any digits; None if empty.
    At most `places` decimal places, as the database column keeps."""
    value = _ascii(str(text or "")).replace("\u066b", ".").replace("\u066c", "").replace(" ", "")
    if not value:
        return None
    if "," in value and "." not in value and value.count(",") == 1 and len(value.split(",")[1]) != 3:
        value = value.replace(",", ".")  # 1,5 -> 1.5; 1,500 stays a thousands separator
    value = value.replace(",", "")
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValidationError(_("Enter a number, such as 12.5."), code="invalid") from None
    if not number.is_finite():
        raise ValidationError(_("Enter a number, such as 12.5."), code="invalid")
    if number.as_tuple().exponent < -places and number.normalize().as_tuple().exponent < -places:
        raise ValidationError(_("At most %(places)s decimal places."), code="places", params={"places": places})
    return number


class FastSelect(forms.Select):
    """A select rendered in Python. A report page has several lists of 250 countries; Django renders one
    template per option, which cost most of the page's time. Same markup, same escaping."""

    def render(self, name, value, attrs=None, renderer=None):
        from django.forms.utils import flatatt
        from django.utils.html import format_html, format_html_join
        from django.utils.safestring import mark_safe

        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            rows = format_html_join("", '<option value="{}"{}>{}</option>', (
                ("" if o["value"] is None else o["value"], mark_safe(" selected") if o["selected"] else "",
                 o["label"]) for o in options))
            parts.append(format_html('<optgroup label="{}">{}</optgroup>', group_name, rows) if group_name else rows)
        parts.append(mark_safe("</select>"))
        return mark_safe("".join(parts))


class FastSelectMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget.__class__ = FastSelect


def _model_field(model, name, **kwargs):
    return model._meta.get_field(name).formfield(**kwargs)


# ---------------------------------------------------------------------------------------------------------------
# The incident


class IncidentForm(FastSelectMixin, forms.Form):
    national_reference = _model_field(Incident, "national_reference")
    occurred_on = forms.CharField(label=_("Date"), max_length=20,
                                  widget=forms.TextInput(attrs={**_LTR, "placeholder": "2024-03-15",
                                                                "inputmode": "numeric"}),
                                  help_text=_("Day: 2024-03-15 or 15/03/2024. Month: 2024-03. Year: 2024."))
    date_precision = forms.ChoiceField(label=_("Date precision"), choices=DatePrecision.choices,
                                       initial=DatePrecision.DAY)
    country = forms.ChoiceField(label=_("Country"), help_text=_("Where the incident took place."))
    admin1 = _model_field(Incident, "admin1")
    admin2 = _model_field(Incident, "admin2")
    place_name = _model_field(Incident, "place_name",
                              help_text=_("In any script; it is found in the gazetteer when you submit."))
    location_type = forms.ChoiceField(label=_("Location type"), choices=LocationType.choices,
                                      initial=LocationType.UNKNOWN)
    border_crossing = forms.ChoiceField(label=_("Border crossing point"), required=False)
    crime_area = forms.ChoiceField(label=_("Crime area"), choices=CrimeArea.choices, initial=CrimeArea.DRUGS)
    producing_country = forms.ChoiceField(label=_("Producing country"), required=False)
    departure_country = forms.ChoiceField(label=_("Departure country"), required=False)
    destination_country = forms.ChoiceField(label=_("Destination country"), required=False)
    transport_mode = forms.ChoiceField(label=_("Transport"), choices=TransportMode.choices,
                                       initial=TransportMode.UNKNOWN)
    conveyance = _model_field(Incident, "conveyance")
    concealment = forms.ChoiceField(label=_("Concealment"), choices=Concealment.choices,
                                    initial=Concealment.UNKNOWN)
    concealment_detail = _model_field(Incident, "concealment_detail")
    persons_arrested = forms.IntegerField(label=_("Persons arrested"), required=False, min_value=0,
                                          max_value=10000)
    narrative = forms.CharField(label=_("Narrative"), required=False, max_length=20000,
                                widget=forms.Textarea(attrs={"rows": 4}))
    source_type = forms.ChoiceField(label=_("Source"), choices=SourceType.choices,
                                    initial=SourceType.SEIZURE_REPORT)
    verification = forms.ChoiceField(label=_("Verification"), choices=Verification.choices,
                                     initial=Verification.UNVERIFIED)
    handling = forms.ChoiceField(label=_("Handling code"), choices=Handling.choices, initial=Handling.NATIONAL,
                                 help_text=_("Who may see this incident, its seizures and its involvements."))
    sharing_group = forms.ModelChoiceField(label=_("Sharing group"), queryset=SharingGroup.objects.none(),
                                           required=False, help_text=_("Required with the restricted code."))
    reliability = forms.ChoiceField(label=_("Source reliability"), choices=Reliability.choices,
                                    initial=Reliability.X)
    accuracy = forms.ChoiceField(label=_("Information accuracy"), choices=Accuracy.choices, initial=Accuracy.FOUR)

    COUNTRY_FIELDS = ("country", "producing_country", "departure_country", "destination_country")

    def __init__(self, *args, user, agency, incident=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.agency, self.incident = user, agency, incident
        countries = country_choices()
        for name in self.COUNTRY_FIELDS:
            self.fields[name].choices = countries
        self.fields["border_crossing"].choices = crossing_choices()
        if agency.country_id:
            groups = Q(owner_agency__country_id=agency.country_id)
        else:
            groups = Q(owner_agency=agency)
        self.fields["sharing_group"].queryset = SharingGroup.objects.filter(groups).order_by("name")
        if not self.is_bound and not self.initial.get("country") and agency.country_id:
            self.initial["country"] = agency.country_id
        if incident is not None and not user.can(Perm.SHARING_SET_HANDLING):
            # Changing who may see an existing record is the focal point's decision (sharing.set_handling).
            for name in ("handling", "sharing_group"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Your agency's focal point may change this.")
        self.fields["occurred_on"].widget.attrs["aria-describedby"] = "id_occurred_on_helptext"

    def clean_border_crossing(self):
        from hamkari.places.models import Place

        value = self.cleaned_data.get("border_crossing")
        if not value:
            return None
        try:
            return Place.objects.get(pk=int(value), kind="crossing")
        except (Place.DoesNotExist, ValueError):
            raise ValidationError(_("Choose a border crossing point of the list.")) from None

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("occurred_on")
        precision = cleaned.get("date_precision") or DatePrecision.DAY
        if text:
            try:
                cleaned["occurred_on"], cleaned["date_precision"] = parse_partial_date(text, precision)
            except ValidationError as exc:
                self.add_error("occurred_on", exc)
        handling = cleaned.get("handling")
        if handling == Handling.RESTRICTED and not cleaned.get("sharing_group"):
            self.add_error("sharing_group", _("A restricted incident needs a sharing group."))
        return cleaned

    def incident_data(self) -> dict:
        """Incident field values by attname, as services.incident_create takes them."""
        c = self.cleaned_data
        crossing = c.get("border_crossing")
        return {
            "national_reference": c["national_reference"], "occurred_on": c["occurred_on"],
            "date_precision": c["date_precision"], "country_id": c["country"] or None,
            "admin1": c["admin1"], "admin2": c["admin2"], "place_name": c["place_name"],
            "location_type": c["location_type"], "border_crossing_id": crossing.pk if crossing else None,
            "crime_area": c["crime_area"], "narrative": c["narrative"],
            "producing_country_id": c["producing_country"] or None,
            "departure_country_id": c["departure_country"] or None,
            "destination_country_id": c["destination_country"] or None,
            "transport_mode": c["transport_mode"], "conveyance": c["conveyance"], "concealment": c["concealment"],
            "concealment_detail": c["concealment_detail"], "persons_arrested": c["persons_arrested"],
            "source_type": c["source_type"], "verification": c["verification"],
        }


def incident_initial(incident) -> dict:
    return {
        "national_reference": incident.national_reference,
        "occurred_on": incident.occurred_on.isoformat()[: {"day": 10, "month": 7, "year": 4}.get(
            incident.date_precision, 10)] if incident.occurred_on else "",
        "date_precision": incident.date_precision, "country": incident.country_id or "",
        "admin1": incident.admin1, "admin2": incident.admin2, "place_name": incident.place_name,
        "location_type": incident.location_type, "border_crossing": incident.border_crossing_id or "",
        "crime_area": incident.crime_area, "narrative": incident.narrative,
        "producing_country": incident.producing_country_id or "",
        "departure_country": incident.departure_country_id or "",
        "destination_country": incident.destination_country_id or "",
        "transport_mode": incident.transport_mode, "conveyance": incident.conveyance,
        "concealment": incident.concealment, "concealment_detail": incident.concealment_detail,
        "persons_arrested": incident.persons_arrested, "source_type": incident.source_type,
        "verification": incident.verification, "handling": incident.handling,
        "sharing_group": incident.sharing_group_id, "reliability": incident.reliability,
        "accuracy": incident.accuracy,
    }


# ---------------------------------------------------------------------------------------------------------------
# Seizure lines


def resolve_substance(text: str):
    """(code, suggestions): the vocabulary code a drug name means, or None with the nearest known names."""
    from hamkari.incidents.labels import substance_label
    from hamkari.incidents.vocab import substances

    found = substances.lookup(text)
    if found is not None:
        return found.code, []
    return None, [str(substance_label(s.code)) for s in substances.suggest(text, limit=3)]


class SeizureForm(FastSelectMixin, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    substance = forms.ChoiceField(label=_("Substance"), required=False)
    drug_name_as_reported = forms.CharField(label=_("Drug name as reported"), required=False, max_length=200,
                                            help_text=_("As written in the report. Leave the list empty to "
                                                        "find the substance from this name."))
    amount = forms.CharField(label=_("Amount"), max_length=40,
                             widget=forms.TextInput(attrs={**_LTR, "inputmode": "decimal"}))
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices, initial=Unit.KG)
    purity = forms.CharField(label=_("Purity (%)"), required=False, max_length=12,
                             widget=forms.TextInput(attrs={**_LTR, "inputmode": "decimal"}))
    price = forms.CharField(label=_("Price"), required=False, max_length=40,
                            widget=forms.TextInput(attrs={**_LTR, "inputmode": "decimal"}))
    currency = forms.CharField(label=_("Currency"), required=False, max_length=3,
                               widget=forms.TextInput(attrs={**_LTR, "placeholder": "USD", "size": 4}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["substance"].choices = substance_choices()

    def clean_amount(self):
        return parse_decimal(self.cleaned_data.get("amount"))

    def clean_purity(self):
        purity = parse_decimal(self.cleaned_data.get("purity"), places=2)
        if purity is not None and not (0 < purity <= 100):
            raise ValidationError(_("Purity is a percentage, more than 0 and at most 100."))
        return purity

    def clean_price(self):
        price = parse_decimal(self.cleaned_data.get("price"), places=2)
        if price is not None and price < 0:
            raise ValidationError(_("A price cannot be negative."))
        if price is not None and price >= Decimal("1e15"):
            raise ValidationError(_("This price is too large."))
        return price

    def clean_currency(self):
        currency = (self.cleaned_data.get("currency") or "").strip().upper()
        if currency and not re.fullmatch(r"[A-Z]{3}", currency):
            raise ValidationError(_("A currency is a three-letter code, such as USD or AFN."))
        return currency

    def clean(self):
        from hamkari.incidents.services import check_amount

        cleaned = super().clean()
        amount, unit = cleaned.get("amount"), cleaned.get("unit")
        if amount is not None and unit:
            try:
                check_amount(amount, unit)
            except ValidationError as exc:
                for message in exc.message_dict.get("amount", []):
                    self.add_error("amount", message)
        if not cleaned.get("substance"):
            name = (cleaned.get("drug_name_as_reported") or "").strip()
            if not name:
                if "drug_name_as_reported" not in self.errors:
                    self.add_error("substance", _("Choose the substance, or type the drug name as reported."))
            else:
                code, suggestions = resolve_substance(name)
                if code:
                    cleaned["substance"] = code
                elif suggestions:
                    self.add_error("drug_name_as_reported", _(
                        "“%(name)s” is not a known drug name. Did you mean: %(suggestions)s? Choose the "
                        "substance from the list.") % {"name": name, "suggestions": ", ".join(suggestions)})
                else:
                    self.add_error("drug_name_as_reported", _(
                        "“%(name)s” is not a known drug name. Choose the substance from the list.")
                        % {"name": name})
        return cleaned

    def seizure_data(self) -> dict:
        c = self.cleaned_data
        data = {name: c.get(name) for name in ("substance", "drug_name_as_reported", "amount", "unit", "purity",
                                               "price", "currency")}
        if c.get("id"):
            data["id"] = c["id"]
        return data


class TransitForm(FastSelectMixin, forms.Form):
    country = forms.ChoiceField(label=_("Transit country"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()


# ---------------------------------------------------------------------------------------------------------------
# Involved entities: one form class per kind. Field names are the keys of entities.services.clean_entity.


class EntityForm(FastSelectMixin, forms.Form):
    kind = ""
    role = forms.ChoiceField(label=_("Role"), choices=InvolvementRole.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
    COUNTRY_FIELDS: tuple = ()
    ERROR_FIELDS: dict = {}  # clean_entity's field name -> this form's, where they differ

    def __init__(self, *args, default_country=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_country = default_country
        self.fields["role"].initial = DEFAULT_ROLE[self.kind]
        if self.COUNTRY_FIELDS:
            countries = country_choices()
            for name in self.COUNTRY_FIELDS:
                self.fields[name].choices = countries
        # The role and note go last on the card, after what identifies the entity.
        self.order_fields([n for n in self.fields if n not in ("role", "note")] + ["role", "note"])

    def entity_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items()
                if name not in ("role", "note", "DELETE")}

    def clean(self):
        from hamkari.entities.services import clean_entity

        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            clean_entity(self.kind, self.entity_data(), default_country=self.default_country)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                name = self.ERROR_FIELDS.get(name, name)
                target = name if name in self.fields else None
                for message in messages:
                    self.add_error(target, message)
        return cleaned

    def involvement(self) -> dict:
        return {"kind": self.kind, "role": self.cleaned_data["role"], "note": self.cleaned_data.get("note", ""),
                "data": self.entity_data()}


class PersonForm(EntityForm):
    kind = "person"
    name = forms.CharField(label=_("Name, as written"), max_length=300,
                           help_text=_("In the script it was written in."))
    aliases = forms.CharField(label=_("Aliases"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 2}), help_text=_("One per line."))
    father_name = forms.CharField(label=_("Father's name"), required=False, max_length=200)
    birth_date = forms.CharField(label=_("Birth date"), required=False, max_length=20,
                                 widget=forms.TextInput(attrs={**_LTR, "placeholder": "1985-06-01"}))
    birth_date_precision = forms.ChoiceField(label=_("Birth date precision"), choices=DatePrecision.choices,
                                             initial=DatePrecision.DAY)
    birth_place = forms.CharField(label=_("Place of birth"), required=False, max_length=200)
    nationality_id = forms.ChoiceField(label=_("Nationality"), required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    COUNTRY_FIELDS = ("nationality_id",)

    def clean_aliases(self):
        return [line.strip() for line in (self.cleaned_data.get("aliases") or "").splitlines() if line.strip()]

    def clean_birth_date(self):
        # Typed as 15/03/1985, 1985-03 or 1985 (any digits); handed on as ISO so clean_entity reads it.
        text = self.cleaned_data.get("birth_date") or ""
        if not text:
            return ""
        precision = self.data.get(self.add_prefix("birth_date_precision")) or DatePrecision.DAY
        day, self._birth_precision = parse_partial_date(text, precision)
        return day.isoformat()

    def clean(self):
        if getattr(self, "_birth_precision", None) and "birth_date_precision" in self.cleaned_data:
            self.cleaned_data["birth_date_precision"] = self._birth_precision
        return super().clean()


class PhoneForm(EntityForm):
    kind = "phone"
    number = forms.CharField(label=_("Phone number"), required=False, max_length=40,
                             widget=forms.TextInput(attrs={**_LTR, "inputmode": "tel",
                                                           "placeholder": "+93 70 123 4567"}),
                             help_text=_("With its country code, or a national number of your country."))
    imei = forms.CharField(label=_("IMEI"), required=False, max_length=40,
                           widget=forms.TextInput(attrs={**_LTR, "inputmode": "numeric"}))


class VehicleForm(EntityForm):
    kind = "vehicle"
    plate = forms.CharField(label=_("Plate, as written"), required=False, max_length=40,
                            widget=forms.TextInput(attrs=_LTR))
    registration_country_id = forms.ChoiceField(label=_("Registration country"), required=False)
    vin = forms.CharField(label=_("VIN"), required=False, max_length=40, widget=forms.TextInput(attrs=_LTR))
    make = forms.CharField(label=_("Make"), required=False, max_length=60)
    model = forms.CharField(label=_("Model"), required=False, max_length=60)
    COUNTRY_FIELDS = ("registration_country_id",)


class DocumentForm(EntityForm):
    kind = "document"
    document_kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices,
                                      initial=DocumentKind.PASSPORT)
    number = forms.CharField(label=_("Number, as written"), max_length=60, widget=forms.TextInput(attrs=_LTR))
    issuing_country_id = forms.ChoiceField(label=_("Issuing country"), required=False)
    COUNTRY_FIELDS = ("issuing_country_id",)
    ERROR_FIELDS = {"kind": "document_kind"}

    def entity_data(self):
        data = super().entity_data()
        # "kind" names the entity kind in a sub-form; the document's kind travels under its own name.
        data["kind"] = data.pop("document_kind", DocumentKind.PASSPORT)
        return data


class AccountForm(EntityForm):
    kind = "account"
    iban = forms.CharField(label=_("IBAN"), required=False, max_length=80, widget=forms.TextInput(attrs=_LTR))
    account_number = forms.CharField(label=_("Account number"), required=False, max_length=60,
                                     widget=forms.TextInput(attrs=_LTR))
    bank_name = forms.CharField(label=_("Bank"), required=False, max_length=200)
    country_id = forms.ChoiceField(label=_("Country"), required=False)
    COUNTRY_FIELDS = ("country_id",)


class OrganizationForm(EntityForm):
    kind = "organization"
    name = forms.CharField(label=_("Name, as written"), max_length=300)
    aliases = forms.CharField(label=_("Other names"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 2}), help_text=_("One per line."))
    country_id = forms.ChoiceField(label=_("Country"), required=False)
    registration_number = forms.CharField(label=_("Registration number"), required=False, max_length=100)
    COUNTRY_FIELDS = ("country_id",)

    def clean_aliases(self):
        return [line.strip() for line in (self.cleaned_data.get("aliases") or "").splitlines() if line.strip()]


class AddressForm(EntityForm):
    kind = "address"
    text = forms.CharField(label=_("Address, as written"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    country_id = forms.ChoiceField(label=_("Country"), required=False)
    COUNTRY_FIELDS = ("country_id",)


ENTITY_FORMS = {
    "person": PersonForm, "phone": PhoneForm, "vehicle": VehicleForm, "document": DocumentForm,
    "account": AccountForm, "organization": OrganizationForm, "address": AddressForm,
}


class ExistingInvolvementForm(FastSelectMixin, forms.Form):
    """An involvement already on the incident being edited: its role and note can change, or it can go."""

    id = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role"), choices=InvolvementRole.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


def _formset(form, *, extra, max_num, can_delete=True):
    return forms.formset_factory(form, extra=extra, max_num=max_num, absolute_max=max_num, validate_max=True,
                                 can_delete=can_delete)


SeizureFormSet = _formset(SeizureForm, extra=1, max_num=MAX_SEIZURE_LINES)
TransitFormSet = _formset(TransitForm, extra=1, max_num=MAX_TRANSITS, can_delete=False)
ExistingInvolvementFormSet = _formset(ExistingInvolvementForm, extra=0, max_num=500)
# One empty person form is on the page from the start (most reports name someone); other kinds come with their
# "Add ..." button, which htmx serves inline and which, without JavaScript, posts the form back with one more
# empty sub-form. Seven empty sub-forms with their country lists would weigh on a slow link.
ENTITY_FORMSETS = {kind: _formset(ENTITY_FORMS[kind], extra=1 if kind == "person" else 0,
                                  max_num=MAX_ENTITIES_PER_KIND) for kind in ENTITY_KINDS}
ROW_KINDS = ("seizure", "transit", *ENTITY_KINDS)  # what an "Add ..." button may add
MAX_ROWS = {"seizure": MAX_SEIZURE_LINES, "transit": MAX_TRANSITS,
            **{kind: MAX_ENTITIES_PER_KIND for kind in ENTITY_KINDS}}


def empty_row_form(kind, index, *, default_country=None):
    """One more empty sub-form of `kind` at position `index`, with its formset's extra fields (Remove)."""
    if kind == "seizure":
        formset, form = SeizureFormSet(prefix="seizure"), SeizureForm(
            prefix=f"seizure-{index}", empty_permitted=True, use_required_attribute=False)
    elif kind == "transit":
        formset, form = TransitFormSet(prefix="transit"), TransitForm(prefix=f"transit-{index}",
                                                                       empty_permitted=True)
    else:
        formset = ENTITY_FORMSETS[kind](prefix=kind)
        form = ENTITY_FORMS[kind](prefix=f"{kind}-{index}", default_country=default_country, empty_permitted=True,
                                  use_required_attribute=False)
    formset.add_fields(form, index)
    return form


# ---------------------------------------------------------------------------------------------------------------
# The bundle


class ReportForms:
    """Every form of one report, bound or not, validated and saved together."""

    def __init__(self, *, user, data=None, incident=None, quiet=False):
        self.user, self.incident = user, incident
        self.agency = incident.owner_agency if incident is not None else user.agency
        default_country = self.agency.country_id
        initial = incident_initial(incident) if incident is not None else None
        self.incident_form = IncidentForm(data, user=user, agency=self.agency, incident=incident, initial=initial,
                                          use_required_attribute=False)
        seizure_initial = transit_initial = existing_initial = None
        if incident is not None:
            seizure_initial = [{"id": s.pk, "substance": s.substance, "drug_name_as_reported":
                                s.drug_name_as_reported, "amount": _plain(s.amount), "unit": s.unit,
                                "purity": _plain(s.purity), "price": _plain(s.price), "currency": s.currency}
                               for s in incident.seizures.order_by("position", "id")]
            transit_initial = [{"country": t.country_id} for t in incident.transits.order_by("position")]
            existing_initial = [{"id": inv.pk, "role": inv.role, "note": inv.note}
                                for inv in incident.involvements.order_by("id")]
        self.seizures = SeizureFormSet(data, prefix="seizure", initial=seizure_initial,
                                       form_kwargs={"use_required_attribute": False})
        self.transits = TransitFormSet(data, prefix="transit", initial=transit_initial)
        self.entities = {kind: ENTITY_FORMSETS[kind](data, prefix=kind, form_kwargs={
            "default_country": default_country, "use_required_attribute": False}) for kind in ENTITY_KINDS}
        self.existing = None
        if incident is not None:
            self.existing = ExistingInvolvementFormSet(data, prefix="existing", initial=existing_initial)
        if quiet and data is not None:
            self._silence()

    def _silence(self):
        """A resumed draft shows what was typed, not a wall of errors: validation waits for Submit."""
        from django.forms.utils import ErrorDict, ErrorList

        self.incident_form._errors = ErrorDict()
        for formset in self.formsets():
            formset._errors = []
            formset._non_form_errors = ErrorList()
            for form in formset.forms:
                form._errors = ErrorDict()

    def formsets(self):
        sets = [self.seizures, self.transits, *self.entities.values()]
        if self.existing is not None:
            sets.append(self.existing)
        return sets

    def is_valid(self) -> bool:
        valid = self.incident_form.is_valid()
        for formset in self.formsets():
            valid = formset.is_valid() and valid
        return valid

    def _live(self, formset):
        """The forms of a formset that carry something: not deleted, and changed (or already saved)."""
        for i, form in enumerate(formset.forms):
            if formset.can_delete and formset._should_delete_form(form):
                continue
            if i >= formset.initial_form_count() and not form.has_changed():
                continue
            yield form

    def seizure_data(self):
        return [form.seizure_data() for form in self._live(self.seizures)]

    def transit_codes(self):
        return [form.cleaned_data["country"] for form in self._live(self.transits) if form.cleaned_data.get("country")]

    def involvement_data(self):
        items = []
        if self.existing is not None:
            for form in self._live(self.existing):
                items.append({"id": form.cleaned_data["id"], "role": form.cleaned_data["role"],
                              "note": form.cleaned_data.get("note", "")})
        for kind in ENTITY_KINDS:
            items += [form.involvement() for form in self._live(self.entities[kind])]
        return items

    def save(self):
        """Create or update the incident from valid forms. A refusal by the services (a rule the forms could
        not check) becomes a form error and ValidationError is raised again; nothing is saved then."""
        from hamkari.incidents import services

        c = self.incident_form.cleaned_data
        data = self.incident_form.incident_data()
        try:
            if self.incident is None:
                return services.incident_create(
                    by=self.user, agency=self.agency, handling=c["handling"], sharing_group=c.get("sharing_group"),
                    data=data, seizures=self.seizure_data(), transits=self.transit_codes(),
                    involvements=self.involvement_data(), reliability=c["reliability"], accuracy=c["accuracy"])
            data.update(handling=c["handling"], reliability=c["reliability"], accuracy=c["accuracy"],
                        sharing_group_id=c["sharing_group"].pk if c.get("sharing_group") else None)
            return services.incident_update(self.incident, by=self.user, data=data, seizures=self.seizure_data(),
                                            transits=self.transit_codes(), involvements=self.involvement_data())
        except ValidationError as exc:
            self._attach(exc)
            raise

    def _attach(self, exc):
        messages = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
        for name, items in messages.items():
            target = name if name in self.incident_form.fields else None
            for message in items:
                self.incident_form.add_error(target, message)

    def error_dict(self) -> dict:
        """Every error as {"field" or "prefix-n-field": [messages]}, for drafts submitted outside the page."""
        out = {}
        for name, errors in self.incident_form.errors.items():
            out[name] = [str(e) for e in errors]
        for formset in self.formsets():
            if formset.non_form_errors():
                out[f"{formset.prefix}"] = [str(e) for e in formset.non_form_errors()]
            for form in formset.forms:
                for name, errors in form.errors.items():
                    out[f"{form.prefix}-{name}"] = [str(e) for e in errors]
        return out or {"__all__": [str(_("The report is not complete."))]}

    def has_errors(self) -> bool:
        return bool(self.incident_form.errors) or any(
            formset.non_form_errors() or any(f.errors for f in formset.forms) for formset in self.formsets())


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    return value


# ---------------------------------------------------------------------------------------------------------------
# The list's filters


class IncidentFilterForm(FastSelectMixin, forms.Form):
    q = forms.CharField(label=_("Reference or place"), required=False, max_length=200)
    country = forms.ChoiceField(label=_("Country"), required=False)
    substance = forms.ChoiceField(label=_("Substance"), required=False)
    substance_group = forms.ChoiceField(label=_("Substance group"), required=False)
    crime_area = forms.ChoiceField(label=_("Crime area"), required=False,
                                   choices=[("", "—"), *CrimeArea.choices])
    date_from = forms.DateField(label=_("From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    owner_agency = forms.ChoiceField(label=_("Owning agency"), required=False)
    handling = forms.ChoiceField(label=_("Handling code"), required=False, choices=[("", "—"), *Handling.choices])
    transport = forms.ChoiceField(label=_("Transport"), required=False,
                                  choices=[("", "—"), *TransportMode.choices])

    def __init__(self, *args, **kwargs):
        from hamkari.tenancy.models import Agency

        super().__init__(*args, **kwargs)
        self.fields["country"].choices = country_choices()
        self.fields["substance"].choices = substance_choices()
        self.fields["substance_group"].choices = [("", "—"), *_group_choices()]
        self.fields["owner_agency"].choices = [("", "—"), *[
            (a.code, f"{a.acronym or a.name} ({a.country_id or _('international')})")
            for a in Agency.objects.filter(is_active=True).order_by("country_id", "code")]]

    def filters(self) -> dict:
        """The valid filters; an invalid value is dropped (and shown as an error) rather than failing the page."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


def _group_choices():
    from hamkari.incidents.labels import SUBSTANCE_GROUP_LABELS

    return list(SUBSTANCE_GROUP_LABELS.items())
