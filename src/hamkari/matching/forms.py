"""Forms of the hit pages: the hit list's filters, a disclosure request, an owner's decision, a judgement."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamkari.matching.models import KIND_CHOICES, Band, HitStatus, Verdict
from hamkari.matching.labels import KIND_LABELS
from hamkari.sharing.models import Handling
from hamkari.incidents.forms import country_choices

ANY = [("", _("Any"))]


class HitFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, initial=HitStatus.OPEN,
                               choices=[*HitStatus.choices, ("all", _("Any"))])
    band = forms.ChoiceField(label=_("Score band"), required=False, choices=[*ANY, *Band.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[*ANY, *[(k, KIND_LABELS[k]) for k, _label in KIND_CHOICES]])
    country = forms.ChoiceField(label=_("Other country"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [*ANY, *country_choices(blank=False)]

    def filters(self) -> dict:
        if not self.is_valid():
            return {"status": HitStatus.OPEN}
        data = self.cleaned_data
        status = data.get("status") or HitStatus.OPEN
        return {"status": None if status == "all" else status, "band": data.get("band") or None,
                "kind": data.get("kind") or None, "other_country": data.get("country") or None}


class DisclosureRequestForm(forms.Form):
    reason = forms.CharField(label=_("Why you need the record"), max_length=2000, widget=forms.Textarea(
        attrs={"rows": 3}), help_text=_("The owner reads this before deciding. Cite your case or reference."))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("decline", _("Decline"))],
                                 widget=forms.RadioSelect, label=_("Decision"))
    fields = forms.MultipleChoiceField(label=_("What to disclose"), required=False,
                                       widget=forms.CheckboxSelectMultiple)
    handling = forms.ChoiceField(label=_("Make the record itself visible to the requester"), required=False,
                                 choices=[("", _("No: disclose the chosen fields only")),
                                          (Handling.RESTRICTED, _("Yes, restricted: add their agency to a "
                                                                  "sharing group of this record")),
                                          (Handling.REGIONAL, _("Yes, regional: every member agency"))])
    reason = forms.CharField(label=_("Reason for declining"), required=False, max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, field_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fields"].choices = field_choices
        self.fields["fields"].initial = [name for name, _label in field_choices]

    def clean(self):
        data = super().clean()
        if data.get("decision") == "approve" and not data.get("fields"):
            self.add_error("fields", _("Choose fields of the record to disclose."))
        if data.get("decision") == "decline" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why you decline: the requester is told."))
        return data


class JudgementForm(forms.Form):
    verdict = forms.ChoiceField(label=_("These two records are"), choices=Verdict.choices,
                                widget=forms.RadioSelect)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 2}))
