"""Production: refuses to start when the configuration is insecure or would only work on
one machine.

On top of :mod:`koers.settings.hardened` (keys, hosts, TLS, cookies), production needs what
makes several app servers behave as one site: PostgreSQL (``DATABASE_URL``), a shared
Redis cache (``REDIS_URL``) for page and search caches and ``cached_db`` sessions, real mail
and SMS delivery (not the file outbox, whose messages would sit on one host's disk), the
database-backed task queue, and ``SITE_URL`` for every link sent out. Each refusal names
the environment variable to fix. ``manage.py check --deploy`` is clean in this mode when the
refusals are satisfied.
"""

from .hardened import *  # noqa: F403
from .hardened import _refuse

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":  # noqa: F405
    _refuse(
        "DATABASE_URL",
        "must name a PostgreSQL database (postgres://user:password@host:5432/koers); "
        "SQLite serves one process on one machine only.",
    )
if not REDIS_URL:  # noqa: F405
    _refuse(
        "REDIS_URL",
        "must name the Redis server the app servers share (redis://127.0.0.1:6379/0) "
        "for page caches and sessions.",
    )
if not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):  # noqa: F405
    _refuse("REDIS_URL", "must start with redis://, rediss:// or unix://.")
_OUTBOX_BACKENDS = (
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
)
if EMAIL_BACKEND in _OUTBOX_BACKENDS:  # noqa: F405
    _refuse(
        "EMAIL_BACKEND",
        "must deliver mail (django.core.mail.backends.smtp.EmailBackend), not write it to "
        "a file or the console.",
    )
for _channel, _variable in (
    ("mail", "NOTIFICATION_MAIL_BACKEND"),
    ("sms", "NOTIFICATION_SMS_BACKEND"),
):
    if NOTIFICATION_BACKENDS[_channel].rsplit(".", 1)[-1] in {  # noqa: F405
        "FileBackend",
        "ConsoleBackend",
        "MemoryBackend",
    }:
        _refuse(
            _variable,
            "must name a backend that delivers (e.g. "
            "koers.notifications.backends.HttpSmsGatewayBackend for SMS), not the file outbox.",
        )
if not SITE_URL.startswith("https://") or "localhost" in SITE_URL:  # noqa: F405
    _refuse(
        "SITE_URL",
        "must be the public https:// address of this site; links in mail and SMS use it.",
    )

# Tasks wait in the database for `manage.py db_worker` (deploy/koers-worker.service).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
