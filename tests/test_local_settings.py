"""The demo's settings (``koers.settings.local``) show visitors what production shows them.

``scripts/demo`` starts Koers under these settings, and the demo is how people meet it: an
unknown address must give the discreet, translated 404 page with the quick exit, not Django's
debug page listing every URL. Each case starts a fresh interpreter, because settings are read
once per process.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTROLLED = {"DEBUG", "DATABASE_URL", "KOERS_VAR_DIR", "DJANGO_SETTINGS_MODULE"}

VISIT = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
missing = client.get("/nope/")
style = client.get("/static/koers/koers.css")
print(json.dumps({
    "debug": settings.DEBUG,
    "missing_status": missing.status_code,
    "missing_body": missing.content.decode(),
    "style_status": style.status_code,
}))
"""


def visit(tmp_path: Path, **overrides: str) -> dict:
    env = {name: value for name, value in os.environ.items() if name not in CONTROLLED}
    env["DJANGO_SETTINGS_MODULE"] = "koers.settings.local"
    env["KOERS_VAR_DIR"] = str(tmp_path)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    env.update(overrides)
    result = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", VISIT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_demo_shows_the_discreet_not_found_page_and_serves_its_stylesheet(tmp_path):
    seen = visit(tmp_path)
    assert seen["debug"] is False
    assert seen["missing_status"] == 404
    assert "Pagina niet gevonden" in seen["missing_body"]
    assert "Snel weg" in seen["missing_body"]
    assert "URLconf" not in seen["missing_body"]
    assert seen["style_status"] == 200


def test_a_developer_can_still_turn_debug_on(tmp_path):
    seen = visit(tmp_path, DEBUG="true")
    assert seen["debug"] is True
    assert seen["style_status"] == 200
