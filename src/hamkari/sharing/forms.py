from django import forms

from hamkari.sharing.models import SharingGroup
from hamkari.tenancy.models import Agency, Country


class SharingGroupForm(forms.ModelForm):
    countries = forms.ModelMultipleChoiceField(
        queryset=Country.objects.order_by("-is_member", "name"), required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}))
    agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.filter(is_active=True).select_related("country"), required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}))

    class Meta:
        model = SharingGroup
        fields = ["name", "description", "countries", "agencies"]
