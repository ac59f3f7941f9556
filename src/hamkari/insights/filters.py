"""The dashboard's filters: one GET form, and the two querysets every figure of the regional picture is
computed from.

`filtered(user, cleaned_data)` is the only way the dashboard, its CSV downloads, the map and the route flows
read incidents and seizure lines: both querysets start from the chokepoint (`visible_to(user)`), and seizure
lines are further restricted to the visible incidents that match the filters, so no figure counts a line of an
incident the viewer may not read, even if the two ever disagreed.

Filters (all optional; what the form's `cleaned_data` holds, empty values ignored):
    date_from, date_to   the incident's date (inclusive)
    country              ISO2 of the incident's country (where it happened)
    crime_area           CrimeArea code
    substance_group      seizure line's group (vocabulary code)
    substance            seizure line's substance (vocabulary code)
    route                ISO2 of a country anywhere on the route: producing, departure, transit or destination
    transport            TransportMode code
    agency               code of the owning agency
    handling             handling code
"""

from datetime import date, timedelta
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import DateField, Exists, F, Func, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from hamkari.incidents.forms import FastSelectMixin, country_choices, substance_choices
from hamkari.incidents.models import CrimeArea, Incident, RouteTransit, Seizure, TransportMode
from hamkari.incidents.selectors import _as_date
from hamkari.sharing.models import Handling
from hamkari.sharing.visibility import visibility_filter
from hamkari.tenancy.roles import Perm

FILTER_NAMES = ("date_from", "date_to", "country", "crime_area", "substance_group", "substance", "route",
                "transport", "agency", "handling")
# A date outside these years is a typing slip (or an attack on the query); the form says so rather than asking
# the database for five thousand years of empty months.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2100
def _group_choices():
    from hamkari.incidents.labels import SUBSTANCE_GROUP_LABELS

    return [("", "—"), *SUBSTANCE_GROUP_LABELS.items()]


def _agency_choices():
    from hamkari.tenancy.models import Agency

    # Inactive agencies stay: their records remain in the figures and may be filtered on.
    rows = Agency.objects.order_by("country_id", "code").values_list("code", "acronym", "name", "country_id")
    return [("", "—"), *[(code, f"{acronym or name} ({country or _('international')})")
                         for code, acronym, name, country in rows]]


class DateInput(forms.DateInput):
    input_type = "date"


class DashboardFilters(FastSelectMixin, forms.Form):
    """The dashboard's filters, read from the query string (GET), so that a view can be shared by its URL."""

    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput)
    country = forms.ChoiceField(label=_("Country"), required=False,
                                help_text=_("Where the incident happened."))
    crime_area = forms.ChoiceField(label=_("Crime area"), required=False)
    substance_group = forms.ChoiceField(label=_("Substance group"), required=False)
    substance = forms.ChoiceField(label=_("Substance"), required=False)
    route = forms.ChoiceField(label=_("Route"), required=False,
                              help_text=_("A country anywhere on the route: producing, departure, transit or "
                                          "destination."))
    transport = forms.ChoiceField(label=_("Transport"), required=False)
    agency = forms.ChoiceField(label=_("Owning agency"), required=False)
    handling = forms.ChoiceField(label=_("Handling code"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = country_choices()
        self.fields["country"].choices = countries
        self.fields["route"].choices = countries
        self.fields["crime_area"].choices = [("", "—"), *CrimeArea.choices]
        self.fields["substance_group"].choices = _group_choices()
        self.fields["substance"].choices = substance_choices()
        self.fields["transport"].choices = [("", "—"), *TransportMode.choices]
        self.fields["agency"].choices = _agency_choices()
        self.fields["handling"].choices = [("", "—"), *Handling.choices]

    @classmethod
    def from_query(cls, query):
        """The form for a request's query string, bound even when it is empty (no filter: the whole history)."""
        return cls(query)

    def _clean_day(self, name):
        day = self.cleaned_data.get(name)
        if day and not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
            raise ValidationError(_("Give a date between %(first)s and %(last)s."), code="out_of_range",
                                  params={"first": EARLIEST_YEAR, "last": LATEST_YEAR})
        return day

    def clean_date_from(self):
        return self._clean_day("date_from")

    def clean_date_to(self):
        return self._clean_day("date_to")

    def clean(self):
        data = super().clean()
        first, last = data.get("date_from"), data.get("date_to")
        if first and last and first > last:
            self.add_error("date_to", ValidationError(_("The end of the period comes before its start."),
                                                      code="reversed"))
        substance, group = data.get("substance"), data.get("substance_group")
        if substance and group:
            from hamkari.incidents.vocab.substances import SUBSTANCES

            known = SUBSTANCES.get(substance)
            if known is not None and known.group != group:
                self.add_error("substance", ValidationError(
                    _("This substance is not in the substance group chosen."), code="group_mismatch"))
        return data

    def active(self) -> dict:
        """The valid, non-empty filters (empty when the form is unbound or invalid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


def querystring(form) -> str:
    """The valid filters as a query string (empty when none or invalid), for the links, data, table and CSV
    URLs that keep the view."""
    if not form.is_bound or not form.is_valid():
        return ""
    pairs = []
    for name in FILTER_NAMES:
        value = form.cleaned_data.get(name)
        if value in (None, ""):
            continue
        pairs.append((name, value.isoformat() if hasattr(value, "isoformat") else getattr(value, "code", value)))
    return urlencode(pairs)


def require_stats(user) -> None:
    """Every dashboard, map and flow view: aggregates are for roles with the aggregate-statistics right."""
    if not user.can(Perm.STATS_AGGREGATE):
        raise PermissionDenied


# Over a period longer than this, SQLite reads seizure lines faster in a scan of the table than through the
# incidents' date index: the index visits each incident, then its lines, in date order, i.e. at random places.
WIDE_PERIOD = timedelta(days=183)


class DayOf(Func):
    """A date column that SQLite may not look up by its index (unary plus: same value, no index); elsewhere the
    column itself (PostgreSQL's planner weighs the two plans by its statistics)."""

    arity = 1
    output_field = DateField()

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra)

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(compiler, connection, template="%(expressions)s", **extra)


def _wide(first, last) -> bool:
    if first is None or last is None:
        return True
    return last - first > WIDE_PERIOD


def _on(prefix: str, q: Q) -> Q:
    """`q` with every lookup read through the relation `prefix` ("incident__"): the same conditions, applied to a
    seizure line's incident."""
    out = Q()
    out.connector, out.negated = q.connector, q.negated
    out.children = [_on(prefix, child) if isinstance(child, Q) else (prefix + child[0], child[1])
                    if isinstance(child, tuple) else child for child in q.children]
    return out


def _incident_conditions(data: dict, *, dates: bool = True) -> Q:
    """The incident filters of `data` (but the route's transit countries) as one Q on Incident."""
    q = Q()
    if dates and _as_date(data.get("date_from")):
        q &= Q(occurred_on__gte=_as_date(data["date_from"]))
    if dates and _as_date(data.get("date_to")):
        q &= Q(occurred_on__lte=_as_date(data["date_to"]))
    if "country" in data:
        q &= Q(country_id=str(data["country"]).upper())
    if "crime_area" in data:
        q &= Q(crime_area=data["crime_area"])
    if "transport" in data:
        q &= Q(transport_mode=data["transport"])
    if "agency" in data:
        agency = data["agency"]
        q &= Q(owner_agency_id=agency.pk) if hasattr(agency, "pk") else Q(owner_agency__code=str(agency))
    if "handling" in data:
        q &= Q(handling=data["handling"])
    return q


def _on_route(country: str, prefix: str, incident_id: str) -> Q:
    """A country anywhere on the route: producing, departure, destination, or one of the transit countries."""
    return (Q(**{f"{prefix}producing_country_id": country}) | Q(**{f"{prefix}departure_country_id": country})
            | Q(**{f"{prefix}destination_country_id": country})
            | Q(Exists(RouteTransit.objects.filter(incident=OuterRef(incident_id), country_id=country))))


def filtered(user, cleaned_data: dict):
    """(incidents, seizure lines) that `user` may see and that match `cleaned_data` (DashboardFilters).

    Incident filters apply to both; substance and substance group select the seizure lines, and the incidents
    that have at least one such line. Both querysets are unordered, ready for aggregation.

    Seizure lines pass the chokepoint twice: their own (`Seizure.objects.visible_to`) and their incident's (the
    very Q that `visible_to` applies to incidents, read through the line's incident). The second is written as
    conditions on the joined incident rather than `incident__in=<visible incidents>`, which SQLite runs as a
    list of every visible incident's id probed once per line: several times slower over a million lines.
    """
    data = {k: v for k, v in (cleaned_data or {}).items() if k in FILTER_NAMES and v not in (None, "", [])}
    seen = visibility_filter(Incident, user)
    if seen is None:
        return Incident.objects.none(), Seizure.objects.none()
    conditions = _incident_conditions(data)
    incidents = Incident.objects.visible_to(user).filter(conditions)
    seizures = Seizure.objects.visible_to(user).filter(_on("incident__", seen)).filter(
        _on("incident__", _incident_conditions(data, dates=False)))
    first, last = _as_date(data.get("date_from")), _as_date(data.get("date_to"))
    if first or last:
        day = DayOf("incident__occurred_on") if _wide(first, last) else F("incident__occurred_on")
        seizures = seizures.alias(day=day)
        if first:
            seizures = seizures.filter(day__gte=first)
        if last:
            seizures = seizures.filter(day__lte=last)
    if "route" in data:
        on_route = str(data["route"]).upper()
        incidents = incidents.filter(_on_route(on_route, "", "pk"))
        seizures = seizures.filter(_on_route(on_route, "incident__", "incident_id"))
    lines = Q()
    if "substance" in data:
        lines &= Q(substance=data["substance"])
    if "substance_group" in data:
        lines &= Q(substance_group=data["substance_group"])
    seizures = seizures.filter(lines)
    if lines:
        # EXISTS on the (substance, incident) index: an incident counts once however many lines match.
        incidents = incidents.filter(Exists(Seizure.objects.filter(lines, incident=OuterRef("pk"))))
    return incidents.order_by(), seizures.order_by()
