"""Phone numbers as people type them, normalised to E.164 — the one place Koers parses them.

Contact requests (a sex worker's own number) and the safety number check (a customer's number)
both accept "any common format"; the default region is NL, so ``06 12345678``,
``0031 6-1234 5678`` and ``+31612345678`` are the same number.
"""

import re
from dataclasses import dataclass

import phonenumbers

DEFAULT_REGION = "NL"


@dataclass
class NumberNotUnderstood(Exception):
    """``raw`` could not be read as a phone number; ``understood`` is what we made of it."""

    raw: str
    understood: str


def to_e164(raw: str) -> str:
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
