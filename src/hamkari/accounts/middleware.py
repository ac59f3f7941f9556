"""Holds a logged-in account to the log-in pages until its second factor is proven."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from hamkari.accounts.selectors import has_second_factor

# Reachable before the second factor: the steps of logging in, leaving, language switching, assets, health.
_OPEN_URL_NAMES = ("accounts:login", "accounts:otp-verify", "accounts:otp-setup", "accounts:logout",
                   "accounts:recovery-codes")
_OPEN_PREFIXES = ("/i18n/", "/static/")
_OPEN_EXACT = ("/health",)


class SecondFactorRequiredMiddleware:
    """Must come after django_otp's OTPMiddleware, which gives request.user `is_verified()`.

    Demo accounts are exempt (they have no second factor; production refuses to run with them)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._open_paths = None

    def _is_open(self, path: str) -> bool:
        if self._open_paths is None:
            self._open_paths = frozenset(reverse(name) for name in _OPEN_URL_NAMES)
        return path in self._open_paths or path in _OPEN_EXACT or path.startswith(_OPEN_PREFIXES)

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_demo:
            is_verified = getattr(user, "is_verified", None)
            if not (is_verified and is_verified()) and not self._is_open(request.path_info):
                return self._refuse(request, user)
        return self.get_response(request)

    def _refuse(self, request, user):
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": _("A second factor is required: finish logging in first.")},
                                status=401)
        target = reverse("accounts:otp-verify" if has_second_factor(user) else "accounts:otp-setup")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
