"""Settings shared by every mode. Values come from environment variables.

Variables (all optional locally; ``production`` demands the security-relevant ones):

- ``DATABASE_URL``           database, default a SQLite file under ``var/``
- ``SECRET_KEY``             Django's signing key
- ``FIELD_ENCRYPTION_KEYS``  comma-separated Fernet keys, newest first (identifying fields)
- ``HMAC_KEYS``              comma-separated keys, newest first, for keyed hashes (matching)
- ``AUDIT_KEYS``             comma-separated keys, newest first, sealing the audit log
- ``AUDIT_CHECKPOINT_FILE``  append-only file for audit checkpoints; ``AUDIT_CHECKPOINT_EMAIL``
- ``ALLOWED_HOSTS``          comma-separated host names
- ``DEBUG``                  true/false
- ``QUICK_EXIT_URL``         where the quick-exit control leaves to
- ``SUPPRESSION_THRESHOLD``  smallest count published in aggregates (never below 3)
- ``CELL_KEY_SEED``          fixed seed for the cell-key method's record keys (tests only)
- ``TRUSTED_PROXY_COUNT``    reverse proxies that append to X-Forwarded-For (default 0)
- ``EMAIL_URL``-style mail settings: ``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_HOST_USER``, …
"""

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from .environment import env_bool, env_date, env_int, env_list, env_str
from .release import release_id

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent
VAR_DIR = Path(env_str("KOERS_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "koers.accounts.admin_site.KoersAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "koers.privacy",
    "koers.audit",
    "koers.regions",
    "koers.organisations",
    "koers.accounts",
    "koers.pages",
    "koers.notifications",
    "koers.directory",
    "koers.selfcheck",
    "koers.contact",
    "koers.trajectories",
    "koers.safety",
    "koers.outcomes",
    "koers.outreach",
    "koers.activities",
    "koers.monitoring",
    "koers.scheduling",
    "koers.backups",
    "koers.demodata",
    "django_tasks",
    "django_tasks_db",
    "koers.outbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "koers.pages.middleware.DiscretionHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's and django-otp's, reading user, memberships and device from the shared cache
    # when there is one (AUTH_CACHE_SECONDS); see koers/accounts/cached_auth.py.
    "koers.accounts.cached_auth.CachedAuthenticationMiddleware",
    "koers.accounts.cached_auth.CachedOTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so its redirect gets every header the middleware above adds.
    "koers.pages.language.FirstVisitLanguageMiddleware",
    # Last, so its 400 page is translated and laid out like any other (koers/input_guard.py).
    "koers.input_guard.NullCharacterMiddleware",
]

ROOT_URLCONF = "koers.urls"
# Inputs point aria-describedby at the help and error ids the field templates render.
FORM_RENDERER = "koers.pages.form_rendering.FormRenderer"
WSGI_APPLICATION = "koers.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "koers.pages.context_processors.discretion",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'koers.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default under concurrent requests (issue 12: "database is locked"):
    # WAL lets readers run beside the one writer; "timeout" is the busy timeout a writer
    # waits for the lock; IMMEDIATE makes every transaction take the write lock when it
    # begins, so two transactions that read and then write can no longer deadlock on the
    # upgrade from reader to writer (SQLite answers that with an immediate SQLITE_BUSY that
    # no timeout helps). Writes outside a transaction wait for the lock like any other.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": env_int("SQLITE_BUSY_TIMEOUT", 20),
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The same string on every host running the same code (git revision or package version,
# never file times): shared cache keys carry it. See koers/settings/release.py.
RELEASE = release_id(BASE_DIR)

# The public address of this site; every link in a mail or SMS starts with it.
SITE_URL = env_str("SITE_URL", "http://localhost:8000").rstrip("/")

# Caches. Without REDIS_URL (the embedded default) each process keeps its own in memory.
# With it, every app server shares one Redis: page and search caches and the session cache.
# koers.pages.cache.ResilientRedisCache turns a Redis outage into cache misses (logged), so
# pages keep serving and sessions fall back to the database.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "koers.pages.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "koers",
            "TIMEOUT": 60 * 60,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    # Read from the cache, written through to the database: a lost cache loses no login.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    # The logged-in user, memberships and second-factor device from the shared cache.
    AUTH_CACHE_SECONDS = env_int("AUTH_CACHE_SECONDS", 300)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    # A per-process cache cannot be invalidated in the other processes: no auth caching.
    AUTH_CACHE_SECONDS = 0

# The task queue (django-tasks; see docs/decisions/0001-task-queue.md). The embedded
# default runs each task in the same process right after the transaction that queued it
# commits; production stores tasks in the database for `manage.py db_worker`.
TASK_BACKEND = env_str("TASK_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")
TASKS = {"default": {"BACKEND": TASK_BACKEND}}
# The outbox (koers.outbox): how often a message is tried before it is given up (and listed
# for an administrator), and after how long a message a worker claimed but never confirmed
# counts as abandoned (the worker died mid-send).
OUTBOX_MAX_ATTEMPTS = env_int("OUTBOX_MAX_ATTEMPTS", 5)
OUTBOX_RETRY_SECONDS = env_int("OUTBOX_RETRY_SECONDS", 60)
OUTBOX_STALE_SECONDS = env_int("OUTBOX_STALE_SECONDS", 300)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
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
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "pages:home"

# Login throttling (django-axes): lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client address behind TRUSTED_PROXY_COUNT proxies; the contact rate limit uses the same.
AXES_CLIENT_IP_CALLABLE = "koers.pages.client_address.client_ip"

# How many reverse proxies in front of Koers append to X-Forwarded-For (0: REMOTE_ADDR is the
# client and X-Forwarded-For is ignored). See koers.pages.client_address.
TRUSTED_PROXY_COUNT = max(0, env_int("TRUSTED_PROXY_COUNT", 0))

OTP_TOTP_ISSUER = "Koers"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "koers.pages.views.csrf_failure"

LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("es", _("Spanish")),
    ("ro", _("Romanian")),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# Where collectstatic writes; the benchmark points it at its own temporary directory.
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]

# Security headers that hold in every mode.
SECURE_CONTENT_TYPE_NOSNIFF = True
# same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on form posts,
# which Django's CSRF check rightly refuses. Other sites (the quick-exit target) still get nothing.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# Encryption at rest and keyed hashes. Keys: comma-separated, newest first.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")
HMAC_KEYS = env_list("HMAC_KEYS")
# The audit log (koers.audit): entries are sealed with an HMAC under AUDIT_KEYS (newest
# first, like HMAC_KEYS); signed checkpoints of the chain go to an append-only file and/or
# a mail address outside Koers (koers/audit/checkpoints.py).
AUDIT_KEYS = env_list("AUDIT_KEYS")
_checkpoint_file = env_str("AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit" / "checkpoints.jsonl"))
AUDIT_CHECKPOINT_FILE = Path(_checkpoint_file) if _checkpoint_file.strip() else None
AUDIT_CHECKPOINT_EMAIL = env_str("AUDIT_CHECKPOINT_EMAIL", "")

QUICK_EXIT_URL = env_str("QUICK_EXIT_URL", "https://www.weeronline.nl/")
SUPPRESSION_THRESHOLD = max(3, env_int("SUPPRESSION_THRESHOLD", 5))
# The cell-key method's record keys come from a secret drawn once and stored in the
# database; a fixed seed here replaces it (tests and benchmarks only: never change it on a
# live system, or every published number changes and old and new can be compared).
CELL_KEY_SEED = env_str("CELL_KEY_SEED", "")

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "outbox"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Koers <noreply@koers.invalid>")

# Notifications (koers.notifications): one backend per channel. Real SMTP: set
# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend; an SMS gateway: a subclass of
# koers.notifications.backends.SmsProviderBackend named in NOTIFICATION_SMS_BACKEND.
NOTIFICATION_BACKENDS = {
    "mail": env_str("NOTIFICATION_MAIL_BACKEND", "koers.notifications.backends.DjangoMailBackend"),
    "sms": env_str("NOTIFICATION_SMS_BACKEND", "koers.notifications.backends.FileBackend"),
}
NOTIFICATION_OUTBOX_DIR = VAR_DIR / "outbox"
# For koers.notifications.backends.HttpSmsGatewayBackend (NOTIFICATION_SMS_BACKEND).
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = env_str("SMS_GATEWAY_TOKEN", "")
SMS_GATEWAY_TIMEOUT = env_int("SMS_GATEWAY_TIMEOUT", 10)

# Accounts (koers.accounts): password recovery. A member's code lives 15 minutes, a staff
# reset issued by a coordinator 72 hours; requests and code tries are limited per visitor
# address and per account; the "forgot password" answer takes at least
# ACCOUNT_RESET_ANSWER_MS so its timing does not tell whether an account exists.
ACCOUNT_RESET_CODE_MINUTES = env_int("ACCOUNT_RESET_CODE_MINUTES", 15)
ACCOUNT_STAFF_RESET_HOURS = env_int("ACCOUNT_STAFF_RESET_HOURS", 72)
ACCOUNT_RESETS_PER_CLIENT_PER_HOUR = env_int("ACCOUNT_RESETS_PER_CLIENT_PER_HOUR", 5)
ACCOUNT_RESETS_PER_ACCOUNT_PER_HOUR = env_int("ACCOUNT_RESETS_PER_ACCOUNT_PER_HOUR", 3)
ACCOUNT_RESET_CODE_TRIES_PER_HOUR = env_int("ACCOUNT_RESET_CODE_TRIES_PER_HOUR", 10)
ACCOUNT_RESET_ANSWER_MS = env_int("ACCOUNT_RESET_ANSWER_MS", 1000)

# Safety (koers.safety): warnings, number checks and retention.
SAFETY_WARNING_MONTHS = env_int("SAFETY_WARNING_MONTHS", 12)
SAFETY_REPORT_RETENTION_DAYS = env_int("SAFETY_REPORT_RETENTION_DAYS", 730)
SAFETY_CHECKS_PER_HOUR = env_int("SAFETY_CHECKS_PER_HOUR", 30)
SAFETY_CHECKS_PER_DAY = env_int("SAFETY_CHECKS_PER_DAY", 200)
SAFETY_BULK_CHECK_MAX = env_int("SAFETY_BULK_CHECK_MAX", 20)

# Contact requests (koers.contact): retention of closed requests and abuse limits.
CONTACT_REQUEST_RETENTION_DAYS = env_int("CONTACT_REQUEST_RETENTION_DAYS", 90)
CONTACT_REQUESTS_PER_HOUR = env_int("CONTACT_REQUESTS_PER_HOUR", 5)
CONTACT_STATUS_CHECKS_PER_HOUR = env_int("CONTACT_STATUS_CHECKS_PER_HOUR", 20)
# Questionnaire sign-ups and resume attempts (codes, reminder links) one address may make per hour.
OUTCOMES_ENROLMENTS_PER_HOUR = env_int("OUTCOMES_ENROLMENTS_PER_HOUR", 20)
OUTCOMES_RESUME_ATTEMPTS_PER_HOUR = env_int("OUTCOMES_RESUME_ATTEMPTS_PER_HOUR", 10)

# Outcome questionnaire (koers.outcomes): waves, reminders and the study period.
OUTCOMES_WAVE_INTERVAL_DAYS = env_int("OUTCOMES_WAVE_INTERVAL_DAYS", 91)
OUTCOMES_MAX_WAVES = env_int("OUTCOMES_MAX_WAVES", 4)
OUTCOMES_REMINDER_GAP_DAYS = env_int("OUTCOMES_REMINDER_GAP_DAYS", 14)
OUTCOMES_WAVE_WINDOW_DAYS = env_int("OUTCOMES_WAVE_WINDOW_DAYS", 42)
OUTCOMES_STUDY_END = env_date("OUTCOMES_STUDY_END")  # None: no end
# Demo helpers (demo_data, demo_code, demo_logins) work only when a mode sets this to True
# (local, test); never from the environment, so production cannot switch them on.
DEMO_MODE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
