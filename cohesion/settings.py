"""Cohesion's one settings module, driven by the environment.

Every variable is documented in ``.env.example``. A present but unusable value
raises at start-up (see ``cohesion.env``); nothing falls back silently.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from cohesion.core.languages import council_languages, language_name, languages_with_messages
from cohesion.env import env_bool, env_int, env_list, env_path, env_str, proxy_ssl_header

PROJECT_DIR = Path(__file__).resolve().parent
REPO_DIR = PROJECT_DIR.parent

DEBUG = env_bool("DEBUG", False)
# Where the embedded database, uploads and logs live when no server database is set.
VAR_DIR = env_path("COHESION_VAR_DIR", REPO_DIR / "var")
# The real public data used by loaders, the demo and tests.
COHESION_DATA_DIR = env_path("COHESION_DATA_DIR", REPO_DIR.parent / "shared" / "data")

_secret = env_str("SECRET_KEY", "")
if not _secret:
    if not (DEBUG or env_bool("COHESION_INSECURE_DEV_SECRET", False)):
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (see .env.example); "
            "`cohesion demo` sets a development key for you."
        )
    _secret = "cohesion-insecure-development-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = _secret

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "cohesion.core",
    "cohesion.places",
    "cohesion.accounts",
    "cohesion.audit",
    "cohesion.indicators",
    "cohesion.tensions",
    "cohesion.surveys",
    "cohesion.plans",
    "cohesion.directory",
    "cohesion.programme",
    "cohesion.packs",
    "cohesion.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "cohesion.core.middleware.PrivateResponsesMiddleware",
    "cohesion.directory.openreferral.cors.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "cohesion.core.languages.LanguageMiddleware",
    "cohesion.audit.context.AuditContextMiddleware",
    "cohesion.core.middleware.SecurityHeadersMiddleware",
    "cohesion.core.middleware.PageMethodsMiddleware",
]

ROOT_URLCONF = "cohesion.urls"
WSGI_APPLICATION = "cohesion.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "cohesion.core.context_processors.service",
            ],
        },
    },
]

# The embedded default is SQLite under VAR_DIR; DATABASE_URL selects PostgreSQL.
_default_sqlite = f"sqlite:///{VAR_DIR / 'cohesion.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_sqlite),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a report is written; a busy timeout makes
    # concurrent writers wait rather than fail.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
LOGIN_URL = "accounts-sign-in"
LOGIN_REDIRECT_URL = "core-start"
LOGOUT_REDIRECT_URL = "core-home"

# Lockout after repeated failed sign-ins (django-axes), keyed on username and address.
AXES_FAILURE_LIMIT = env_int("SIGN_IN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("SIGN_IN_LOCKOUT_MINUTES", 30, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LOCALE_PATHS = [PROJECT_DIR / "locale"]
# The languages this council offers, from those Cohesion has messages for (English,
# Welsh, Polish, Arabic; another by adding its message files). The first is the
# default; COHESION_LANGUAGES=en,cy offers English and Welsh only. Unset: all of them.
_languages = council_languages(
    env_list("COHESION_LANGUAGES", []) or None, languages_with_messages(LOCALE_PATHS[0])
)
LANGUAGES = [(code, language_name(code)) for code in _languages]
LANGUAGE_CODE = "en-gb" if _languages[0] == "en" else _languages[0]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(
    parents=True, exist_ok=True
)  # WhiteNoise expects it; files come from the app finders.
STATICFILES_DIRS = [PROJECT_DIR / "static"]
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cohesion@localhost")

SESSION_COOKIE_HTTPONLY = True
# HTTPS. With DEBUG off, Cohesion insists on it by default: cookies only over
# HTTPS, http:// redirected to https:// (except /healthz, for health checks over
# plain HTTP) and HSTS for a year. A plain-HTTP pilot on one machine turns each
# off by its flag (`cohesion demo` and `cohesion serve` on the embedded default
# do so for 127.0.0.1); behind a TLS-terminating proxy, see SECURE_PROXY_SSL_HEADER.
_https_by_default = not DEBUG
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", _https_by_default)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _https_by_default)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int(
    "SECURE_HSTS_SECONDS", 31_536_000 if _https_by_default else 0, minimum=0
)
SESSION_COOKIE_AGE = env_int("SESSION_HOURS", 8, minimum=1) * 3600
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "cohesion.core.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "cohesion.core.params.api_exception_handler",
    # OPTIONS would describe an endpoint to anyone, even for a record they may not see: 405.
    "DEFAULT_METADATA_CLASS": None,
}
# The most rows one page of an API list returns (?limit=); larger limits answer 400.
API_MAX_PAGE_SIZE = env_int("API_MAX_PAGE_SIZE", 1000, minimum=1)
SPECTACULAR_SETTINGS = {
    "TITLE": "Cohesion API",
    "DESCRIPTION": "Areas, indicators, tension reporting and survey results from Cohesion.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cohesion.core.api_schema.document_errors",
    ],
    # Choice sets that share a field name with another app's get a name of their own.
    "ENUM_NAME_OVERRIDES": {"EventKindEnum": "cohesion.programme.choices.EventKind"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Cohesion's own settings.
SERVICE_NAME = env_str("SERVICE_NAME", "Cohesion")
# Limits on every uploaded CSV or XLSX import (cohesion/core/tables.py): bytes, bytes once a
# workbook is unpacked, rows, columns, cells, characters in one cell and in the whole file.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 5 * 1024 * 1024, minimum=1)
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_BYTES", 100 * 1024 * 1024, minimum=1)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000, minimum=1)
IMPORT_MAX_COLUMNS = env_int("IMPORT_MAX_COLUMNS", 500, minimum=1)
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 2_000_000, minimum=1)
IMPORT_MAX_CELL_CHARS = env_int("IMPORT_MAX_CELL_CHARS", 1_000, minimum=1)
IMPORT_MAX_TEXT_CHARS = env_int("IMPORT_MAX_TEXT_CHARS", 20_000_000, minimum=1)
# Public outputs suppress counts and bases below this number (disclosure control).
SUPPRESSION_THRESHOLD = env_int("SUPPRESSION_THRESHOLD", 5, minimum=2)
# The smallest threshold any survey, council or officer may set (cohesion/core/disclosure).
SUPPRESSION_FLOOR = env_int("SUPPRESSION_FLOOR", 3, minimum=2)
if SUPPRESSION_THRESHOLD < SUPPRESSION_FLOOR:
    raise ImproperlyConfigured(
        f"SUPPRESSION_THRESHOLD ({SUPPRESSION_THRESHOLD}) is below SUPPRESSION_FLOOR "
        f"({SUPPRESSION_FLOOR}); raise the threshold or lower the floor."
    )
# Councils (GSS codes, comma-separated) that publish counts under the NHS rule
# (hide 1-7, round the rest to 5) instead of the threshold rule.
DISCLOSURE_NHS_RULE_COUNCILS = env_list("DISCLOSURE_NHS_RULE_COUNCILS", [])
# Key for encrypting reporters' contact details at rest (Fernet, urlsafe base64 of 32 bytes).
# Several keys separated by commas rotate them: the first encrypts, all decrypt.
CONTACT_ENCRYPTION_KEY = env_str("CONTACT_ENCRYPTION_KEY", "")
for _number, _key in enumerate(filter(None, map(str.strip, CONTACT_ENCRYPTION_KEY.split(","))), 1):
    try:
        _key_ok = len(base64.urlsafe_b64decode(_key.encode())) == 32
    except (ValueError, binascii.Error):
        _key_ok = False
    if not _key_ok:
        raise ImproperlyConfigured(
            f"CONTACT_ENCRYPTION_KEY key {_number} is not a Fernet key "
            "(32 bytes, URL-safe base64, 44 characters)."
        )
# Days after which reporters' contact details are removed by the retention job.
CONTACT_RETENTION_DAYS = env_int("CONTACT_RETENTION_DAYS", 365, minimum=1)
# The public report form accepts at most this many reports an hour from one sender
# (keyed on a hashed address); load tests raise it. One address is often shared by
# many genuine reporters (a community hub's Wi-Fi, a library, a mobile carrier's
# NAT), so the default allows 30: enough for a busy drop-in session, still low
# enough to stop a script flooding the form.
REPORT_RATE_LIMIT_PER_HOUR = env_int("REPORT_RATE_LIMIT_PER_HOUR", 30, minimum=1)
# A directory entry not confirmed for this many days is stale: it is listed for its owners
# and coordinators, and `cohesion remind-stale-directory` emails its owners (six months).
COHESION_DIRECTORY_STALE_AFTER_DAYS = env_int("COHESION_DIRECTORY_STALE_AFTER_DAYS", 182, minimum=1)
# When each background job runs (cohesion/jobs/schedule.py reads the cadences; see
# docs/operators.md, "Scheduled jobs"). `cohesion serve` runs the scheduler, or cron runs
# `cohesion run-scheduler --once`. Each job runs once per slot, however many schedulers run.
# COHESION_SCHEDULE in the environment changes entries: "send-reminders=hourly at :05;
# early-warning-monthly=off" (an unknown job or an unreadable cadence stops start-up).
COHESION_SCHEDULE = {
    "send-reminders": "hourly",
    "purge-contact-details": "daily at 02:00",
    "send-action-reminders": "daily at 07:00",
    "remind-stale-directory": "daily at 08:00",
    "send-scheduled-packs": "daily at 06:30",
    "remind-volunteer-checks": "daily at 07:30",
    "purge-volunteer-data": "daily at 02:30",
    "remind-grant-returns": "daily at 07:45",
    "early-warning-weekly": "weekly on monday at 05:00",
    "early-warning-monthly": "monthly on day 20 at 05:30",
}
for _entry in filter(None, (e.strip() for e in env_str("COHESION_SCHEDULE", "").split(";"))):
    _job, _sep, _cadence = _entry.partition("=")
    if not _sep:
        raise ImproperlyConfigured(
            f"COHESION_SCHEDULE: {_entry!r} should be written JOB=CADENCE (entries split by ;)."
        )
    COHESION_SCHEDULE[_job.strip()] = _cadence.strip()
# `cohesion remind-volunteer-checks` emails each coordinating organisation about its volunteers'
# checks (DBS, references, training) that expire within this many days, once per check.
VOLUNTEER_CHECK_REMINDER_DAYS = env_int("VOLUNTEER_CHECK_REMINDER_DAYS", 30, minimum=1)
# Days after a volunteer is marked inactive before `cohesion purge-volunteer-data` removes their
# personal details and checks (their hours and bookings stay, anonymous). Two years by default.
VOLUNTEER_RETENTION_DAYS = env_int("VOLUNTEER_RETENTION_DAYS", 730, minimum=1)
# The directory's "report a mistake" form accepts at most this many reports an hour from
# one sender (keyed on a hashed address, like the public report form).
DIRECTORY_MISTAKE_REPORTS_PER_HOUR = env_int("DIRECTORY_MISTAKE_REPORTS_PER_HOUR", 10, minimum=1)
# Residents asking for an interpreter at a public event: requests per connection per hour.
PROGRAMME_INTERPRETER_REQUESTS_PER_HOUR = env_int(
    "PROGRAMME_INTERPRETER_REQUESTS_PER_HOUR", 5, minimum=1
)
# When the security token is missing or out of date: a page in the site's layout, and
# the public report form shows itself again with what was typed (cohesion.core.views).
CSRF_FAILURE_VIEW = "cohesion.core.views.csrf_failure"
# How many reverse proxies (load balancer, CDN) in front of Cohesion append to
# X-Forwarded-For. 0 = the header is never trusted and REMOTE_ADDR is the client.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
# The proxies whose X-Forwarded-For is read (addresses or networks); by default a
# proxy on the same machine.
TRUSTED_PROXY_ADDRESSES = env_list("TRUSTED_PROXY_ADDRESSES", ["127.0.0.1", "::1"])
for _proxy in TRUSTED_PROXY_ADDRESSES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXY_ADDRESSES: {_proxy!r} is not an address or network (such as 10.0.0.0/8)."
        ) from None
# Behind a TLS-terminating proxy, the header in which it says the request came
# over HTTPS (so the redirect to https:// does not loop). By default
# X-Forwarded-Proto when TRUSTED_PROXY_COUNT says there is a proxy; "off" never
# believes one. Only set it when the proxy always writes (or removes) the header.
SECURE_PROXY_SSL_HEADER = proxy_ssl_header(
    env_str("SECURE_PROXY_SSL_HEADER", "X-Forwarded-Proto" if TRUSTED_PROXY_COUNT > 0 else "off")
)
# Reminders: warn case owners this many hours before a response is due, and
# remind about one report at most once in this many hours.
REPORT_REMINDER_LEAD_HOURS = env_int("REPORT_REMINDER_LEAD_HOURS", 4, minimum=0)
REPORT_REMINDER_INTERVAL_HOURS = env_int("REPORT_REMINDER_INTERVAL_HOURS", 24, minimum=1)
# The address reminder emails link to (e.g. https://cohesion.example.gov.uk).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

FORM_RENDERER = "cohesion.core.forms.GovukFormRenderer"
