"""API tokens: made, listed and revoked by their own user; checked on every API request that carries one.

A token reads "hmk_" + an 8-character prefix + a secret. It is shown once, when it is made; only the sha256 of
the whole token is stored, so a copy of the database gives nobody a working token. The prefix, stored in
clear, lets the user tell their tokens apart.

A request sends it as `Authorization: Bearer hmk_...`. A read token may only read (GET, HEAD, OPTIONS); a write
token may also create and change records, always within what its user's roles allow.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth

from hamkari.accounts.models import ApiToken, TokenScope
from hamkari.sharing import audit
from hamkari.sharing.models import AuditAction

TOKEN_MARK = "hmk_"
PREFIX_LENGTH = 8
MAX_TOKEN_LENGTH = 200  # longer headers are refused before any hashing or database query
LAST_USED_RESOLUTION = timedelta(minutes=1)  # last_used_at is written at most this often per token
EXPIRY_CHOICES_DAYS = (7, 30, 90, 365)
DEFAULT_EXPIRY_DAYS = 90
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _new_token() -> tuple[str, str]:
    """(prefix, whole token). The prefix is drawn separately so it never holds part of the secret."""
    prefix = secrets.token_hex(PREFIX_LENGTH // 2)
    return prefix, f"{TOKEN_MARK}{prefix}{secrets.token_urlsafe(32)}"


# --- writes ---------------------------------------------------------------------------------------------------

def _audit(event: str, token: ApiToken, *, by, request=None):
    user = token.user
    audit.record(
        AuditAction.ACCOUNT, actor=by, request=request, obj=user,
        object_country=(user.agency.country_id or "") if user.agency_id else "",
        object_agency=user.agency.code if user.agency_id else "",
        detail={"event": event, "username": user.username, "token": token.prefix, "name": token.name,
                "scope": token.scope},
    )


def create_token(*, user, name: str, scope: str = TokenScope.READ, expires_in_days: int | None = DEFAULT_EXPIRY_DAYS,
                 request=None) -> tuple[ApiToken, str]:
    """Make a token for `user`; returns the stored row and the token itself, which is never available again."""
    if scope not in TokenScope.values:
        raise ValueError(f"unknown scope {scope!r}")
    expires_at = timezone.now() + timedelta(days=expires_in_days) if expires_in_days else None
    with transaction.atomic():
        prefix, token = _new_token()
        row = ApiToken.objects.create(user=user, name=name.strip()[:100], prefix=prefix,
                                      secret_hash=hash_token(token), scope=scope, expires_at=expires_at)
        _audit("api_token_created", row, by=user, request=request)
    return row, token


def revoke_token(*, token: ApiToken, by, request=None) -> ApiToken:
    """Revoke one of `by`'s own tokens at once. Revoking twice keeps the first date."""
    if token.user_id != by.pk:
        raise PermissionError("a token is revoked only by its own user")
    with transaction.atomic():
        updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        token.refresh_from_db()
        if updated:
            _audit("api_token_revoked", token, by=by, request=request)
    return token


# --- reads ----------------------------------------------------------------------------------------------------

def tokens_of(user):
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def is_live(token: ApiToken, now=None) -> bool:
    now = now or timezone.now()
    return token.revoked_at is None and (token.expires_at is None or token.expires_at > now)


def user_for_token(raw: str):
    """The token's row when `raw` is a live token of an active user of an active agency, else None."""
    if not raw or len(raw) > MAX_TOKEN_LENGTH or not raw.startswith(TOKEN_MARK) or "\x00" in raw:
        return None
    row = (ApiToken.objects.select_related("user", "user__agency")
           .filter(secret_hash=hash_token(raw)).first())
    if row is None or not is_live(row):
        return None
    user = row.user
    if not user.is_active or user.agency_id is None or not user.agency.is_active:
        return None
    _touch(row)
    return row


def _touch(row: ApiToken):
    now = timezone.now()
    if row.last_used_at is not None and now - row.last_used_at < LAST_USED_RESOLUTION:
        return
    # One UPDATE, conditional, so that concurrent requests do not all write.
    ApiToken.objects.filter(pk=row.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)).update(last_used_at=now)
    row.last_used_at = now


# --- django-ninja authentication ------------------------------------------------------------------------------

class TokenAuth(HttpBearer):
    """`Authorization: Bearer hmk_...`. A request that sends the header is judged on the token alone."""

    def __call__(self, request):
        header = request.headers.get(self.header)
        if header is None:
            return None  # no token: the session may still authenticate the request
        scheme, _sep, raw = header.strip().partition(" ")
        if scheme.lower() != self.openapi_scheme or not raw.strip():
            raise AuthenticationError(401, _("Send the token as: Authorization: Bearer <token>."))
        return self.authenticate(request, raw.strip())

    def authenticate(self, request, token):
        row = user_for_token(token)
        if row is None:
            raise AuthenticationError(401, _("This token is not valid: it is unknown, revoked or expired, or its "
                                             "account or agency is no longer active."))
        if request.method not in SAFE_METHODS and row.scope != TokenScope.WRITE:
            raise AuthorizationError(403, _("This token may only read. Make a token with the write scope to "
                                            "create or change records."))
        # The views read request.user, as they do for a browser session.
        request.user = row.user
        request.api_token = row
        return row.user


class SecondFactorSessionAuth(SessionAuth):
    """The browser session (with Django's CSRF check on writes), once the second factor is proven.

    SecondFactorRequiredMiddleware already answers 401 before a session without it reaches the API; this check
    keeps the API safe should the middleware ever be reordered or removed."""

    def __call__(self, request):
        if request.headers.get("Authorization") is not None:
            return None  # a token was sent: TokenAuth decided, the session must not override it
        if self.authenticate(request, None) is None:
            return None  # not logged in: 401, rather than a confusing CSRF refusal
        return super().__call__(request)  # Django's CSRF check on writes, then authenticate()

    def authenticate(self, request, key):
        user = request.user
        if not user.is_authenticated:
            return None
        is_verified = getattr(user, "is_verified", None)
        if not user.is_demo and not (is_verified and is_verified()):
            return None
        return user
