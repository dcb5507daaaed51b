"""Marsad settings: one module, read from the environment (see docs/configuration.md).

MARSAD_ENV selects the mode:
- ``development`` (default): local runs and the demo; a secret key is generated under the data
  directory, DEBUG defaults to on, hosts default to localhost.
- ``production``: refuses to start without a real SECRET_KEY and ALLOWED_HOSTS; HTTPS-only
  cookies, HSTS and redirects are on.
- ``test``: used by the test settings.
"""

from __future__ import annotations

import base64
import ipaddress
import os
import secrets
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.env import Env
from marsad.core.dbsettings import SQLITE_INIT_COMMAND
from marsad.ops.logs import logging_config

env = Env()

BASE_DIR = Path(__file__).resolve().parent.parent
MARSAD_ENV = env.choice("MARSAD_ENV", "development", ("development", "production", "test"))
PRODUCTION = MARSAD_ENV == "production"

# Local state: SQLite file, uploads, generated keys. Production keeps it outside the checkout.
DATA_DIR = env.path("MARSAD_DATA_DIR", BASE_DIR / "var")

DEBUG = env.get_bool("DEBUG", default=MARSAD_ENV == "development")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG: must be off when MARSAD_ENV=production")


def _secret_key() -> str:
    if env.is_set("SECRET_KEY"):
        key = env.secret("SECRET_KEY")
        if PRODUCTION and (len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure")):
            raise ImproperlyConfigured(
                "SECRET_KEY: too weak for production (use at least 50 random characters, "
                "for example from: python -c 'import secrets; print(secrets.token_urlsafe(64))')"
            )
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY: required when MARSAD_ENV=production (set SECRET_KEY or SECRET_KEY_FILE)"
        )
    # Local runs: a key generated once and kept under the data directory.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(64), encoding="utf-8")
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()


def _generated_key(name: str, make: Callable[[], str]) -> str:
    """A key from the environment; outside production, generated once under the data dir."""
    if env.is_set(name):
        return env.secret(name)
    if PRODUCTION:
        raise ImproperlyConfigured(
            f"{name}: required when MARSAD_ENV=production (see docs/configuration.md)"
        )
    key_file = DATA_DIR / "keys" / name.lower()
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        key_file.touch(mode=0o600)
        key_file.write_text(make(), encoding="utf-8")
    return key_file.read_text(encoding="utf-8").strip()


# Personal data (contact details, names) is encrypted with Fernet keys: the first key
# encrypts, every key decrypts, so a new key can be put in front and old data re-encrypted.
MARSAD_ENCRYPTION_KEYS = [
    key.strip()
    for key in _generated_key(
        "MARSAD_ENCRYPTION_KEYS", lambda: base64.urlsafe_b64encode(os.urandom(32)).decode()
    ).split(",")
    if key.strip()
]
for _key in MARSAD_ENCRYPTION_KEYS:
    try:
        _valid = len(base64.urlsafe_b64decode(_key.encode())) == 32
    except ValueError:
        _valid = False
    if not _valid:
        raise ImproperlyConfigured(
            "MARSAD_ENCRYPTION_KEYS: each key must be 32 url-safe base64-encoded bytes "
            "(generate one with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())')"
        )
# Keyed hashes (receipt codes, client fingerprints for rate limits) use this key. Changing it
# makes every existing receipt code unusable.
MARSAD_HASH_KEY = _generated_key("MARSAD_HASH_KEY", lambda: secrets.token_urlsafe(48))
if len(MARSAD_HASH_KEY) < 32:
    raise ImproperlyConfigured("MARSAD_HASH_KEY: use at least 32 random characters")

ALLOWED_HOSTS = env.get_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS: required when MARSAD_ENV=production (comma-separated host names)"
    )
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS")
# The site as a Tor onion service too (docs/deployment.md, "Onion service"): its address,
# http://<56 characters>.onion. The host is allowed and its origin trusted; public pages on the
# usual address name it in an Onion-Location header; over plain HTTP it is not redirected to
# HTTPS (marsad/core/onion.py).
MARSAD_ONION_URL = env.onion_url("MARSAD_ONION_URL")
if MARSAD_ONION_URL:
    ALLOWED_HOSTS.append(MARSAD_ONION_URL.split("://", 1)[1].split(":", 1)[0])
    CSRF_TRUSTED_ORIGINS.append(MARSAD_ONION_URL)

INSTALLED_APPS = [
    "marsad.core",
    "marsad.accounts",
    "marsad.taxonomy",
    "marsad.intake",
    "marsad.cases",
    "marsad.evidence",
    "marsad.escalations",
    "marsad.observatory",
    "marsad.activities",
    "marsad.newsletter",
    "marsad.reporting",
    "marsad.demo",
    "marsad.ops",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "parler",
    "django_tasks_db",
    "ninja",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "corsheaders",
]

MIDDLEWARE = [
    # First: a request id for the logs, one access line and the request metrics per request.
    "marsad.ops.requestlog.RequestLogMiddleware",
    # Onion-Location, and the onion address over plain HTTP (just before SecurityMiddleware).
    "marsad.core.onion.OnionServiceMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cache-Control: no-store on staff pages, the non-public API and reporters' own pages.
    "marsad.core.nostore.NoStoreMiddleware",
    "marsad.core.middleware.PermissionsPolicyMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # /healthz, /readyz and /metrics, answered before host checks and sessions.
    "marsad.ops.middleware.ProbeMiddleware",
    # Says once (in the log) when requests do not match MARSAD_PROXY_COUNT (after the probes,
    # which a load balancer sends without a proxy between).
    "marsad.core.proxy.ProxyCountMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Private URLs refuse loads by other sites' pages (XS-Leaks), before anything reads the
    # session's state (after the locale: URLs resolve in the path's language).
    "marsad.core.middleware.ResourceIsolationMiddleware",
    # Public read requests read the replica, if there is one (after the locale: URLs resolve).
    "marsad.core.replica.PublicReadsOnReplicaMiddleware",
    # CORS for the public read API only (CORS_URLS_REGEX, CORS_ALLOW_METHODS below).
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "marsad.core.middleware.NullOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Staff sign-in (after the header middleware, so redirects they answer carry the headers).
    "allauth.account.middleware.AccountMiddleware",
    "marsad.accounts.middleware.SessionTimeoutMiddleware",
    "marsad.accounts.middleware.StaffAreaMiddleware",
    # Last, as axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "marsad.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.database("DATABASE_URL", f"sqlite:///{DATA_DIR / 'marsad.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    _sqlite_dir = Path(DATABASES["default"]["NAME"]).parent
    try:
        _sqlite_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"DATABASE_URL: cannot create the folder {str(_sqlite_dir)!r} ({exc.strerror})"
        ) from None
    # WAL lets the web server read while the worker writes; IMMEDIATE avoids lock upgrades;
    # deleted content is overwritten and the log kept short (marsad/core/dbsettings.py).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": SQLITE_INIT_COMMAND,
    }
elif env.get_bool("DATABASE_POOL", default=False):
    # psycopg's connection pool, one per process, shared by its threads (docs/configuration.md,
    # "Database"); a pooled connection goes back to the pool at the end of each request.
    _pool_min = env.get_int("DATABASE_POOL_MIN_SIZE", 2, minimum=0, maximum=1000)
    _pool_max = env.get_int("DATABASE_POOL_MAX_SIZE", 10, minimum=1, maximum=1000)
    if _pool_max < _pool_min:
        raise ImproperlyConfigured(
            f"DATABASE_POOL_MAX_SIZE: must be at least DATABASE_POOL_MIN_SIZE ({_pool_min}), "
            f"got {_pool_max}"
        )
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": _pool_min,
        "max_size": _pool_max,
        # Seconds a request waits for a free connection before failing.
        "timeout": env.get_int("DATABASE_POOL_TIMEOUT", 10, minimum=1, maximum=600),
        # Connections are closed and replaced after this long (and when idle this long).
        "max_lifetime": env.get_int("DATABASE_POOL_MAX_LIFETIME", 1800, minimum=60),
        "max_idle": env.get_int("DATABASE_POOL_MAX_IDLE", 600, minimum=10),
    }
    # The pool keeps connections itself: Django's persistent connections must be off with it.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.get_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A read replica of the primary PostgreSQL for the public site (docs/deployment.md): the
# public pages' and read API's reads go there (marsad/core/replica.py), everything else to the
# primary. Connection settings as the primary's; in tests it mirrors the primary.
if env.is_set("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = env.database("DATABASE_REPLICA_URL", "")
    if DATABASES["replica"]["ENGINE"] != DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL: the replica must be the same database engine as DATABASE_URL"
        )
    for _key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS"):
        if _key in DATABASES["default"]:
            DATABASES["replica"][_key] = DATABASES["default"][_key]
    _replica_options = dict(DATABASES["default"].get("OPTIONS", {}))
    _replica_options.update(DATABASES["replica"].get("OPTIONS", {}))
    DATABASES["replica"]["OPTIONS"] = _replica_options
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# Whether the public reads go to the replica (set when there is one; the tests switch it).
DATABASE_REPLICA_READS = "replica" in DATABASES
DATABASE_ROUTERS = ["marsad.core.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
# axes first: it refuses a locked-out name and client before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Redis (REDIS_URL): shared cache and rate-limit counters for several web processes or
# machines, and the queue of the RQ task backend. Without it, one machine needs no service:
# a local-memory cache, rate limits in a file cache, tasks in the database.
REDIS_URL = env.secret("REDIS_URL")
_REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
if REDIS_URL and not REDIS_URL.startswith(_REDIS_SCHEMES):
    raise ImproperlyConfigured(
        "REDIS_URL: expected a URL like redis://127.0.0.1:6379/0 (or rediss://, unix://)"
    )
# The task queue may live in its own Redis (or database number): a cache evicts keys when full,
# and a queue must never lose a job. Defaults to REDIS_URL.
TASKS_REDIS_URL = env.secret("TASKS_REDIS_URL") or REDIS_URL
if TASKS_REDIS_URL and not TASKS_REDIS_URL.startswith(_REDIS_SCHEMES):
    raise ImproperlyConfigured(
        "TASKS_REDIS_URL: expected a URL like redis://127.0.0.1:6379/1 (or rediss://, unix://)"
    )

# Background tasks: Django's tasks API. MARSAD_TASKS=database (default) keeps the queue in the
# database (django-tasks-db, no extra service); rq keeps it in Redis (django-tasks-rq) for many
# workers on several machines. ``marsad worker`` runs the worker of whichever is chosen.
MARSAD_TASKS = env.choice("MARSAD_TASKS", "database", ("database", "rq"))
# Seconds one task may run under RQ before its worker stops it.
TASKS_RQ_TIMEOUT = env.get_int("TASKS_RQ_TIMEOUT", 900, minimum=10)
if MARSAD_TASKS == "rq":
    if not TASKS_REDIS_URL:
        raise ImproperlyConfigured("MARSAD_TASKS=rq: needs REDIS_URL (or TASKS_REDIS_URL)")
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = {"default": {"URL": TASKS_REDIS_URL, "DEFAULT_TIMEOUT": TASKS_RQ_TIMEOUT}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Rate limits must be shared by every web process: on one machine a file cache under the data
# directory does that with no extra service; with REDIS_URL both caches live in Redis.
if REDIS_URL:
    _redis_options = {"socket_connect_timeout": 5, "socket_timeout": 5}
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "marsad",
            "OPTIONS": _redis_options,
        },
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "marsad-rl",
            "OPTIONS": _redis_options,
        },
    }
else:
    CACHES = {
        # Room for the public observatory's cached counts, statistics and charts (one entry per
        # filter combination and language).
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache" / "ratelimit"),
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }

# Languages: Arabic first, then English and Hebrew.
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English")), ("he", _("Hebrew"))]
LANGUAGE_COOKIE_NAME = "marsad_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "marsad" / "locale"]
USE_I18N = True
TIME_ZONE = env.get_str("TIME_ZONE", "Asia/Jerusalem")
USE_TZ = True

PARLER_DEFAULT_LANGUAGE_CODE = "ar"
PARLER_LANGUAGES = {
    None: ({"code": "ar"}, {"code": "en"}, {"code": "he"}),
    "default": {"fallbacks": ["ar", "en"], "hide_untranslated": False},
}

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production WhiteNoise serves straight from the apps, so no collectstatic is needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

# Email: SMTP in production; off elsewhere (or with EMAIL_ENABLED=false), when nothing is sent
# and nothing of a message is printed or logged, only that it was dropped (marsad/core/mail.py).
EMAIL_ENABLED = env.get_bool("EMAIL_ENABLED", default=PRODUCTION)
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "marsad@localhost")
if EMAIL_ENABLED:
    if not env.get_str("EMAIL_HOST"):
        raise ImproperlyConfigured(
            "EMAIL_HOST: required when EMAIL_ENABLED is on (the default in production)"
        )
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env.get_str("EMAIL_HOST"),
                "port": env.get_int("EMAIL_PORT", 587, minimum=1, maximum=65535),
                "username": env.get_str("EMAIL_HOST_USER"),
                "password": env.secret("EMAIL_HOST_PASSWORD"),
                "use_tls": env.get_bool("EMAIL_USE_TLS", default=True),
                "timeout": env.get_int("EMAIL_TIMEOUT", 20, minimum=1),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "marsad.core.mail.UnsentEmailBackend"}}

# Security. Nothing on any page is loaded from another host.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env.get_int("SESSION_COOKIE_AGE", 8 * 3600, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
# The CSRF cookie ends with the browser session: the report form must not leave a year-long
# cookie on a reporter's device (Django's default CSRF_COOKIE_AGE is a year).
CSRF_COOKIE_AGE = None
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = PRODUCTION
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.get_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.get_bool("SECURE_HSTS_PRELOAD", default=True)
    # Load balancers and Prometheus ask over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^(healthz|readyz|metrics)$"]
    if env.get_bool("MARSAD_BEHIND_PROXY", default=False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

DATA_UPLOAD_MAX_MEMORY_SIZE = env.get_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440, minimum=1024)

# Logs go to standard error, one line a record: plain text, or JSON objects with
# MARSAD_LOG_FORMAT=json. Every record carries the request id; none carries personal data
# (marsad/ops/logs.py).
MARSAD_LOG_FORMAT = env.choice("MARSAD_LOG_FORMAT", "plain", ("plain", "json"))
LOGGING = logging_config(
    json_lines=MARSAD_LOG_FORMAT == "json", level=env.get_str("LOG_LEVEL", "INFO").upper()
)

# Staff sign-in: django-allauth (username or email, and password) with two-factor
# authentication (allauth.mfa: an authenticator app, recovery codes, security keys), required
# for every staff role (marsad/accounts/access.py). Administrators create the accounts.
ACCOUNT_ADAPTER = "marsad.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "marsad.accounts.forms.StaffLoginForm",
    "reset_password": "marsad.accounts.forms.StaffResetPasswordForm",  # nosec B105 - a form
}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_CHANGE_EMAIL = True
# Changing the email address takes a fresh second factor (AccountAdapter: never the password
# alone), given in the last REAUTHENTICATION_TIMEOUT seconds (allauth's default, 300).
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_SESSION_REMEMBER = False  # no "remember me": sessions end when the browser closes
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# A password-reset request for an address no account has, or one not verified (an address an
# administrator entered, or one confirmed from its mailbox), gets the same page and no email.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
# allauth's own limit on wrong passwords and wrong codes, per account (by name) and per client;
# looser than the lockout below, so that it is axes that locks out after wrong passwords.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,10/15m/key"}
MFA_ADAPTER = "marsad.accounts.adapters.MFAAdapter"
# A malformed security-key answer is a form error, not a 500.
MFA_FORMS = {
    "add_webauthn": "marsad.accounts.forms.StaffAddWebAuthnForm",
    "authenticate_webauthn": "marsad.accounts.forms.StaffAuthenticateWebAuthnForm",
    "reauthenticate_webauthn": "marsad.accounts.forms.StaffReauthenticateWebAuthnForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_TOLERANCE = 1  # a code from the previous or next 30 seconds (phone clocks drift)
# Security keys and passkeys (WebAuthn) are a second factor, as the app is: a step after the
# password, never a way in alone. The relying party is the host the staff page was opened on.
# Browsers only offer WebAuthn to HTTPS pages (and to http://localhost, which the browser tests
# use), and allauth checks the origin the browser reports: these two are fixed here, with no
# environment variable, so no deployment can turn them on.
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = False
# Administrators must prove a security key, not an app code, before any staff or admin page
# (those without one are sent to add one first): marsad/accounts/access.py.
MARSAD_ADMIN_REQUIRE_SECURITY_KEY = env.get_bool("MARSAD_ADMIN_REQUIRE_SECURITY_KEY", default=False)
# Addresses are entered by administrators, not verified by email; without this allauth would
# refuse to set up two-factor authentication for an account with an unverified address.
MFA_ALLOW_UNVERIFIED_EMAIL = True

# Sessions also end after this many seconds without a request (SESSION_COOKIE_AGE is the
# longest a session lasts however active).
SESSION_IDLE_TIMEOUT = env.get_int("SESSION_IDLE_TIMEOUT", 1800, minimum=60)

# Lockout (django-axes): after SIGNIN_FAILURE_LIMIT wrong passwords for one name from one
# client, that name is refused from that client for SIGNIN_LOCKOUT_MINUTES (even with the right
# password). Clients are pseudonymous addresses (marsad/accounts/adapters.py), never real ones.
SIGNIN_FAILURE_LIMIT = env.get_int("SIGNIN_FAILURE_LIMIT", 5, minimum=1, maximum=100)
SIGNIN_LOCKOUT_MINUTES = env.get_int("SIGNIN_LOCKOUT_MINUTES", 30, minimum=1)
AXES_FAILURE_LIMIT = SIGNIN_FAILURE_LIMIT
AXES_COOLOFF_TIME = timedelta(minutes=SIGNIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "marsad.accounts.adapters.client_pseudonym"
AXES_USERNAME_CALLABLE = "marsad.accounts.adapters.axes_username"
AXES_LOCKOUT_CALLABLE = "marsad.accounts.views.lockout"
AXES_RESET_ON_SUCCESS = True
# A lockout lasts SIGNIN_LOCKOUT_MINUTES from the failure that caused it; attempts while locked
# out do not extend it (they are in the sign-in record).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Successful sign-ins are in Marsad's own sign-in record (accounts.SignInEvent).
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False  # no start-up banner; logs name only what a lockout is keyed on

# Marsad's own settings.
MARSAD_DEMO_ALLOWED = not PRODUCTION
# Where the quick exit of every public page sends a visitor who must leave at once: an
# ordinary site that looks harmless in the browser's history (docs/configuration.md).
MARSAD_QUICK_EXIT_URL = env.url("MARSAD_QUICK_EXIT_URL", "https://www.google.com/")
# How a reporter reaches a person of the organisation, on the receipt, follow-up and
# staying-safe pages; each is shown only when set.
_PHONE = r"\+?[0-9][0-9 ()-]{4,24}"
MARSAD_CONTACT_EMAIL = env.email("MARSAD_CONTACT_EMAIL")
MARSAD_CONTACT_PHONE = env.matching("MARSAD_CONTACT_PHONE", _PHONE, "+970 59 123 4567")
# A Signal number, or a Signal username (name.01).
MARSAD_CONTACT_SIGNAL = env.matching(
    "MARSAD_CONTACT_SIGNAL",
    rf"{_PHONE}|[A-Za-z_][A-Za-z0-9_]{{2,31}}\.[0-9]{{2,9}}",
    "+970 59 123 4567 or marsad.01",
)
# How many reverse proxies stand in front of the app (their X-Forwarded-For entries are
# trusted to find the client address used, hashed, for rate limits).
MARSAD_PROXY_COUNT = env.get_int("MARSAD_PROXY_COUNT", 0, minimum=0, maximum=5)

# Intake: limits on what one report may carry.
INTAKE_MAX_FILES = env.get_int("INTAKE_MAX_FILES", 10, minimum=0, maximum=50)
INTAKE_MAX_UPLOAD_MB = env.get_int("INTAKE_MAX_UPLOAD_MB", 250, minimum=1)
INTAKE_MAX_IMAGE_MB = env.get_int("INTAKE_MAX_IMAGE_MB", 20, minimum=1)
INTAKE_MAX_DOCUMENT_MB = env.get_int("INTAKE_MAX_DOCUMENT_MB", 25, minimum=1)
INTAKE_MAX_VIDEO_MB = env.get_int("INTAKE_MAX_VIDEO_MB", 200, minimum=1)
INTAKE_MAX_AUDIO_MB = env.get_int("INTAKE_MAX_AUDIO_MB", 50, minimum=1)
# Reports per client (hashed address) per hour: past the soft limit reports go to the spam
# queue for a person to look at; past the hard limit the form answers 429. Words and files
# added at follow-up count in the same hourly budget.
INTAKE_SOFT_LIMIT_PER_HOUR = env.get_int("INTAKE_SOFT_LIMIT_PER_HOUR", 20, minimum=1)
INTAKE_HARD_LIMIT_PER_HOUR = env.get_int("INTAKE_HARD_LIMIT_PER_HOUR", 120, minimum=1)
# Wrong receipt codes on the follow-up page, per 15 minutes: per browser session (tight), per
# client network (generous: a mobile operator puts many people behind one address) and per
# code prefix, the first 8 digits, whatever the address. Right codes are never counted.
INTAKE_FOLLOWUP_ATTEMPTS = env.get_int("INTAKE_FOLLOWUP_ATTEMPTS", 5, minimum=1)
INTAKE_FOLLOWUP_NETWORK_FAILURES = env.get_int("INTAKE_FOLLOWUP_NETWORK_FAILURES", 300, minimum=1)
INTAKE_FOLLOWUP_PREFIX_FAILURES = env.get_int("INTAKE_FOLLOWUP_PREFIX_FAILURES", 10, minimum=1)
# Partner API requests per token per hour.
INTAKE_API_LIMIT_PER_HOUR = env.get_int("INTAKE_API_LIMIT_PER_HOUR", 1000, minimum=1)
# Proof of work: the largest number the browser may have to try (work grows with it).
INTAKE_POW_MAX_NUMBER = env.get_int("INTAKE_POW_MAX_NUMBER", 50_000, minimum=1000)
# Days within which the team usually reads a new report: the receipt and follow-up pages tell
# the reporter (docs/configuration.md, "Reporter safety").
INTAKE_FIRST_RESPONSE_DAYS = env.get_int("INTAKE_FIRST_RESPONSE_DAYS", 7, minimum=1, maximum=90)
# A follow-up session (after entering a receipt code) lasts this many seconds.
INTAKE_FOLLOWUP_SESSION_SECONDS = env.get_int("INTAKE_FOLLOWUP_SESSION_SECONDS", 1800, minimum=60)
# Staff who should get the daily digest of new reports (comma-separated emails); empty: off.
INTAKE_DIGEST_RECIPIENTS = env.get_list("INTAKE_DIGEST_RECIPIENTS")

# The site's public address, for the links in emails (confirmation, preferences, unsubscribe).
# Links are never built from the request's Host header; required in production when email is on.
MARSAD_SITE_URL = env.get_str(
    "MARSAD_SITE_URL", "" if PRODUCTION else "http://localhost:8000"
).rstrip("/")
if MARSAD_SITE_URL and not MARSAD_SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        f"MARSAD_SITE_URL: expected an address such as https://observatory.example.org, "
        f"got {MARSAD_SITE_URL!r}"
    )
if PRODUCTION and EMAIL_ENABLED and not MARSAD_SITE_URL.startswith("https://"):
    raise ImproperlyConfigured(
        "MARSAD_SITE_URL: required when email is on in production, with https:// "
        "(the links in emails point there)"
    )

# Newsletter: the sender of mailings and confirmations, batches, retries, abuse limits.
NEWSLETTER_FROM_EMAIL = env.get_str("NEWSLETTER_FROM_EMAIL", DEFAULT_FROM_EMAIL)
NEWSLETTER_BATCH_SIZE = env.get_int("NEWSLETTER_BATCH_SIZE", 200, minimum=1, maximum=10_000)
NEWSLETTER_MAX_ATTEMPTS = env.get_int("NEWSLETTER_MAX_ATTEMPTS", 4, minimum=1, maximum=20)
NEWSLETTER_RETRY_MINUTES = env.get_int("NEWSLETTER_RETRY_MINUTES", 10, minimum=1)
# A sending worker not heard from for this long is taken to be gone (its mailing resumes).
NEWSLETTER_LEASE_SECONDS = env.get_int("NEWSLETTER_LEASE_SECONDS", 300, minimum=10)
# Subscribe requests per client (hashed address) per hour before the form answers 429.
NEWSLETTER_SUBSCRIBE_PER_HOUR = env.get_int("NEWSLETTER_SUBSCRIBE_PER_HOUR", 10, minimum=1)
# Confirmation links work this many days; unconfirmed requests are deleted after it.
NEWSLETTER_CONFIRM_DAYS = env.get_int("NEWSLETTER_CONFIRM_DAYS", 7, minimum=1, maximum=60)

# Django's own guard against requests with many files, on every URL. The report and follow-up
# forms refuse more than INTAKE_MAX_FILES themselves, with their message and the words kept
# (intake/uploads.py QuotaUploadHandler stores none past it), so this is only a backstop above
# INTAKE_MAX_FILES' own maximum (50).
DATA_UPLOAD_MAX_NUMBER_FILES = 100
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
CSRF_FAILURE_VIEW = "marsad.core.views.csrf_failure"

# Evidence (marsad.evidence): originals kept write-once, captures of links as WARC files.
# EVIDENCE_STORAGE=local keeps them under MARSAD_DATA_DIR/evidence; s3 uses an S3-compatible
# object store (switched on explicitly, and refused at start-up without a bucket).
EVIDENCE_STORAGE = env.choice("EVIDENCE_STORAGE", "local", ("local", "s3"))
EVIDENCE_DIR = env.path("EVIDENCE_DIR", DATA_DIR / "evidence")
# Encrypt evidence files at rest with per-file keys wrapped by MARSAD_ENCRYPTION_KEYS.
EVIDENCE_ENCRYPT = env.get_bool("EVIDENCE_ENCRYPT", default=False)
if EVIDENCE_STORAGE == "s3":
    if not env.get_str("EVIDENCE_S3_BUCKET"):
        raise ImproperlyConfigured("EVIDENCE_S3_BUCKET: required when EVIDENCE_STORAGE=s3")
    STORAGES["evidence"] = {
        "BACKEND": "marsad.evidence.s3.EvidenceS3Storage",
        "OPTIONS": {
            "sealed": EVIDENCE_ENCRYPT,
            "bucket_name": env.get_str("EVIDENCE_S3_BUCKET"),
            "endpoint_url": env.get_str("EVIDENCE_S3_ENDPOINT_URL") or None,
            "region_name": env.get_str("EVIDENCE_S3_REGION") or None,
            "access_key": env.get_str("EVIDENCE_S3_ACCESS_KEY_ID") or None,
            "secret_key": env.secret("EVIDENCE_S3_SECRET_ACCESS_KEY") or None,
            "location": env.get_str("EVIDENCE_S3_PREFIX", "evidence"),
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
else:
    STORAGES["evidence"] = {
        "BACKEND": "marsad.evidence.storage.WriteOnceFileSystemStorage",
        "OPTIONS": {"location": str(EVIDENCE_DIR), "sealed": EVIDENCE_ENCRYPT},
    }
# Images with more pixels than this are refused (a "pixel bomb" decodes to gigabytes).
EVIDENCE_MAX_IMAGE_PIXELS = env.get_int("EVIDENCE_MAX_IMAGE_PIXELS", 40_000_000, minimum=1_000_000)
# URL captures: limits per page, retries with back-off, and a lease after which a capture
# whose worker died is taken up again.
EVIDENCE_CAPTURE_TIMEOUT_SECONDS = env.get_int("EVIDENCE_CAPTURE_TIMEOUT_SECONDS", 30, minimum=1)
EVIDENCE_CAPTURE_MAX_MB = env.get_int("EVIDENCE_CAPTURE_MAX_MB", 50, minimum=1)
EVIDENCE_CAPTURE_ATTEMPTS = env.get_int("EVIDENCE_CAPTURE_ATTEMPTS", 4, minimum=1, maximum=20)
EVIDENCE_CAPTURE_BACKOFF_SECONDS = env.get_int("EVIDENCE_CAPTURE_BACKOFF_SECONDS", 60, minimum=1)
EVIDENCE_CAPTURE_LEASE_SECONDS = env.get_int("EVIDENCE_CAPTURE_LEASE_SECONDS", 300, minimum=2)
EVIDENCE_CAPTURE_SCREENSHOT = env.get_bool("EVIDENCE_CAPTURE_SCREENSHOT", default=True)
# The User-Agent a capture sends: a common browser's, never Marsad's name (a reporter's link
# can be the perpetrator's own, and would tell them who reported it). Keep it current.
EVIDENCE_CAPTURE_USER_AGENT = env.get_str(
    "EVIDENCE_CAPTURE_USER_AGENT",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
)
EVIDENCE_CHROMIUM = env.get_str("EVIDENCE_CHROMIUM", "/usr/bin/chromium")
# Links in new reports are captured as they arrive when this is on.
EVIDENCE_AUTO_CAPTURE = env.get_bool("EVIDENCE_AUTO_CAPTURE", default=False)
# Only tests capture pages on this machine or a private network; production refuses it.
EVIDENCE_CAPTURE_ALLOW_PRIVATE = env.get_bool("EVIDENCE_CAPTURE_ALLOW_PRIVATE", default=False)
if PRODUCTION and EVIDENCE_CAPTURE_ALLOW_PRIVATE:
    raise ImproperlyConfigured(
        "EVIDENCE_CAPTURE_ALLOW_PRIVATE: must be off in production (it lets captures reach "
        "this machine and private networks)"
    )
# Prometheus metrics at /metrics: off until a bearer token or allowed networks are set.
MARSAD_METRICS_TOKEN = env.secret("MARSAD_METRICS_TOKEN")
if MARSAD_METRICS_TOKEN and len(MARSAD_METRICS_TOKEN) < 24:
    raise ImproperlyConfigured("MARSAD_METRICS_TOKEN: use at least 24 random characters")
MARSAD_METRICS_ALLOWED_NETWORKS = env.get_list("MARSAD_METRICS_ALLOWED_NETWORKS")
for _network in MARSAD_METRICS_ALLOWED_NETWORKS:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"MARSAD_METRICS_ALLOWED_NETWORKS: expected networks like 10.0.0.0/8 or "
            f"127.0.0.1, got {_network!r}"
        ) from None
# Called by ``marsad worker`` at start and every minute to queue again work whose worker died.
WORKER_SWEEPS = [
    "marsad.evidence.tasks.sweep",
    "marsad.evidence.tasks.sweep_intake_copies",
    "marsad.intake.tasks.sweep",
    "marsad.core.taskqueue.requeue_stale_running",
    "marsad.core.taskqueue.tasks_prune_finished",
    "marsad.core.sessions.sweep",
    "marsad.reporting.tasks.sweep",
    "marsad.observatory.tasks.sweep",
]
# A database-queue task still "running" this long after it started is taken to be abandoned by
# a dead worker and queued again (marsad/core/taskqueue.py); longer than any task takes.
TASKS_RUNNING_LEASE_SECONDS = env.get_int("TASKS_RUNNING_LEASE_SECONDS", 900, minimum=10)
# Rows of finished tasks (their arguments, a failure's traceback) are deleted this many days
# after they finished (marsad/core/taskqueue.py, tasks_prune_finished); receipt emails at once.
TASKS_KEEP_FINISHED_DAYS = env.get_int("TASKS_KEEP_FINISHED_DAYS", 7, minimum=0)
# A task whose database went away (a restart, a failover) is run again after each of these
# waits on a new connection before it is given up (marsad/core/taskqueue.py, retry_transient).
TASKS_TRANSIENT_RETRY_SECONDS = (2, 10, 30)
# Public observatory (docs/statistics.md, "Small numbers").
# A breakdown cell counting fewer violations than this is shown as "fewer than N".
OBSERVATORY_MIN_CELL = env.get_int("OBSERVATORY_MIN_CELL", 5, minimum=1, maximum=100)
# Public aggregates are cached this long at most (and dropped at once when a violation is
# published, changed or withdrawn, in every process that shares the default cache).
OBSERVATORY_CACHE_SECONDS = env.get_int("OBSERVATORY_CACHE_SECONDS", 600, minimum=0)
# After each change of the public figures, the worker computes the unfiltered statistics and
# counts for the new generation, so that no visitor waits for them. Only useful where the
# worker shares the web processes' cache (REDIS_URL): on by default there.
OBSERVATORY_WARM = env.get_bool("OBSERVATORY_WARM", default=bool(REDIS_URL))
# Public API requests per client (hashed address) per minute; past it the API answers 429.
OBSERVATORY_API_LIMIT_PER_MINUTE = env.get_int("OBSERVATORY_API_LIMIT_PER_MINUTE", 120, minimum=1)
# Downloads of the open data (CSV, JSON, XLSX) per client per hour.
OBSERVATORY_EXPORT_LIMIT_PER_HOUR = env.get_int("OBSERVATORY_EXPORT_LIMIT_PER_HOUR", 60, minimum=1)
# The licence of the open data, named in the Data Package and on the pages.
OBSERVATORY_DATA_LICENCE = env.get_str("OBSERVATORY_DATA_LICENCE", "CC-BY-4.0")
OBSERVATORY_DATA_LICENCE_URL = env.get_str(
    "OBSERVATORY_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
)
# Other sites' scripts may read the public API (GET only); the partner intake gets no CORS.
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_URLS_REGEX = r"^/api/v1/(violations|stats|taxonomy|openapi\.json)(/.*)?$"
CORS_ALLOW_METHODS = ("GET", "OPTIONS")
