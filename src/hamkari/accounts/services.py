"""Second-factor changes. Every function is keyword-only; changes to accounts are audited."""

import secrets

from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hamkari.accounts.selectors import RECOVERY_DEVICE_NAME, confirmed_totp_device, recovery_device
from hamkari.sharing import audit
from hamkari.sharing.models import AuditAction

RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: codes are read from paper and typed by hand.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 12  # about 59 bits each; stored without separators, shown in groups of four


def normalize_token(token: str) -> str:
    """Strip what people add when copying a code: spaces, dashes, capitals."""
    return "".join(ch for ch in str(token or "") if ch not in " -\t\r\n").lower()


def format_recovery_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def _audit_account(event: str, *, user, by, request=None, **extra):
    audit.record(
        AuditAction.ACCOUNT, actor=by, request=request, obj=user,
        object_country=(user.agency.country_id or "") if user.agency_id else "",
        object_agency=user.agency.code if user.agency_id else "",
        detail={"event": event, "username": user.username, **extra},
    )


def generate_recovery_codes(*, user) -> list[str]:
    """Replace the user's recovery codes by ten new single-use codes and return them (shown once)."""
    codes = ["".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
             for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        device = recovery_device(user)
        if device is None:
            device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
        device.throttle_reset(commit=True)
    return [format_recovery_code(code) for code in codes]


def regenerate_recovery_codes(*, user, request=None) -> list[str]:
    codes = generate_recovery_codes(user=user)
    _audit_account("recovery_codes_regenerated", user=user, by=user, request=request)
    return codes


def start_enrolment(*, user) -> TOTPDevice:
    """The user's unconfirmed authenticator, created on first use (so reloading keeps the same QR code)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


def confirm_enrolment(*, user, device: TOTPDevice, token: str, request=None) -> list[str] | None:
    """Confirm `device` when `token` is right; returns the new recovery codes, or None when it is wrong."""
    token = normalize_token(token)
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user, confirmed=False).first()
        if device is None or not token.isdigit() or not device.verify_token(token):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # Only one authenticator per account: drop any other (unconfirmed) ones.
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = generate_recovery_codes(user=user)
        _audit_account("second_factor_enrolled", user=user, by=user, request=request)
    return codes


def verify_second_factor(*, user, token: str):
    """The device that accepts `token` (a six-digit code from the app, or an unused recovery code), or None.

    A recovery code is used up by this call."""
    token = normalize_token(token)
    if not token:
        return None
    with transaction.atomic():
        if token.isdigit() and len(token) == 6:
            devices = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
        else:
            devices = StaticDevice.objects.select_for_update().filter(
                user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        for device in devices:
            if device.verify_token(token):
                return device
    return None


def verify_totp(*, user, token: str) -> bool:
    """A fresh code from the user's authenticator app (not a recovery code)."""
    token = normalize_token(token)
    device = confirmed_totp_device(user)
    if device is None or not (token.isdigit() and len(token) == 6):
        return False
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        return device.verify_token(token)


def record_failed_second_factor(*, user, request):
    """Count a wrong code like a wrong password: django-axes (lock-out) and the audit trail both listen."""
    user_login_failed.send(sender=__name__, credentials={"username": user.username}, request=request)


def reset_second_factor(*, user, by, request=None):
    """Remove the user's authenticator and recovery codes; they enrol again at their next log-in."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        _audit_account("second_factor_reset", user=user, by=by, request=request)
