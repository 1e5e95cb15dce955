"""Every setting Koers reads is declared in ``koers/settings/``, can be set from the
environment, and is listed in the README's configuration table.

A setting read with ``getattr(settings, NAME, default)`` cannot be changed by an operator
and hides its default in the code that reads it; a variable missing from the README cannot
be found by one. These tests read the code, so a new setting that skips either step fails
here with its name.
"""

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "koers"
SETTINGS_DIR = PACKAGE / "settings"
ENV_READERS = {"env_str", "env_bool", "env_int", "env_list", "env_date"}


def code_files() -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts and "tests" not in path.parts
        if SETTINGS_DIR not in path.parents
    ]


def settings_reads(path: Path) -> tuple[set[str], list[str]]:
    """Names read as ``settings.NAME`` and the ``getattr(settings, …)`` calls in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    getattrs: list[str] = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "settings"
            and node.attr.isupper()
        ):
            names.add(node.attr)
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"getattr", "hasattr"}
            and node.args
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == "settings"
        ):
            getattrs.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return names, getattrs


def environment_variables() -> set[str]:
    """Every variable ``koers/settings/*.py`` reads through the ``env_*`` helpers."""
    found = set()
    for path in SETTINGS_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ENV_READERS
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                found.add(node.args[0].value)
    return found


def test_code_reads_settings_without_hidden_defaults():
    hidden = [where for path in code_files() for where in settings_reads(path)[1]]
    assert not hidden, f"declare these in koers/settings/ and read them plainly: {hidden}"


def test_every_setting_the_code_reads_is_declared():
    read = set().union(*(settings_reads(path)[0] for path in code_files()))
    assert {"OUTCOMES_MAX_WAVES", "SITE_URL", "CONTACT_REQUESTS_PER_HOUR"} <= read
    missing = sorted(name for name in read if not hasattr(settings, name))
    assert not missing, f"read by the code but declared nowhere: {missing}"


def test_every_environment_variable_is_in_the_readme_table():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Configuration", 1)[1]
    listed = {
        name
        for line in table.splitlines()
        if line.startswith("| `")
        for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", line)
    }
    variables = environment_variables()
    assert {"OUTCOMES_STUDY_END", "SITE_URL", "DATABASE_URL"} <= variables
    missing = sorted(variables - listed)
    assert not missing, f"add a row to the README's configuration table for: {missing}"


SHOW = """
import json, django
django.setup()
from django.conf import settings
from koers.outcomes import services
print(json.dumps({
    "max_waves": services.max_waves(),
    "interval": services.wave_interval().days,
    "gap": services.reminder_gap().days,
    "window": services.wave_window().days,
    "study_end": str(services.study_end()),
    "site_url": settings.SITE_URL,
    "bulk": settings.SAFETY_BULK_CHECK_MAX,
}))
"""


def run_with(**variables: str) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if not name.startswith("OUTCOMES_")}
    env.update(DJANGO_SETTINGS_MODULE="koers.settings.test", **variables)
    return subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_questionnaire_timing_and_site_address_come_from_the_environment():
    result = run_with(
        OUTCOMES_MAX_WAVES="6",
        OUTCOMES_WAVE_INTERVAL_DAYS="60",
        OUTCOMES_REMINDER_GAP_DAYS="7",
        OUTCOMES_WAVE_WINDOW_DAYS="30",
        OUTCOMES_STUDY_END="2027-06-30",
        SITE_URL="https://koers.example.org",
        SAFETY_BULK_CHECK_MAX="10",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "max_waves": 6,
        "interval": 60,
        "gap": 7,
        "window": 30,
        "study_end": "2027-06-30",
        "site_url": "https://koers.example.org",
        "bulk": 10,
    }


def test_defaults_are_the_study_s_when_nothing_is_set():
    result = run_with()
    assert result.returncode == 0, result.stderr
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert (seen["max_waves"], seen["interval"], seen["gap"], seen["window"]) == (4, 91, 14, 42)
    assert seen["study_end"] == "None"


def test_a_study_end_that_is_not_a_date_is_refused_naming_the_variable():
    result = run_with(OUTCOMES_STUDY_END="30-06-2027")
    assert result.returncode != 0
    assert "OUTCOMES_STUDY_END must be a date like 2027-06-30" in result.stderr
