"""The API tokens page: list one's tokens, make one (shown once), revoke one.

Reaching these pages needs a full log-in, second factor included (SecondFactorRequiredMiddleware)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from hamkari.accounts import tokens
from hamkari.accounts.models import ApiToken, TokenScope

NEW_TOKEN_KEY = "accounts_new_api_token"


class TokenForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100, strip=True,
                           help_text=gettext_lazy("What the token is for, e.g. “nightly export to the national "
                                                  "system”."))
    scope = forms.ChoiceField(label=gettext_lazy("Scope"), choices=TokenScope.choices, initial=TokenScope.READ,
                              widget=forms.RadioSelect)
    expires_in_days = forms.TypedChoiceField(label=gettext_lazy("Expires after"), coerce=int,
                                             initial=tokens.DEFAULT_EXPIRY_DAYS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per request, so the labels are in the interface language of the request.
        self.fields["expires_in_days"].choices = [
            (days, ngettext("%(days)d day", "%(days)d days", days) % {"days": days})
            for days in tokens.EXPIRY_CHOICES_DAYS]

    def clean_name(self):
        name = self.cleaned_data["name"].replace("\x00", "")
        if not name:
            raise forms.ValidationError(_("Give the token a name."))
        return name


@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def token_list(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row, secret = tokens.create_token(user=request.user, name=form.cleaned_data["name"],
                                          scope=form.cleaned_data["scope"],
                                          expires_in_days=form.cleaned_data["expires_in_days"], request=request)
        # Shown once, on the next page load, then gone from the session (post/redirect/get).
        request.session[NEW_TOKEN_KEY] = {"id": row.pk, "token": secret}
        return redirect("accounts:tokens")
    new = request.session.pop(NEW_TOKEN_KEY, None)
    rows = list(tokens.tokens_of(request.user))
    for row in rows:
        row.live = tokens.is_live(row)
    return render(request, "accounts/tokens.html", {
        "form": form, "tokens": rows, "token_mark": tokens.TOKEN_MARK,
        "new_token": new["token"] if isinstance(new, dict) else None,
        "new_token_id": new.get("id") if isinstance(new, dict) else None,
    })


@login_required
@require_POST
def token_revoke(request, pk: int):
    # Another user's token answers 404, like one that does not exist.
    row = get_object_or_404(ApiToken, pk=pk, user=request.user)
    tokens.revoke_token(token=row, by=request.user, request=request)
    messages.success(request, _("The token “%(name)s” is revoked; it no longer works.") % {"name": row.name})
    return redirect("accounts:tokens")
