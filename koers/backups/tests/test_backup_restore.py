"""A backup restores into a fresh database with every row, readable encrypted fields (with
the same keys) and an intact audit chain; restore refuses to overwrite by accident.

SQLite always; PostgreSQL when the suite runs on it (``DATABASE_URL=postgres://…``).
"""

import io
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from koers.audit.models import AuditAction
from koers.audit.services import record
from tests.encryption_testapp.models import Secret

ROOT = Path(__file__).resolve().parents[3]
CHECK_SCRIPT = """
import json
from django.apps import apps
from koers.audit.selectors import verify_chain
from koers.audit import checkpoints
from tests.encryption_testapp.models import Secret
counts = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
report = verify_chain(checkpoints=checkpoints.read_file(CHECKPOINT_FILE))
print(json.dumps({
    "counts": counts,
    "work_name": Secret.objects.get(label="backup").work_name,
    "intact": report.intact, "checked": report.checked, "reason": report.reason,
}))
"""


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def manage(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "koers.settings.test"}
    env["DATABASE_URL"] = database_url
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def fresh_database_url(tmp_path):
    """The URL of an empty database of the same kind as the suite's."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg

    settings_dict = connection.settings_dict
    name = f"koers_restore_{secrets.token_hex(4)}"
    admin = psycopg.connect(
        host=settings_dict["HOST"] or "localhost",
        port=settings_dict["PORT"] or 5432,
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"],
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield (
            f"postgres://{quote(settings_dict['USER'])}:{quote(settings_dict['PASSWORD'])}@"
            f"{settings_dict['HOST'] or 'localhost'}:{settings_dict['PORT'] or 5432}/{name}"
        )
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_a_fresh_database_readable_and_verified(
    users, tmp_path, fresh_database_url, settings
):
    actor = users["professional_a"]
    for client_id in (257, 258, 259):
        record(actor, AuditAction.READ, ("trajectories.client", client_id))
    Secret.objects.create(label="backup", work_name="Zwanenbloem-Q7")
    checkpoint_file = tmp_path / "checkpoints.jsonl"
    settings.AUDIT_CHECKPOINT_FILE = checkpoint_file
    call_command("audit_checkpoint", stdout=io.StringIO())
    expected = row_counts()
    backup_path = tmp_path / "koers.backup"
    out = io.StringIO()
    call_command("backup", str(backup_path), stdout=out)
    assert "keep those separately" in out.getvalue()
    assert backup_path.stat().st_size > 0
    # The identifying field is not readable in the backup file itself.
    assert b"Zwanenbloem-Q7" not in backup_path.read_bytes()

    restored = manage(fresh_database_url, "restore", str(backup_path))
    assert restored.returncode == 0, restored.stderr
    checked = manage(
        fresh_database_url,
        "shell",
        "-c",
        CHECK_SCRIPT.replace("CHECKPOINT_FILE", repr(str(checkpoint_file))),
    )
    assert checked.returncode == 0, checked.stderr
    result = json.loads(checked.stdout.strip().splitlines()[-1])
    assert result["counts"] == expected
    assert result["work_name"] == "Zwanenbloem-Q7"
    assert result["intact"], result["reason"]
    assert result["checked"] == 3

    # Restoring again over the now filled database is refused without --replace.
    again = manage(fresh_database_url, "restore", str(backup_path))
    assert again.returncode != 0
    assert "already holds tables" in again.stderr


@pytest.mark.django_db
def test_backup_refuses_to_overwrite_a_file_and_restore_a_foreign_file(tmp_path):
    existing = tmp_path / "old.backup"
    existing.write_text("yesterday")
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(existing), stdout=io.StringIO())
    with pytest.raises(CommandError, match="is not a"):
        call_command("restore", str(existing), "--replace", stdout=io.StringIO())
