"""The self-check's answers between pages, as one opaque, short-lived token in the URL.

Why a token in the URL: every screen and the result must be a plain GET page, so the
browser's Back button works between steps (no "Confirm form resubmission") and switching
language keeps the result (the language links keep the query string). Nothing may be
stored on the server (no session, no database) and what someone answered must not be
readable from the browser history or a server log, so the answers are encrypted with the
server's key (Fernet: authenticated, so a changed token is refused) and expire after
:data:`TOKEN_TTL` seconds; an old link from the history then starts a new check.
"""

from __future__ import annotations

import zlib

from cryptography.fernet import InvalidToken
from django.http import QueryDict

from koers.privacy.keys import field_cipher

#: How long a self-check link works: long enough to read the result and ask for contact.
TOKEN_TTL = 2 * 60 * 60
MAX_TOKEN_LENGTH = 4000


def seal(answers: str) -> str:
    """``answers`` (a URL-encoded query of answer fields) as a token."""
    return field_cipher().encrypt(zlib.compress(answers.encode())).decode()


def unseal(token: str) -> QueryDict | None:
    """The answers in ``token``, or ``None`` when it is expired, changed or not a token."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        raw = field_cipher().decrypt(token.encode(), ttl=TOKEN_TTL)
        return QueryDict(zlib.decompress(raw, bufsize=8192).decode())
    except (InvalidToken, zlib.error, UnicodeDecodeError, ValueError):
        return None
