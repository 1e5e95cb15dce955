"""Settings for the test suite: fixed, throw-away keys; nothing leaves the machine."""

from .base import *  # noqa: F403

DEBUG = False
DEMO_MODE = True
SECRET_KEY = "test-only-secret-key-not-for-any-real-use-0123456789abcdefghijklmn"  # noqa: S105
FIELD_ENCRYPTION_KEYS = ["yE1bC1z9m4cS0yWmQ8YQ6v1qv3QJ2l2lq1xq8n7o9aA="]
HMAC_KEYS = ["test-hmac-key-0123456789"]
ALLOWED_HOSTS = ["*"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A test-only app with its own encrypted model (tests/encryption_testapp).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.encryption_testapp"]  # noqa: F405

# Same algorithm as production (Argon2), at a cost that keeps user-creating tests fast.
PASSWORD_HASHERS = [
    "koers.accounts.hashers.QuickArgon2PasswordHasher",
    *PASSWORD_HASHERS,  # noqa: F405
]

# The "forgot password" answer's minimum time, short so tests stay quick (still long enough
# to cover the work of sending a code, which the enumeration test compares).
ACCOUNT_RESET_ANSWER_MS = 250
