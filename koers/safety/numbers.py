"""Phone numbers as members type them → E.164, and their keyed hashes.

Parsing is ``phonenumbers`` (Google's libphonenumber); the default region is NL, so
``06 12345678``, ``0031 6-1234 5678`` and ``+31612345678`` are the same number.
"""

import re

from koers.notifications.addresses import NumberNotUnderstood, to_e164
from koers.privacy.keys import keyed_hash, keyed_hashes_all_keys

__all__ = ["NumberNotUnderstood", "normalise", "split_lines", "number_hash", "lookup_hashes"]

# Parsing lives in koers.notifications.addresses (contact requests parse phones too);
# re-exported here because the number check speaks of "normalising" a customer's number.
normalise = to_e164


def split_lines(text: str) -> list[str]:
    """Numbers pasted one per line, or separated by commas or semicolons."""
    return [part.strip() for part in re.split(r"[\n,;]+", text or "") if part.strip()]


def number_hash(e164: str) -> str:
    """The keyed hash stored for matching (newest key)."""
    return keyed_hash(e164)


def lookup_hashes(e164: str) -> list[str]:
    """Hashes under every configured key, so matching survives a key rotation in progress."""
    return keyed_hashes_all_keys(e164)
