"""Settings for the SocialTech platform, read from the environment.

The defaults serve a newcomer on a fresh machine: SQLite under ``var/``, an embedded task
runner (kombu's filesystem transport), local-memory cache and console e-mail. Production
sets ``DEBUG`` off, a real ``SECRET_KEY``, ``DATABASE_URL``, ``CELERY_BROKER_URL`` and
``CACHE_URL``; with ``DEBUG`` off the platform refuses to start on the default secret key.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from socialtech.logging_config import logging_settings

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TESTING = "pytest" in sys.modules or sys.argv[1:2] == ["test"]
DEBUG = env_bool("DEBUG", False)
DEMO_MODE = env_bool("DEMO_MODE", False)

DEFAULT_SECRET_KEY = "insecure-development-key-change-me"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", DEFAULT_SECRET_KEY)
PRODUCTION = not DEBUG and not TESTING
if PRODUCTION and (SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 32 characters when DEBUG is off. "
        "For local use run `make run`, which sets DEBUG=1."
    )

# Number of reverse proxies in front of the platform that append to X-Forwarded-For. With
# none (the default) the header is the client's own and is ignored: REMOTE_ADDR is the
# client. Failed-login counters and API throttles both read the client's address this way.
_proxies = os.environ.get("TRUSTED_PROXY_COUNT", "0").strip() or "0"
if not _proxies.isdigit():
    raise ImproperlyConfigured(
        f"TRUSTED_PROXY_COUNT must be 0 or a whole number of proxies, not {_proxies!r}."
    )
TRUSTED_PROXY_COUNT = int(_proxies)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,.localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Port of the public site in links sent by e-mail; empty behind a proxy on 80/443.
PUBLIC_PORT = os.environ.get("PUBLIC_PORT", "")

# --- Applications -------------------------------------------------------------------------

INSTALLED_APPS = [
    "socialtech.admin_site.SocialTechAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_countries",
    "django_celery_beat",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    # platform core
    "socialtech.tenancy",
    "socialtech.accounts",
    "socialtech.audit",
    "socialtech.documents",
    "socialtech.outbox",
    "socialtech.public_cache",
    # domain apps
    "organisations",
    "calls",
    "applications",
    "evaluations",
    "grants",
    "vouchers",
    "mooc",
    "reports",
    # work-package apps
    "mapping",
    "upskilling",
    "connect_to_innovate",
    "acceleration",
    "dissemination",
    "privacy",
    "api",
    # the demo loader (seed_demo); no app imports it
    "demo",
]

MIDDLEWARE = [
    # First: the health probes answer before host, tenant or HTTPS checks; every other
    # request gets an id and one log line.
    "socialtech.operations.OperationsMiddleware",
    # A lost database connection in a view answers 503 (page or JSON), not 500.
    "socialtech.database_down.DatabaseDownMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise (static files come precompressed from it); gzips text answers that
    # hold no visitor's secret (socialtech/public_cache/compression.py says why).
    "socialtech.public_cache.compression.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "socialtech.tenancy.middleware.TenantMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "socialtech.accounts.middleware.UserLanguageMiddleware",
    "socialtech.accounts.middleware.ViewerTimezoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Before any view (and the CSRF check): lone UTF-16 surrogates in query strings,
    # form fields and files' names are refused with a 400 naming the field.
    "socialtech.text_input.TextInputMiddleware",
    "socialtech.accounts.middleware.RequireMFAMiddleware",
    # Last: sees the resolved view; refuses rate-limited POSTs while the cache is down.
    "socialtech.cache.RateLimitGuardMiddleware",
]

ROOT_URLCONF = "socialtech.urls"
# Widgets render through the project's templates too (the per-language text widget).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "socialtech.wsgi.application"
ASGI_APPLICATION = "socialtech.asgi.application"

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
                "socialtech.tenancy.context_processors.tenant",
            ],
            # Dates, times and scores written one way everywhere: {% load formatting %};
            # links to other back-office pages only where the viewer may go.
            "libraries": {
                "formatting": "socialtech.templatetags.formatting",
                "back_office": "socialtech.templatetags.back_office",
                "admin_links": "socialtech.admin_links",
            },
        },
    },
]

# --- Database -----------------------------------------------------------------------------

DATABASE_URL = os.environ.get("DATABASE_URL", "")
DATABASES: dict[str, Any]
if DATABASE_URL:
    # Persistent connections in production. Under test, a browser test's live server
    # serves each keep-alive socket in a thread of its own; closing the connection after
    # each request keeps such a thread from holding the test database open at the end.
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0 if TESTING else 60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "socialtech.sqlite3",
            "OPTIONS": {
                # WAL and a busy timeout let the web server and the task runner share the file.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------------------

CACHE_URL = os.environ.get("CACHE_URL", "")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            # Pages carry on without the cache; rate-limited steps refuse (socialtech/cache.py).
            "BACKEND": "socialtech.cache.TolerantRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "socialtech",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Anonymous public pages kept in that cache, per programme, language and zone, at most this
# long (0: off; off under tests unless a test turns it on). A change to a programme's calls,
# news, events or courses shows at once (socialtech/public_cache/); figures derived from
# other rows may lag by this much.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", 0 if TESTING else 60))

# --- Authentication -----------------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_ADAPTER = "socialtech.accounts.adapter.AccountAdapter"
# allauth's forms with the site's words (Remember me, E-mail address, New password).
ACCOUNT_FORMS = {
    name: f"socialtech.accounts.forms.{form}"
    for name, form in {
        "login": "SiteLoginForm",
        "signup": "SiteSignupForm",
        "reset_password": "SiteResetPasswordForm",
        "reset_password_from_key": "SiteResetPasswordKeyForm",
        "change_password": "SiteChangePasswordForm",
        "set_password": "SiteSetPasswordForm",
        "add_email": "SiteAddEmailForm",
        "reauthenticate": "SiteReauthenticateForm",
    }.items()
}
ACCOUNT_RATE_LIMITS = {
    # Failed logins are counted per IP and per e-mail address in the shared cache; the web
    # login and the API's token endpoint share the counter (socialtech.accounts.login_limits).
    "login_failed": "10/m/ip,5/5m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "SocialTech"
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"

# Roles that must use a second factor before they reach the admin panel or the API: every
# back-office role, finance officers (who record payments) included.
MFA_REQUIRED_ROLES = ("staff", "coordinator", "evaluator", "finance")

# --- Internationalisation -----------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("it", _("Italian")),
    ("ro", _("Romanian")),
    ("sv", _("Swedish")),
    ("de", _("German")),
    ("es", _("Spanish")),
    ("fr", _("French")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_TIMEZONE = "Europe/Brussels"
# The languages whose date formats differ from Django's (socialtech/formatting.py).
FORMAT_MODULE_PATH = ["socialtech.formats"]

# --- Static and media files ---------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served directly: files go through permission-checked views
STORAGES: dict[str, Any] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Hashed names (css/site.3f2a….css, from the manifest) never change content: WhiteNoise
# answers them with "max-age=315360000, public, immutable" (its test for a hashed name).
# Any other file under /static/ may change at a deploy: five minutes.
WHITENOISE_MAX_AGE = 0 if DEBUG else 300
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
# The largest single upload any form field may allow.
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", 25 * 1024 * 1024))
# Office files are ZIP archives: what their table of contents declares must stay within these
# (checked without unpacking anything), so an archive bomb is refused on upload.
UPLOAD_ARCHIVE_MAX_UNPACKED_BYTES = int(
    os.environ.get("UPLOAD_ARCHIVE_MAX_UNPACKED_BYTES", 256 * 1024 * 1024)
)
UPLOAD_ARCHIVE_MAX_ENTRIES = int(os.environ.get("UPLOAD_ARCHIVE_MAX_ENTRIES", 10_000))
# A part larger than UPLOAD_ARCHIVE_RATIO_FROM_BYTES unpacked may be at most this many times
# its packed size (text compresses about 10 times; a bomb of zeros about 1,000 times).
UPLOAD_ARCHIVE_MAX_RATIO = int(os.environ.get("UPLOAD_ARCHIVE_MAX_RATIO", 100))
UPLOAD_ARCHIVE_RATIO_FROM_BYTES = 1024 * 1024

# --- E-mail -------------------------------------------------------------------------------


from socialtech.email_config import email_settings  # noqa: E402

globals().update(email_settings(os.environ.get("EMAIL_URL", "")))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "SocialTech <no-reply@socialtech.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people report a security problem in this installation, published at
# /.well-known/security.txt (RFC 9116): a mailto: or https: address; unset, the file is a 404.
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "").strip()

# --- Background work ----------------------------------------------------------------------

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_EMBEDDED = not CELERY_BROKER_URL
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, Any]
if CELERY_EMBEDDED:
    # The embedded runner: one worker process with beat, exchanging messages through files.
    _queue_dir = VAR_DIR / "queue"
    for sub in ("in", "processed", "control"):
        (_queue_dir / sub).mkdir(parents=True, exist_ok=True)
    # A host name, so kombu does not warn that none was supplied; the transport ignores it.
    CELERY_BROKER_URL = "filesystem://localhost/"
    # kombu's file transport with whole-message writes (see socialtech/broker.py).
    CELERY_BROKER_TRANSPORT = "socialtech.broker:Transport"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir / "in"),
        "data_folder_out": str(_queue_dir / "in"),
        "processed_folder": str(_queue_dir / "processed"),
        "control_folder": str(_queue_dir / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # A task is acknowledged when it ends (acks_late): one a killed worker held goes back to
    # the queue after this many seconds; make it longer than the longest task (PDF batches).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": int(os.environ.get("CELERY_VISIBILITY_TIMEOUT", "3600")),
        "unacked_restore_interval": 10,
    }
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or (
    CELERY_BROKER_URL if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) else None
)
if CELERY_RESULT_BACKEND is None:
    CELERY_RESULT_BACKEND = f"file://{VAR_DIR / 'results'}"
    (VAR_DIR / "results").mkdir(parents=True, exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = TESTING
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TRACK_STARTED = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- REST framework -----------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "socialtech.accounts.api_auth.TenantTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Documents the error answers every operation can give (socialtech.api_schema).
    "DEFAULT_SCHEMA_CLASS": "socialtech.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "socialtech.api_errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_THROTTLE_RATES": {"token": "10/min"},
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # JSON that is too deep or holds numbers like 1e400 is a 400, not a 500.
    # Lone UTF-16 surrogates in any body are a 400 naming the field (socialtech.text_input).
    "DEFAULT_PARSER_CLASSES": [
        "socialtech.api_parsers.JSONParser",
        "socialtech.api_parsers.FormParser",
        "socialtech.api_parsers.MultiPartParser",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SocialTech platform API",
    "DESCRIPTION": "Open calls, applications, evaluation and funding of a social-economy programme.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "CallStatusEnum": "calls.models.CallStatus",
        "ApplicationStatusEnum": "applications.models.ApplicationStatus",
        "ApplicantStatusEnum": "applications.visibility.ApplicantStatus",
    },
}

# --- Security -----------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# Under /api/ a refused CSRF check answers JSON like every other API error.
CSRF_FAILURE_VIEW = "socialtech.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Every page: scripts, styles, images and fonts from the platform itself, no inline script
# or style attribute. A <style> or <script> that must be inline (the programme's colours)
# carries the request's nonce: nonce="{{ request.csp_nonce }}". Downloads and the tenant's
# logo keep their own stricter policy (the middleware leaves a header already set alone).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        # Lesson videos: YouTube's no-cookie player and Vimeo's player (with dnt=1) only.
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Every line names the request it was written for (socialtech/logging_config.py).
LOGGING = logging_settings(os.environ.get("LOG_LEVEL", "INFO"))
