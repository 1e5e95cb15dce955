"""The translation catalogues are complete, current and safe to format.

Koers is used in Dutch, English, Spanish and Romanian; a missing translation shows a
sex worker an English sentence in the middle of a Dutch page, and a broken placeholder
crashes the page. These tests list the offending msgids (at most 30) so a translator can
work straight from the failure message.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

LANGUAGES = ["nl", "es", "ro"]
SHOWN = 30
# The same directories the developers' command skips:
# manage.py makemessages -l nl -l es -l ro --ignore=.venv --ignore=tests
IGNORED = [".venv", "tests"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[#0\- +]*\d*(?:\.\d+)?[sdifrxXeEgGc]|%[sdifr]|\{\w*\}")


def catalogue_path(language: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


def read_catalogue(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def messages(catalogue):
    return [message for message in catalogue if message.id]


def singular(message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def listing(items: list[str]) -> str:
    shown = "\n".join(f"  {item!r}" for item in items[:SHOWN])
    more = f"\n  … and {len(items) - SHOWN} more" if len(items) > SHOWN else ""
    return shown + more


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    path = catalogue_path(language)
    assert path.exists(), (
        f"{path} is missing: run .venv/bin/python manage.py makemessages -l nl -l es -l ro "
        "--ignore=.venv --ignore=tests"
    )
    catalogue = read_catalogue(path)
    untranslated, fuzzy = [], []
    for message in messages(catalogue):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(s and s.strip() for s in strings):
            untranslated.append(singular(message))
        if message.fuzzy:
            fuzzy.append(singular(message))
    problems = []
    if untranslated:
        problems.append(
            f"{len(untranslated)} untranslated message(s) in {language}:\n{listing(untranslated)}"
        )
    if fuzzy:
        problems.append(f"{len(fuzzy)} fuzzy message(s) in {language}:\n{listing(fuzzy)}")
    assert not problems, "\n".join(problems)


def placeholders(text: str) -> set[str]:
    return {match.group(0) for match in PLACEHOLDER.finditer(text or "")}


@pytest.mark.parametrize("language", LANGUAGES)
def test_placeholders_survive_translation(language):
    """``%(name)s`` in the English must be in the translation, or the name is lost (and a
    placeholder the English does not have raises an error when the page renders)."""
    catalogue = read_catalogue(catalogue_path(language))
    broken = []
    for message in messages(catalogue):
        if message.fuzzy:
            continue  # never compiled; reported by the completeness test
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        allowed = set().union(*(placeholders(text) for text in ids))
        for text in strings:
            if not text:
                continue  # reported by the completeness test
            found = placeholders(text)
            if found - allowed:
                broken.append(f"{singular(message)} → {text} (unknown {sorted(found - allowed)})")
            elif not isinstance(message.id, tuple) and allowed - found:
                broken.append(f"{singular(message)} → {text} (lost {sorted(allowed - found)})")
    assert not broken, f"Placeholders differ in {language}:\n{listing(broken)}"


def test_catalogues_contain_every_message_in_the_code(tmp_path):
    """Extract the messages afresh from a copy of the code (so the committed catalogues
    are not touched) and compare: a string added to the code without running
    makemessages would never reach a translator."""
    if shutil.which("xgettext") is None:
        pytest.fail(
            "xgettext (GNU gettext) is needed to extract messages: "
            "sudo apt-get install gettext, or run bash scripts/test"
        )
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "tree"
    shutil.copytree(
        base / "koers",
        copy / "koers",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.po", "*.pot"),
    )
    shutil.copy2(base / "manage.py", copy / "manage.py")
    runner = (
        "import os, sys\n"
        f"sys.path.insert(0, {str(copy)!r})\n"
        "import django\n"
        "django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.management import call_command\n"
        f"assert str(settings.LOCALE_PATHS[0]).startswith({str(copy)!r}), settings.LOCALE_PATHS\n"
        f"call_command('makemessages', locale=['nl'], ignore_patterns={IGNORED!r}, verbosity=0)\n"
    )
    env = {
        **os.environ,
        # The plain settings: the test settings add test-only apps that are not copied.
        "DJANGO_SETTINGS_MODULE": "koers.settings.local",
        "KOERS_VAR_DIR": str(tmp_path / "var"),
        "PYTHONPATH": str(copy),
    }
    result = subprocess.run(  # noqa: S603 — our own interpreter and a fixed script
        [sys.executable, "-c", runner],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    fresh_catalogue = read_catalogue(copy / "koers" / "locale" / "nl" / "LC_MESSAGES" / "django.po")
    fresh = {(message.context, singular(message)) for message in messages(fresh_catalogue)}
    problems = []
    for language in LANGUAGES:
        committed = {
            (message.context, singular(message))
            for message in messages(read_catalogue(catalogue_path(language)))
        }
        missing = sorted(msgid for _context, msgid in fresh - committed)
        if missing:
            problems.append(
                f"{len(missing)} message(s) in the code but not in the {language} catalogue "
                f"(run makemessages -l nl -l es -l ro --ignore=.venv --ignore=tests and "
                f"translate):\n{listing(missing)}"
            )
    assert not problems, "\n".join(problems)
