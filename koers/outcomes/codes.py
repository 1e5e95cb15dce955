"""The pseudonymous code that links waves, and resume codes.

The link code only links waves for analysis; it opens nothing. Resume codes (random, shown
once) and one-time reminder links are what open a saved questionnaire (issue 12).

The study's code is first and last letter of the first name (or work name) + last two
digits of the birth year + first two letters of the birth city. The person rebuilds it each
wave from the same three answers. Koers computes it, keeps only its keyed hash
(``keyed_hash``), and never stores the name, year or city.
"""

import secrets
import unicodedata

from koers.privacy.keys import keyed_hash, keyed_hashes_all_keys

RESUME_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to copy by hand


def _letters(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(
        ch for ch in decomposed if ch.isalpha() and not unicodedata.combining(ch)
    ).upper()


def pseudonymous_code(name: str, birth_year: int | str, birth_city: str) -> str:
    """The study's code, e.g. ``("Maria", 1990, "Utrecht")`` → ``"MA90UT"``."""
    letters = _letters(name)
    city = _letters(birth_city)
    year = str(birth_year).strip()[-2:]
    if not letters or len(city) < 2 or len(year) != 2 or not year.isdigit():
        raise ValueError("incomplete code parts")
    return f"{letters[0]}{letters[-1]}{year}{city[:2]}"


def code_hash(code: str) -> str:
    return keyed_hash("outcomes-code:" + code.upper())


def code_hashes(code: str) -> list[str]:
    """Hashes under every configured key, so matching survives key rotation."""
    return keyed_hashes_all_keys("outcomes-code:" + code.upper())


RESUME_GROUPS, RESUME_GROUP_SIZE = 4, 4  # 16 characters of 32 symbols: 80 bits


def new_resume_code() -> str:
    """A random resume code, e.g. ``K7QD-3MPX-HT9A-WC4E``: 80 bits, read aloud in groups."""
    raw = "".join(secrets.choice(RESUME_ALPHABET) for _ in range(RESUME_GROUPS * RESUME_GROUP_SIZE))
    return _grouped(raw)


def _grouped(raw: str) -> str:
    size = RESUME_GROUP_SIZE
    return "-".join(raw[i : i + size] for i in range(0, len(raw), size))


def normalise_resume_code(code: str) -> str:
    """The code as issued, from what someone typed (any case, with or without spaces or
    dashes); empty when it cannot be one."""
    raw = "".join(ch for ch in (code or "").upper() if ch.isalnum())
    if len(raw) != RESUME_GROUPS * RESUME_GROUP_SIZE or any(
        ch not in RESUME_ALPHABET for ch in raw
    ):
        return ""
    return _grouped(raw)


def resume_hash(code: str) -> str:
    return keyed_hash("outcomes-resume:" + normalise_resume_code(code))


def resume_hashes(code: str) -> list[str]:
    """Under every configured key, so a saved questionnaire survives a key rotation."""
    return keyed_hashes_all_keys("outcomes-resume:" + normalise_resume_code(code))


def new_link_token() -> str:
    """The one-time token of a reminder link (256 bits)."""
    return secrets.token_urlsafe(32)


def link_token_hash(token: str) -> str:
    return keyed_hash("outcomes-link:" + (token or ""))


def link_token_hashes(token: str) -> list[str]:
    return keyed_hashes_all_keys("outcomes-link:" + (token or ""))


def new_participant_ref() -> str:
    return "P" + secrets.token_hex(6).upper()
