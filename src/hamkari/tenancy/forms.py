"""Forms for agencies and users. They only validate input; services do the writing."""

from django import forms
from django.utils.translation import gettext_lazy as _

from hamkari.tenancy.models import ROLE_LABELS, Agency, AgencyKind, Country, User
from hamkari.tenancy.roles import Perm, Role


def role_choices(by):
    """Roles the acting user may hand out: only administrators may grant the administrator role."""
    roles = [r for r in Role if r != Role.ADMINISTRATOR or by.can(Perm.AGENCIES_MANAGE)]
    return [(r.value, ROLE_LABELS[r]) for r in roles]


class UserCreateForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=300, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    roles = forms.MultipleChoiceField(label=_("Roles"), widget=forms.CheckboxSelectMultiple, required=True)

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = role_choices(by)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("This username is taken."))
        return username


class UserEditForm(forms.Form):
    roles = forms.MultipleChoiceField(label=_("Roles"), widget=forms.CheckboxSelectMultiple, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False,
                                   help_text=_("An inactive user cannot log in. Nothing they did is removed."))

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = role_choices(by)


class AgencyForm(forms.ModelForm):
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.order_by("-is_member", "name"), required=False,
        help_text=_("Leave empty for an international or regional body."))

    class Meta:
        model = Agency
        fields = ["code", "name", "local_name", "acronym", "kind", "country", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Codes are stable references (audit entries, exports, other systems): they do not change.
            self.fields["code"].disabled = True
        else:
            del self.fields["is_active"]

    def clean(self):
        data = super().clean()
        if not data.get("country") and data.get("kind") not in (AgencyKind.INTERNATIONAL, None):
            self.add_error("country", _("A national agency needs a country; choose the kind "
                                        "'International or regional body' for a body without one."))
        return data


class FocalPointForm(forms.Form):
    focal_point = forms.ModelChoiceField(label=_("Focal point"), queryset=User.objects.none(), required=False,
                                         help_text=_("Only active users of this agency who hold the focal point "
                                                     "role are listed."))

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["focal_point"].queryset = User.objects.filter(
            agency=agency, is_active=True, role_grants__role=Role.FOCAL_POINT.value).distinct()
