"""Production: refuses to start when the configuration is insecure.

Each refusal names the environment variable to fix. ``manage.py check --deploy`` is clean
in this mode when the refusals are satisfied.
"""

from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .environment import env_bool, env_int

DEMO_MODE = False
INSECURE_SECRET_KEYS = {"", "change-me", "changeme", "secret", "django-insecure"}


def _refuse(variable: str, reason: str) -> None:
    raise ImproperlyConfigured(f"Koers refuses to start: {variable} {reason}")


if DEBUG:  # noqa: F405
    _refuse("DEBUG", "must be false in production.")
_secret = str(SECRET_KEY)  # noqa: F405
if (
    _secret in INSECURE_SECRET_KEYS
    or _secret.startswith("django-insecure")
    or len(_secret) < 50
    or len(set(_secret)) < 5
):
    _refuse("SECRET_KEY", "must be set to a random value of at least 50 characters.")
if not FIELD_ENCRYPTION_KEYS:  # noqa: F405
    _refuse("FIELD_ENCRYPTION_KEYS", "must hold at least one Fernet key (newest first).")
for _key in FIELD_ENCRYPTION_KEYS:  # noqa: F405
    try:
        Fernet(_key)
    except (ValueError, TypeError):
        _refuse("FIELD_ENCRYPTION_KEYS", "contains a value that is not a valid Fernet key.")
if not HMAC_KEYS or any(len(key) < 32 for key in HMAC_KEYS):  # noqa: F405
    _refuse("HMAC_KEYS", "must hold at least one key of 32 characters or more.")
if not AUDIT_KEYS or any(len(key) < 32 for key in AUDIT_KEYS):  # noqa: F405
    _refuse("AUDIT_KEYS", "must hold at least one key of 32 characters or more (newest first).")
if not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS:  # noqa: F405
    _refuse("ALLOWED_HOSTS", "must list the host names Koers is served under (no '*').")
if NOTIFICATION_BACKENDS["sms"].endswith(".HttpSmsGatewayBackend"):  # noqa: F405
    if not SMS_GATEWAY_URL.startswith("https://"):  # noqa: F405
        _refuse("SMS_GATEWAY_URL", "must be an https:// address for the SMS gateway backend.")
    if len(SMS_GATEWAY_TOKEN) < 16:  # noqa: F405
        _refuse("SMS_GATEWAY_TOKEN", "must be set (16 characters or more) for the SMS gateway.")

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
