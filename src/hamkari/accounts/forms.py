from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from hamkari.accounts import services


class LoginForm(AuthenticationForm):
    """Username and password. The error never says which of the two was wrong."""


class OTPTokenForm(forms.Form):
    """The second-factor step: a code from the authenticator app, or one recovery code."""

    otp_token = forms.CharField(
        label=_("Code from your authenticator app, or a recovery code"), max_length=32, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false",
                                      "autocapitalize": "off", "dir": "ltr"}),
    )

    def clean_otp_token(self):
        return services.normalize_token(self.cleaned_data["otp_token"])


class EnrolForm(forms.Form):
    otp_token = forms.CharField(
        label=_("Six-digit code shown by the app"), max_length=12, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True,
                                      "dir": "ltr"}),
    )

    def clean_otp_token(self):
        token = services.normalize_token(self.cleaned_data["otp_token"])
        if not (token.isdigit() and len(token) == 6):
            raise forms.ValidationError(_("Enter the six digits shown by the authenticator app."))
        return token


class ReauthenticateForm(forms.Form):
    """Confirms that the person at the keyboard is the account holder: current password or a fresh code."""

    password = forms.CharField(
        label=_("Current password"), required=False, strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    otp_token = forms.CharField(
        label=_("or a code from your authenticator app"), required=False, max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        password = cleaned.get("password") or ""
        token = cleaned.get("otp_token") or ""
        if not password and not token:
            raise forms.ValidationError(_("Enter your current password or a code from your authenticator app."))
        if password and self.user.check_password(password):
            return cleaned
        if token and services.verify_totp(user=self.user, token=token):
            return cleaned
        self.failed = True
        raise forms.ValidationError(_("That password or code is not correct."))


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Interface language"), choices=settings.LANGUAGES)
