"""Access to the key material configured in settings.

``FIELD_ENCRYPTION_KEYS`` and ``HMAC_KEYS`` are lists, newest first. Encryption always uses
the newest key and decrypts with any; keyed hashes are computed with every key so that
matching keeps working while a re-keying command runs.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


@lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty: no key to encrypt with.")
    return MultiFernet([Fernet(key) for key in keys])


def field_cipher() -> MultiFernet:
    """The cipher for identifying fields, built from the current settings."""
    return _multifernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def keyed_hash(value: str, key: str | None = None) -> str:
    """Hex HMAC-SHA256 of ``value`` under ``key`` (default: the newest ``HMAC_KEYS`` entry)."""
    if key is None:
        if not settings.HMAC_KEYS:
            raise ImproperlyConfigured("HMAC_KEYS is empty: no key for keyed hashes.")
        key = settings.HMAC_KEYS[0]
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def keyed_hashes_all_keys(value: str) -> list[str]:
    """The keyed hash of ``value`` under every configured key, newest first."""
    return [keyed_hash(value, key) for key in settings.HMAC_KEYS]
