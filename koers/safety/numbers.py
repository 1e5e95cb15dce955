"""Phone numbers as members type them → E.164, and their keyed hashes.

Parsing is ``phonenumbers`` (Google's libphonenumber); the default region is NL, so
``06 12345678``, ``0031 6-1234 5678`` and ``+31612345678`` are the same number.
"""

import re
from dataclasses import dataclass

import phonenumbers

from koers.privacy.keys import keyed_hash, keyed_hashes_all_keys

DEFAULT_REGION = "NL"


@dataclass
class NumberNotUnderstood(Exception):
    """``raw`` could not be read as a phone number; ``understood`` is what we made of it."""

    raw: str
    understood: str


def normalise(raw: str) -> str:
    """``raw`` in E.164 (``+31612345678``); raises ``NumberNotUnderstood``."""
    text = (raw or "").strip()
    digits = re.sub(r"\D", "", text)
    try:
        parsed = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise NumberNotUnderstood(text, digits) from None
    if not phonenumbers.is_valid_number(parsed):
        raise NumberNotUnderstood(text, ("+" if text.startswith("+") else "") + digits)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def split_lines(text: str) -> list[str]:
    """Numbers pasted one per line, or separated by commas or semicolons."""
    return [part.strip() for part in re.split(r"[\n,;]+", text or "") if part.strip()]


def number_hash(e164: str) -> str:
    """The keyed hash stored for matching (newest key)."""
    return keyed_hash(e164)


def lookup_hashes(e164: str) -> list[str]:
    """Hashes under every configured key, so matching survives a key rotation in progress."""
    return keyed_hashes_all_keys(e164)
