"""Settings for complaintdesk. Everything that varies between installations comes from the
environment through :mod:`complaintdesk.config.env`; nothing is read from other files."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from complaintdesk.config.env import (
    env_bool,
    env_database,
    env_int,
    env_list,
    env_str,
    env_timezone,
)

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("COMPLAINTDESK_DATA_DIR", str(BASE_DIR.parent / "var"))).resolve()
if not DATA_DIR.exists():
    # Owner-only: the database, attachments, captured mail and the secret key live here.
    DATA_DIR.mkdir(parents=True, mode=0o700)


def _secret_key() -> str:
    """``SECRET_KEY`` from the environment, else one generated once and kept in DATA_DIR."""
    configured = env_str("SECRET_KEY", "")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    key = secrets.token_urlsafe(50)
    try:
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process wrote it first
        return key_file.read_text().strip()
    with os.fdopen(descriptor, "w") as handle:
        handle.write(key)
    return key


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "django_htmx",
    "csp",
    "complaintdesk.complaints",
    "complaintdesk.intake",
    "complaintdesk.notify",
    "complaintdesk.sla",
    "complaintdesk.insights",
    "complaintdesk.triage",
    "complaintdesk.followup",
    "complaintdesk.resolution",
    "complaintdesk.disputes",
    "complaintdesk.consult",
    "complaintdesk.cases",
    "complaintdesk.privacy",
    "complaintdesk.learning",
    "complaintdesk.security",
    "complaintdesk.workflows",
    "complaintdesk.api",
    "complaintdesk.desk",
    "complaintdesk.portal",
    "complaintdesk.demo",
]

MIDDLEWARE = [
    "complaintdesk.security.uploads.RequestSizeLimit",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "complaintdesk.config.urls"
WSGI_APPLICATION = "complaintdesk.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "complaintdesk.desk.context.unread_notices",
                "complaintdesk.desk.context.personal_data",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", str(DATA_DIR / "complaintdesk.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env_timezone("TIME_ZONE", "Asia/Shanghai")

STATIC_URL = "/static/"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    # plotly.min.js from the installed plotly package (the dashboard's charts)
    "complaintdesk.desk.staticfinders.PlotlyFinder",
]
STATIC_ROOT = DATA_DIR / "static"
ATTACHMENT_ROOT = DATA_DIR / "attachments"
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024, minimum=1024)

# Request bodies above this size are refused with 413 before any parsing; multipart uploads
# (portal and desk files) may reach MAX_UPLOAD_REQUEST_BYTES, and each file is kept only up to
# ATTACHMENT_MAX_BYTES + 1 while it streams in (security/uploads.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_REQUEST_BYTES", 1024 * 1024, minimum=64 * 1024)
MAX_UPLOAD_REQUEST_BYTES = env_int(
    "MAX_UPLOAD_REQUEST_BYTES", 5 * ATTACHMENT_MAX_BYTES + 1024 * 1024, minimum=64 * 1024
)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "complaintdesk.security.uploads.CappedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Inbound mail larger than this is refused before it is parsed (IMAP: before it is fetched).
EMAIL_MAX_BYTES = env_int("EMAIL_MAX_BYTES", 25 * 1024 * 1024, minimum=64 * 1024)

COMPLAINT_NUMBER_PREFIX = env_str("COMPLAINT_NUMBER_PREFIX", "TS")
COMPLAINT_TEXT_MAX_CHARS = 20_000

EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "complaintdesk@localhost")
# ``smtp`` sends outgoing mail through EMAIL_HOST; ``capture`` (what ``make run`` uses when
# EMAIL_HOST is not set) makes the worker write each message to a file in DATA_DIR/mail
# instead, so nothing leaves the machine; either way every mail is listed at /desk/outbox/.
EMAIL_DELIVERY = env_str("EMAIL_DELIVERY", "smtp").lower()
if EMAIL_DELIVERY not in {"smtp", "capture"}:
    raise ImproperlyConfigured(f"EMAIL_DELIVERY={EMAIL_DELIVERY!r}: use smtp or capture.")
EMAIL_FILE_PATH = str(DATA_DIR / "mail")
EMAIL_BACKEND = (
    "django.core.mail.backends.filebased.EmailBackend"
    if EMAIL_DELIVERY == "capture"
    else "django.core.mail.backends.smtp.EmailBackend"
)

# Sign-in throttling (docs/security.md): failures per account name and per client address
# within the window lock that name or address out; the right password is refused meanwhile.
AUTHENTICATION_BACKENDS = ["complaintdesk.security.backends.ThrottledModelBackend"]
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5, minimum=1)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 20, minimum=1)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 15 * 60, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 15 * 60, minimum=1)

# The agent desk signs in with Django sessions; the portal needs no account.
LOGIN_URL = "desk:login"
LOGIN_REDIRECT_URL = "desk:queue"
LOGOUT_REDIRECT_URL = "desk:login"
# Portal complaints per client address and hour (the cache counts them), and how long a
# customer's tracking link keeps working.
PORTAL_SUBMISSIONS_PER_HOUR = env_int("PORTAL_SUBMISSIONS_PER_HOUR", 10, minimum=1)
PORTAL_TRACKING_DAYS = env_int("PORTAL_TRACKING_DAYS", 365, minimum=1)
# Seconds an outbound webhook receiver has to answer before the attempt counts as failed.
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 10, minimum=1)

# Follow-up after resolution (docs/followup.md), counted in working days on the complaint's
# calendar: silence closes a resolved complaint after FOLLOWUP_CONFIRM_WORKING_DAYS; the survey
# reminder goes FOLLOWUP_REMINDER_WORKING_DAYS after the invitation, and answers are accepted
# (and may be changed) for FOLLOWUP_SURVEY_WORKING_DAYS after resolution. Policy return calls
# fall FOLLOWUP_CALL_WORKING_DAYS after resolution; FOLLOWUP_CALL_ATTEMPTS unanswered calls
# close one as unreached. A score at or below FOLLOWUP_LOW_SCORE tells the supervisors.
FOLLOWUP_CONFIRM_WORKING_DAYS = env_int("FOLLOWUP_CONFIRM_WORKING_DAYS", 7, minimum=1)
FOLLOWUP_REMINDER_WORKING_DAYS = env_int("FOLLOWUP_REMINDER_WORKING_DAYS", 3, minimum=1)
FOLLOWUP_SURVEY_WORKING_DAYS = env_int("FOLLOWUP_SURVEY_WORKING_DAYS", 10, minimum=1)
FOLLOWUP_CALL_WORKING_DAYS = env_int("FOLLOWUP_CALL_WORKING_DAYS", 3, minimum=1)
FOLLOWUP_CALL_ATTEMPTS = env_int("FOLLOWUP_CALL_ATTEMPTS", 3, minimum=1)
FOLLOWUP_LOW_SCORE = env_int("FOLLOWUP_LOW_SCORE", 2, minimum=1)
if FOLLOWUP_LOW_SCORE > 4:
    raise ImproperlyConfigured(f"FOLLOWUP_LOW_SCORE={FOLLOWUP_LOW_SCORE}: use 1 to 4.")
if FOLLOWUP_REMINDER_WORKING_DAYS >= FOLLOWUP_SURVEY_WORKING_DAYS:
    raise ImproperlyConfigured(
        "FOLLOWUP_REMINDER_WORKING_DAYS must be less than FOLLOWUP_SURVEY_WORKING_DAYS."
    )

# Personal data (docs/privacy.md): closed complaints are anonymised this many years after they
# closed; an erasure request is refused while a complaint closed less than
# PRIVACY_ERASURE_HOLD_DAYS ago must still be kept (0: no statutory hold); stored responses to
# Idempotency-Key requests are deleted after IDEMPOTENCY_TTL_HOURS.
PRIVACY_RETENTION_YEARS = env_int("PRIVACY_RETENTION_YEARS", 3, minimum=1)
PRIVACY_ERASURE_HOLD_DAYS = env_int("PRIVACY_ERASURE_HOLD_DAYS", 0)
IDEMPOTENCY_TTL_HOURS = env_int("IDEMPOTENCY_TTL_HOURS", 24, minimum=1)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Production behind HTTPS (docs/security.md): HTTPS=true turns on the redirect, Secure cookies
# and a year of HSTS; each can also be set on its own. SECURE_PROXY_SSL_HEADER names the
# header the reverse proxy sets to "https" (e.g. X-Forwarded-Proto); set it only behind a
# proxy that always sets or strips that header.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the proxy's and the run command's health checks
_PROXY_HEADER = env_str("SECURE_PROXY_SSL_HEADER", "")
if _PROXY_HEADER and not re.fullmatch(r"[A-Za-z0-9-]+", _PROXY_HEADER):
    raise ImproperlyConfigured(
        f"SECURE_PROXY_SSL_HEADER={_PROXY_HEADER!r}: give a header name such as X-Forwarded-Proto."
    )
if _PROXY_HEADER:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _PROXY_HEADER.upper().replace("-", "_"), "https")

# Content-Security-Policy (django-csp): scripts, styles, images and connections from this site
# only; no inline script, no inline style, no framing, forms post only here.
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
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Paths in log lines lose their query strings and link tokens (config/access_log.py).
    "filters": {"redact_paths": {"()": "complaintdesk.config.access_log.RedactPaths"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact_paths"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Background jobs (the SLA sweep, ``complaintdesk worker``): Huey with its queue in a SQLite file
# in DATA_DIR, or in Redis when REDIS_URL is set so several workers share one queue.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"REDIS_URL={REDIS_URL!r}: use redis://host:port/db.")
# The shared cache of throttles and rate limits: every worker process and app server counts in
# it together. The database by default (table complaintdesk_cache, made by ``migrate``), Redis
# when REDIS_URL is set.
CACHES: dict[str, dict[str, object]] = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "complaintdesk_cache",
        }
    )
}
HUEY: dict[str, object] = {
    "name": "complaintdesk",
    "immediate": False,
    "consumer": {"workers": 1, "worker_type": "thread"},
    **(
        {"huey_class": "huey.RedisHuey", "url": REDIS_URL}
        if REDIS_URL
        else {"huey_class": "huey.SqliteHuey", "filename": str(DATA_DIR / "huey.sqlite3")}
    ),
}

# Triage (docs/triage.md): classify and route every new complaint inside the intake transaction.
TRIAGE_AT_INTAKE = env_bool("TRIAGE_AT_INTAKE", True)

# Learning from complaints (docs/learning.md): a complaint is resolved only once its root cause
# and the responsible department or respondent are recorded; the review pack's PDF is printed
# by headless Chromium.
ROOT_CAUSE_REQUIRED = env_bool("ROOT_CAUSE_REQUIRED", True)
CHROMIUM_PATH = env_str("CHROMIUM_PATH", "/usr/bin/chromium")
