"""Log-in in two steps (password, then authenticator code), enrolment, recovery codes and the profile.

Until both factors are proven the session holds only a short-lived "pending" marker, not a log-in: nothing
counts as logged in (and django-axes does not forget earlier failures) before the second factor is right.
"""

import base64
import time

import django_otp
import qrcode
import qrcode.image.svg
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.crypto import constant_time_compare
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from hamkari.accounts import selectors, services
from hamkari.accounts.forms import EnrolForm, LanguageForm, LoginForm, OTPTokenForm, ReauthenticateForm
from hamkari.sharing import audit
from hamkari.sharing.models import AuditAction

PENDING_KEY = "accounts_pending"
RECOVERY_CODES_KEY = "accounts_new_recovery_codes"
PENDING_MAX_AGE = 5 * 60  # seconds between the password and the second factor


# --- helpers -------------------------------------------------------------------------------------------------

def _safe_next(request, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return candidate
    return reverse(settings.LOGIN_REDIRECT_URL)


def _is_verified(user) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def _fully_logged_in(user) -> bool:
    return user.is_authenticated and (user.is_demo or _is_verified(user))


def _second_factor_user(request):
    """Whoever is between the two steps: a password-checked pending user, or a logged-in unverified user
    (e.g. one who came through the admin's log-in page). None otherwise."""
    user = request.user
    if user.is_authenticated:
        return None if _fully_logged_in(user) else user
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_MAX_AGE:
        request.session.pop(PENDING_KEY, None)
        return None
    user = get_user_model().objects.filter(pk=pending.get("id"), is_active=True).first()
    if user is None or not constant_time_compare(pending.get("hash", ""), user.get_session_auth_hash()):
        request.session.pop(PENDING_KEY, None)
        return None
    user.backend = pending.get("backend") or settings.AUTHENTICATION_BACKENDS[-1]
    return user


def _next_for(request) -> str:
    pending = request.session.get(PENDING_KEY) or {}
    return _safe_next(request, request.POST.get("next") or request.GET.get("next") or pending.get("next"))


def _set_language_cookie(response, language: str):
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language,
        max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def _complete_login(request, user, device, next_url: str):
    """Both factors proven (or a demo account): log in and remember the device in the session."""
    request.session.pop(PENDING_KEY, None)
    if request.user.is_authenticated and request.user.pk == user.pk:
        request.session.cycle_key()
        django_otp.login(request, device)
    else:
        if device is not None:
            user.otp_device = device  # django_otp persists it when auth.login runs
        auth_login(request, user, backend=getattr(user, "backend", None))
    response = redirect(next_url)
    if user.language:
        _set_language_cookie(response, user.language)
    return response


def _lock_out(request, user):
    """Locked out: end the half-finished log-in and show the lock-out page."""
    credentials = {"username": user.username}
    if request.user.is_authenticated:
        auth_logout(request)
    else:
        request.session.flush()
    return get_lockout_response(request, None, credentials)


def _count_failure(request, user):
    """Record a wrong code; returns the lock-out response when this failure locked the account."""
    services.record_failed_second_factor(user=user, request=request)
    if getattr(request, "axes_locked_out", False):
        return _lock_out(request, user)
    return None


def _qr_svg(device) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    # Made here from our own data: only path geometry, no text and no style attribute (the CSP forbids them).
    return mark_safe(svg)  # noqa: S308


# --- log-in --------------------------------------------------------------------------------------------------

@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request):
    if _fully_logged_in(request.user):
        return redirect(_safe_next(request, request.GET.get("next")))
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    form = LoginForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        if user.is_demo:
            return _complete_login(request, user, None, _safe_next(request, next_url))
        if request.user.is_authenticated:  # someone else half-logged-in in this browser
            auth_logout(request)
        request.session.cycle_key()
        request.session[PENDING_KEY] = {
            "id": user.pk, "backend": user.backend, "at": time.time(),
            "hash": user.get_session_auth_hash(), "next": _safe_next(request, next_url),
        }
        if selectors.has_second_factor(user):
            return redirect("accounts:otp-verify")
        return redirect("accounts:otp-setup")
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@sensitive_post_parameters("otp_token")
@csrf_protect
@never_cache
def otp_verify(request):
    if _fully_logged_in(request.user):
        return redirect(_next_for(request))
    user = _second_factor_user(request)
    if user is None:
        return redirect("accounts:login")
    if not selectors.has_second_factor(user):
        return redirect("accounts:otp-setup")
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST":
        if not AxesProxyHandler.is_allowed(request, {"username": user.username}):
            return _lock_out(request, user)
        if form.is_valid():
            device = services.verify_second_factor(user=user, token=form.cleaned_data["otp_token"])
            if device is not None:
                response = _complete_login(request, user, device, _next_for(request))
                if device.name == selectors.RECOVERY_DEVICE_NAME:
                    left = selectors.recovery_codes_left(user)
                    messages.warning(request, ngettext(
                        "You used a recovery code. %(left)d recovery code is left; make new ones from your "
                        "profile.",
                        "You used a recovery code. %(left)d recovery codes are left; make new ones from your "
                        "profile.", left) % {"left": left})
                return response
            form.add_error("otp_token", _("That code is not correct. Check the time on your phone and try the "
                                          "newest code, or use one of your recovery codes."))
            locked = _count_failure(request, user)
            if locked is not None:
                return locked
    return render(request, "accounts/otp_verify.html", {"form": form, "next": request.GET.get("next", "")})


@sensitive_post_parameters("otp_token")
@csrf_protect
@never_cache
def otp_setup(request):
    if _fully_logged_in(request.user):
        return redirect("accounts:profile")
    user = _second_factor_user(request)
    if user is None:
        return redirect("accounts:login")
    if selectors.has_second_factor(user):
        # Never let someone who only knows the password add a device: prove the existing one instead.
        return redirect("accounts:otp-verify")
    device = services.start_enrolment(user=user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_enrolment(user=user, device=device, token=form.cleaned_data["otp_token"],
                                           request=request)
        if codes is not None:
            device.refresh_from_db()
            _complete_login(request, user, device, reverse("accounts:recovery-codes"))
            request.session[RECOVERY_CODES_KEY] = codes
            messages.success(request, _("Your authenticator app is set up."))
            return redirect("accounts:recovery-codes")
        form.add_error("otp_token", _("That code is not correct. Check that the phone's clock is right and "
                                      "enter the newest code."))
    secret = base64.b32encode(device.bin_key).decode("ascii")
    return render(request, "accounts/otp_setup.html", {
        "form": form, "qr_svg": _qr_svg(device),
        "secret_groups": [secret[i:i + 4] for i in range(0, len(secret), 4)],
        "issuer": settings.OTP_TOTP_ISSUER, "account": user.get_username(),
    })


@never_cache
def recovery_codes(request):
    """Shows freshly made recovery codes exactly once."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    codes = request.session.pop(RECOVERY_CODES_KEY, None)
    return render(request, "accounts/recovery_codes.html", {
        "codes": codes, "left": selectors.recovery_codes_left(request.user),
    })


@sensitive_post_parameters("password", "otp_token")
@login_required
@require_http_methods(["GET", "POST"])
@never_cache
def recovery_codes_regenerate(request):
    user = request.user
    if user.is_demo or not selectors.has_second_factor(user):
        messages.info(request, _("This account has no authenticator app, so it has no recovery codes."))
        return redirect("accounts:profile")
    form = ReauthenticateForm(request.POST or None, user=user)
    if request.method == "POST":
        if not AxesProxyHandler.is_allowed(request, {"username": user.username}):
            return _lock_out(request, user)
        if form.is_valid():
            request.session[RECOVERY_CODES_KEY] = services.regenerate_recovery_codes(user=user, request=request)
            messages.success(request, _("New recovery codes were made; the old ones no longer work."))
            return redirect("accounts:recovery-codes")
        if getattr(form, "failed", False):
            locked = _count_failure(request, user)
            if locked is not None:
                return locked
    return render(request, "accounts/recovery_codes_regenerate.html", {"form": form})


# --- profile -------------------------------------------------------------------------------------------------

@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    form = LanguageForm(request.POST or None, initial={"language": user.language or translation.get_language()})
    if request.method == "POST" and form.is_valid():
        user.language = form.cleaned_data["language"]
        user.save(update_fields=["language"])
        translation.activate(user.language)
        messages.success(request, _("Interface language saved."))
        return _set_language_cookie(redirect("accounts:profile"), user.language)
    return render(request, "accounts/profile.html", {
        "language_form": form,
        "reauth_form": ReauthenticateForm(user=user),
        "has_second_factor": selectors.has_second_factor(user),
        "recovery_codes_left": selectors.recovery_codes_left(user),
    })


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")
    success_message = gettext_lazy("Your password was changed.")

    def form_valid(self, form):
        response = super().form_valid(form)
        audit.record(AuditAction.ACCOUNT, actor=self.request.user, request=self.request, obj=self.request.user,
                     detail={"event": "password_changed", "username": self.request.user.username})
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django refuses GET): a link or an image cannot log anyone out."""

