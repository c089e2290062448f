"""Roret settings, read from the environment.

Every value an operator may change comes from an environment variable (see README,
"Configuration"). Defaults are safe for production except where the demo needs otherwise;
the demo sets its own variables in ``roret demo``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent
# var/ holds the demo database, generated keys and uploaded files; it is never committed.
VAR_DIR = Path(os.environ.get("RORET_VAR_DIR", Path.cwd() / "var")).resolve()

DEBUG = env_bool("RORET_DEBUG", False)
# The demo relaxes two-factor login, visibly (a banner on every page); never set in production.
DEMO_MODE = env_bool("RORET_DEMO", False)
# HTTPS-only cookies, HSTS and redirects; off only for local http (demo, tests).
HTTPS = env_bool("RORET_HTTPS", not DEBUG)

SECRET_KEY = os.environ.get("RORET_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("RORET_SECRET_KEY must be set when RORET_DEBUG is off.")
    SECRET_KEY = "insecure-development-only-key-" + "x" * 40

ALLOWED_HOSTS = env_list("RORET_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("RORET_CSRF_TRUSTED_ORIGINS", [])

# The name shown in the header, e.g. "Svendborg Kommune".
MUNICIPALITY_NAME = os.environ.get("RORET_MUNICIPALITY_NAME", "Roret Kommune")

# Keys for CPR at rest: an AES-GCM key for the value and a separate HMAC key for the blind
# index. Read from the environment or from a JSON key file; never stored in the database.
RORET_KEY_FILE = os.environ.get("RORET_KEY_FILE", "")

INSTALLED_APPS = [
    # Django's admin with Roret's site: administrators need the role and a verified second factor.
    "roret.accounts.admin_site.RoretAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "roret.core",
    "roret.organisation",
    "roret.accounts",
    "roret.audit",
    "roret.people",
    "roret.casework",
    "roret.plans",
    "roret.journal",
    "roret.dropin",
    "roret.offers",
    "roret.employment",
    "roret.outreach",
    "roret.seed",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Right after sessions: its response step runs just before the session is saved.
    "roret.core.middleware.IdleClockMiddleware",
    "roret.core.middleware.DanishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Right after authentication, so it sees the user and its response step runs last.
    "roret.core.middleware.NoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before LoginRequiredMiddleware: answers the API with 401 and sends a user who has only
    # given a password to the second-factor step.
    "roret.accounts.middleware.StaffAccessMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "roret.urls"
WSGI_APPLICATION = "roret.wsgi.application"
ASGI_APPLICATION = "roret.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "roret.core.context_processors.roret",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'roret.sqlite3'}"),
        conn_max_age=int(os.environ.get("RORET_DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Roret's queries are short: PostgreSQL's JIT compiles for longer than they run
    # (~20 ms on a report at size L, docs/performance.md).
    # A municipality's working set sits in memory, where a random read costs little more
    # than a sequential one; at PostgreSQL's default (4, for spinning disks) the planner
    # scanned a whole table in parallel rather than read a team's few hundred open
    # applications through their index (25 ms against 6 at size L, docs/performance.md).
    random_page_cost = os.environ.get("RORET_DB_RANDOM_PAGE_COST", "1.1")
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c jit=off -c random_page_cost={float(random_page_cost)}"
    )
    # Server-side parameter binding lets psycopg prepare a statement it has run five times on
    # a connection, so PostgreSQL plans it once per connection, not per request. Measured in
    # docs/performance.md; off unless RORET_DB_SERVER_SIDE_BINDING=1.
    if os.environ.get("RORET_DB_SERVER_SIDE_BINDING") == "1":
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out account before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
# Each app keeps its own catalogue in <app>/locale/ (see `make messages`).
LOCALE_PATHS: list[str] = []
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("RORET_STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security headers. Cookies and HSTS follow HTTPS; the rest always apply.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("RORET_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("RORET_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Sessions expire after inactivity: IdleClockMiddleware moves the expiry forward, writing
# the session at most once a minute, not on every request.
SESSION_COOKIE_AGE = int(os.environ.get("RORET_SESSION_IDLE_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content-Security-Policy (django-csp 4): scripts and styles only from our own origin, so no
# inline script can run; htmx reads its configuration from a meta tag for the same reason.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Two-factor login (django-otp, TOTP). Staff enrol an authenticator app at first login; the
# demo (DEMO_MODE) skips the second factor and says so on every page.
OTP_TOTP_ISSUER = f"Roret {MUNICIPALITY_NAME}"
# Administrators reset a device; they never see its secret.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Lockout after repeated failed logins (django-axes). The account is locked, not the address:
# a town hall reaches us from one NAT address, and five colleagues' typos must not lock it.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("RORET_LOCKOUT_MINUTES", "30")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "roret.accounts.views.locked_out"
# Usernames as typed are logged and stored by axes; a CPR number typed by mistake is not.
AXES_USERNAME_CALLABLE = "roret.accounts.auth_log.attempted_username"
SILENCED_SYSTEM_CHECKS = [
    # axes.W006 asks for the IP address as a lockout parameter; see AXES_LOCKOUT_PARAMETERS
    # above and docs/decisions/0005-login-and-two-factor.md for why Roret locks the account.
    "axes.W006",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("RORET_LOG_LEVEL", "INFO")},
    "loggers": {
        # Django logs the full URL of failing requests; URLs never carry CPR in Roret.
        "django.request": {"level": "WARNING"},
    },
}

# Sealing of the access log (docs/audit.md): entries younger than the margin wait for the next
# seal, so transactions still in flight are not skipped; the look-back bounds the search.
RORET_AUDIT_SEAL_MARGIN_SECONDS = int(os.environ.get("RORET_AUDIT_SEAL_MARGIN_SECONDS", "5"))
RORET_AUDIT_SEAL_LOOKBACK_SECONDS = int(os.environ.get("RORET_AUDIT_SEAL_LOOKBACK_SECONDS", "3600"))
