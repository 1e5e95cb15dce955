"""Reference codes: short, easy to read aloud, never stored.

A code is derived from the form's idempotency token with a keyed hash, so submitting the
same form twice shows the same code again without the code being stored anywhere; the
database holds only ``keyed_hash`` of the code. Ten characters from a 31-letter alphabet
without look-alikes (no 0/O, 1/I/L) give about 49 bits, and lookups are rate-limited.
"""

from __future__ import annotations

import re

from koers.privacy.keys import keyed_hash, keyed_hashes_all_keys

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


def code_from_token(token: str) -> str:
    """The reference code belonging to an idempotency token (deterministic, keyed)."""
    number = int(keyed_hash(f"contact-reference:{token}"), 16)
    letters = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(ALPHABET))
        letters.append(ALPHABET[index])
    return "".join(letters)


def display(code: str) -> str:
    """``ABCDEFGHJK`` → ``ABCDE-FGHJK``: easier to read aloud and copy."""
    return f"{code[:5]}-{code[5:]}"


def normalise(typed: str) -> str:
    """What a person typed → the bare code (case, spaces and dashes do not matter)."""
    return re.sub(r"[\s\-_.]", "", (typed or "").upper())[: CODE_LENGTH * 2]


def code_hash(code: str) -> str:
    return keyed_hash(f"contact-code:{code}")


def code_lookup_hashes(code: str) -> list[str]:
    return keyed_hashes_all_keys(f"contact-code:{code}")


def token_hash(token: str) -> str:
    return keyed_hash(f"contact-token:{token}")
