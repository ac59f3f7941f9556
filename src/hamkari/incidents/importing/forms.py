"""The upload form of the import page."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hamkari.incidents.models import ImportFormat
from hamkari.sharing.models import Handling, SharingGroup


def usable_groups(agency):
    """Sharing groups a restricted import may name: managed by the agency or by another agency of its country
    (the owner decides who sees its records; incidents.services checks the same rule)."""
    if agency is None:
        return SharingGroup.objects.none()
    q = Q(owner_agency=agency)
    if agency.country_id:
        q |= Q(owner_agency__country_id=agency.country_id)
    return SharingGroup.objects.filter(q).order_by("name")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File"), help_text=_("CSV (any delimiter; UTF-8, UTF-16, Windows-1251 or "
                                                        "Windows-1256) or Excel workbook (.xlsx)."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.tsv,.txt,.xlsx,.xlsm"}))
    format = forms.ChoiceField(label=_("Format"), choices=ImportFormat.choices, initial=ImportFormat.HAMKARI)
    handling = forms.ChoiceField(label=_("Handling code"), choices=Handling.choices, initial=Handling.NATIONAL,
                                 help_text=_("Who may see the imported incidents."))
    sharing_group = forms.ModelChoiceField(label=_("Sharing group"), queryset=SharingGroup.objects.none(),
                                           required=False, help_text=_("Only for the restricted handling code."))
    dry_run = forms.BooleanField(label=_("Dry run"), required=False,
                                 help_text=_("Check the file and write the report, but import nothing."))

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sharing_group"].queryset = usable_groups(agency)

    def clean(self):
        data = super().clean()
        if data.get("handling") == Handling.RESTRICTED and not data.get("sharing_group"):
            self.add_error("sharing_group", _("A restricted import needs a sharing group."))
        return data
