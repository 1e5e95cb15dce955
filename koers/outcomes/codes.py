"""The pseudonymous code that links waves, and resume codes.

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


def new_resume_code() -> str:
    raw = "".join(secrets.choice(RESUME_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalise_resume_code(code: str) -> str:
    raw = "".join(ch for ch in code.upper() if ch in RESUME_ALPHABET)
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}" if len(raw) == 12 else ""


def resume_hash(code: str) -> str:
    return keyed_hash("outcomes-resume:" + normalise_resume_code(code))


def new_participant_ref() -> str:
    return "P" + secrets.token_hex(6).upper()
