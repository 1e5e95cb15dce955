"""The audit log's keys: every entry is sealed with an HMAC-SHA256 under ``AUDIT_KEYS``.

A plain SHA-256 chain (Koers before issue 12) only shows accidental damage: anyone who can
write to the database can delete an entry and recompute every later hash. With a keyed MAC
they also need the audit key, which lives in the server's environment, not in the database
(and not in its backups). ``AUDIT_KEYS`` is a list, newest first, like ``HMAC_KEYS``: new
entries are sealed with the newest key; verification accepts an entry sealed with any
configured key, so adding a new key in front rotates without touching old entries. A key
may only be dropped from the list once no entry sealed with it needs verifying.

Checkpoints (``checkpoints.py``) are signed with the same keys.
"""

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def audit_keys() -> list[str]:
    keys = list(settings.AUDIT_KEYS)
    if not keys:
        raise ImproperlyConfigured("AUDIT_KEYS is empty: no key to seal audit entries with.")
    return keys


def seal(message: str, key: str | None = None) -> str:
    """Hex HMAC-SHA256 of ``message`` under ``key`` (default: the newest audit key)."""
    key = audit_keys()[0] if key is None else key
    return hmac.new(key.encode(), message.encode(), hashlib.sha256).hexdigest()


def sealed_by_a_configured_key(message: str, mac: str) -> bool:
    """Whether ``mac`` is the seal of ``message`` under any configured audit key."""
    return any(hmac.compare_digest(seal(message, key), mac) for key in audit_keys())


def key_fingerprint(key: str) -> str:
    """A short public name for a key (which key signed a checkpoint), not the key."""
    return hashlib.sha256(b"koers-audit-key:" + key.encode()).hexdigest()[:12]
