"""The export page's form: a format and the incident list's filters."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamkari.incidents.models import CrimeArea, TransportMode
from hamkari.sharing.models import Handling

FORMAT_CHOICES = [
    ("csv", _("CSV: one row per seizure line, for spreadsheets and statistics software")),
    ("xlsx", _("Excel workbook (XLSX): the same columns as CSV")),
    ("ids", _("UNODC individual drug seizures (IDS), for the country's submission")),
    ("geojson", _("GeoJSON: incidents with coordinates, for maps and GIS")),
    ("ftm", _("FollowTheMoney entities (JSON lines), for network analysis tools")),
]


def _country_choices():
    from hamkari.tenancy.models import Country

    members = sorted(Country.objects.filter(is_member=True), key=str)
    others = sorted(Country.objects.filter(is_member=False), key=str)
    return [("", _("Any country")),
            (_("Member states"), [(c.iso2, str(c)) for c in members]),
            (_("Other countries"), [(c.iso2, str(c)) for c in others])]


def _substance_choices():
    from hamkari.incidents.vocab.substances import SUBSTANCES

    return [("", _("Any substance")), *sorted(((s.code, s.name) for s in SUBSTANCES.values()),
                                              key=lambda c: c[1])]


def _group_choices():
    from hamkari.incidents.vocab.substances import GROUPS

    return [("", _("Any group")), *GROUPS.items()]


def _agency_choices():
    from hamkari.tenancy.models import Agency

    return [("", _("Any agency")), *((a.code, str(a)) for a in Agency.objects.filter(is_active=True))]


class ExportForm(forms.Form):
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, widget=forms.RadioSelect,
                               initial="csv")
    country = forms.ChoiceField(label=_("Country of the incident"), required=False)
    substance = forms.ChoiceField(label=_("Substance"), required=False)
    substance_group = forms.ChoiceField(label=_("Substance group"), required=False)
    crime_area = forms.ChoiceField(label=_("Crime area"), required=False,
                                   choices=[("", _("Any crime area")), *CrimeArea.choices])
    date_from = forms.DateField(label=_("From"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("To"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    owner_agency = forms.ChoiceField(label=_("Owning agency"), required=False)
    handling = forms.ChoiceField(label=_("Handling code"), required=False,
                                 choices=[("", _("Any handling code")), *Handling.choices])
    transport = forms.ChoiceField(label=_("Transport"), required=False,
                                  choices=[("", _("Any transport")), *TransportMode.choices])
    q = forms.CharField(label=_("Reference or place contains"), required=False, max_length=200)

    FILTERS = ("country", "substance", "substance_group", "crime_area", "date_from", "date_to", "owner_agency",
               "handling", "transport", "q")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _country_choices()
        self.fields["substance"].choices = _substance_choices()
        self.fields["substance_group"].choices = _group_choices()
        self.fields["owner_agency"].choices = _agency_choices()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> dict:
        return {k: self.cleaned_data[k] for k in self.FILTERS if self.cleaned_data.get(k) not in (None, "")}
