"""Django settings for Hamkari, read from the environment only (see README, "Configuration")."""

from pathlib import Path

import dj_database_url
import dj_email_url
from django.utils.translation import gettext_lazy as _

from hamkari.env import ConfigError, env_bool, env_float, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent
# var/ holds the embedded database, uploads and generated files; by default beside the checkout.
VAR_DIR = Path(env_str("HAMKARI_VAR_DIR") or PACKAGE_DIR.parent.parent / "var").resolve()

DEBUG = env_bool("DEBUG", False)
# PRODUCTION is set by `hamkari serve --production`; it switches on every transport-security setting.
PRODUCTION = env_bool("HAMKARI_PRODUCTION", False)

_DEV_SECRET = "dev-only-insecure-key-never-use-in-production-" + "x" * 20
SECRET_KEY = env_str("SECRET_KEY") or (None if PRODUCTION else _DEV_SECRET)
if not SECRET_KEY:
    raise ConfigError("SECRET_KEY must be set in production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "hamkari.core",
    "hamkari.tenancy",
    "hamkari.sharing",
    "hamkari.accounts",
    "hamkari.places",
    "hamkari.incidents",
    "hamkari.entities",
    "hamkari.matching",
    "hamkari.notifications",
    "hamkari.insights",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves Swagger UI's files itself for /api/docs (no CDN)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "hamkari.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # AxesMiddleware must come last: it turns a lockout into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hamkari.urls"
WSGI_APPLICATION = "hamkari.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "hamkari.core.context_processors.platform",
                "hamkari.notifications.context_processors.notifications",
            ],
            "builtins": ["hamkari.core.templatetags.hamkari"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'hamkari.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers go on while a writer commits; IMMEDIATE avoids "database is locked" on upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "tenancy.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out username or address before the password is even checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock-out after repeated failed log-ins (django-axes): per username, so one officer's mistakes
# do not lock out a whole border post sharing one address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("PROXY_COUNT", 0) or None

OTP_TOTP_ISSUER = env_str("OTP_ISSUER", "Hamkari")

# Sessions end after SESSION_IDLE_MINUTES without a request, and always when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# Transport security: on in production, where Hamkari runs behind HTTPS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = PRODUCTION or env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", PRODUCTION)
if env_bool("BEHIND_HTTPS_PROXY", PRODUCTION):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content Security Policy: only the platform's own assets; no inline script, no CDN.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Languages of the region. Dari is fa-AF so that browsers asking for fa-AF get it, falling back to Farsi.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("ru", "Русский"),
    ("fa-af", "دری"),
    ("ps", "پښتو"),
    ("fa", "فارسی"),
    ("ur", "اردو"),
]
LANGUAGES_BIDI = ["fa-af", "ps", "fa", "ur"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["hamkari.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_str("TIME_ZONE", "UTC")
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static" if PRODUCTION else None  # `serve --production` collects here
# Outside production, whitenoise serves straight from the source folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STATICFILES_DIRS = [PACKAGE_DIR / "static"]  # static/vendor is filled from npm by `make assets`
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "files"  # outside the web root: files are served only through views

_email = dj_email_url.parse(env_str("EMAIL_URL") or "console://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "hamkari@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

PLATFORM_NAME = _("Hamkari")

# Lock-out is per username on purpose (see AXES_LOCKOUT_PARAMETERS): a border post behind one address
# must not be locked out by one officer's typing, so the check asking for per-address lock-out is silenced.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Background work (imports, later matching): Django's task framework (backport) on the database, so nothing
# but the database is needed. `hamkari serve` starts a worker beside the web server; production runs
# `hamkari db_worker` as its own service. HAMKARI_TASKS_IMMEDIATE=1 runs tasks in the request instead.
TASKS = {
    "default": {
        "BACKEND": ("django_tasks.backends.immediate.ImmediateBackend" if env_bool("HAMKARI_TASKS_IMMEDIATE", False)
                    else "django_tasks_db.DatabaseBackend"),
    }
}

# Uploads: files are stored under VAR_DIR/imports, outside the web root, and read back only by the importer.
IMPORT_MAX_BYTES = env_int("HAMKARI_IMPORT_MAX_BYTES", 50 * 1024 * 1024)
# An XLSX is a zip: refuse one whose members would expand past this (a "zip bomb") before opening it.
IMPORT_MAX_UNZIPPED_BYTES = env_int("HAMKARI_IMPORT_MAX_UNZIPPED_BYTES", 1024 ** 3)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Cross-border matching (docs/matching.md). A key held by more entities than the cap stops producing candidates
# (administrators see such keys in `hamkari match status`); at most MATCH_MAX_CANDIDATES candidates are scored
# per entity; pairs scoring at least the threshold are hits, banded high / medium / low.
MATCH_KEY_CAP = env_int("HAMKARI_MATCH_KEY_CAP", 500)
MATCH_MAX_CANDIDATES = env_int("HAMKARI_MATCH_MAX_CANDIDATES", 100)
MATCH_HIT_THRESHOLD = env_float("HAMKARI_MATCH_HIT_THRESHOLD", 0.5)
MATCH_BAND_HIGH = env_float("HAMKARI_MATCH_BAND_HIGH", 0.90)
MATCH_BAND_MEDIUM = env_float("HAMKARI_MATCH_BAND_MEDIUM", 0.75)

# How many incidents `hamkari seed --demo` generates (the demo's regional picture).
DEMO_INCIDENTS = env_int("HAMKARI_DEMO_INCIDENTS", 20_000)
