"""Compile the translation catalogues before the page tests, so a plain ``pytest`` run
checks the current Dutch, Spanish and Romanian text (``scripts/test`` compiles as well)."""

import pytest


@pytest.fixture(scope="session", autouse=True)
def compiled_translations(compiled_translations):
    """The root conftest's fixture, made automatic for the page tests."""
    return compiled_translations


@pytest.fixture(autouse=True)
def default_language():
    """A request leaves its language active in the thread; start every test in Dutch so
    ``reverse()`` gives the unprefixed (Dutch) addresses."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """These tests are about pages, not passwords: the production hasher (Argon2, about a
    second per hash on a small machine) would make the role fixtures take many seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
