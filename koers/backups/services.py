"""Backing up and restoring the configured database, SQLite or PostgreSQL.

- SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent
  snapshot while Koers keeps serving (WAL readers and writers go on); restoring copies the
  backup's pages over the configured database in one step.
- PostgreSQL: ``pg_dump --format=custom`` (consistent snapshot, compressed, restorable
  table by table) and ``pg_restore --single-transaction`` (all or nothing). The client
  programs must be the server's major version or newer (Debian: ``postgresql-client``).

What a backup does *not* contain: the keys. Identifying fields are encrypted with
``FIELD_ENCRYPTION_KEYS``, matching hashes use ``HMAC_KEYS``, the audit log is sealed with
``AUDIT_KEYS`` and sessions are signed with ``SECRET_KEY``. Without them a backup is
unreadable (that is the point); keep them separately (see README, *Backups and keys*).

Restoring refuses a database that already holds Koers's tables unless ``replace=True``:
the safe way is to restore into a fresh database, verify it (``verify_audit_chain``), and
then point ``DATABASE_URL`` at it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"


class BackupError(Exception):
    """A backup or restore that could not be done; the message says why and what to do."""


def _vendor() -> str:
    if connection.vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _pg_command(program: str) -> tuple[list[str], dict[str, str]]:
    found = shutil.which(program)
    if found is None:
        raise BackupError(
            f"{program} is not installed (Debian: apt-get install postgresql-client)."
        )
    settings_dict = connection.settings_dict
    args = [found, "--no-password"]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])  # not on the command line
    return args, env


def _database_name() -> str:
    return str(connection.settings_dict["NAME"])


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.strip()[-2000:]}")


def backup(path: Path) -> str:
    """Write a consistent copy of the database to ``path`` (refuses to overwrite a file);
    returns the kind of backup written."""
    path = Path(path)
    if path.exists():
        raise BackupError(f"{path} exists already; choose a new file name.")
    path.parent.mkdir(parents=True, exist_ok=True)
    if _vendor() == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return "SQLite database file (online backup)"
    args, env = _pg_command("pg_dump")
    _run(
        [
            *args,
            "--format=custom",
            "--no-owner",
            "--file",
            str(path),
            connection.settings_dict["NAME"],
        ],
        env,
    )
    return "PostgreSQL custom-format dump (pg_dump -Fc)"


def _has_tables() -> bool:
    return bool(connection.introspection.table_names())


def restore(path: Path, *, replace: bool = False) -> str:
    """Load the backup at ``path`` into the configured database; returns its kind."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    with path.open("rb") as handle:
        head = handle.read(16)
    vendor = _vendor()
    if vendor == "sqlite" and not head.startswith(SQLITE_MAGIC):
        raise BackupError(f"{path} is not a SQLite backup, and the database is SQLite.")
    if vendor == "postgresql" and not head.startswith(PG_CUSTOM_MAGIC):
        raise BackupError(
            f"{path} is not a pg_dump custom-format file, and the database is PostgreSQL."
        )
    if _has_tables() and not replace:
        raise BackupError(
            "The database already holds tables. Restore into a fresh database (set "
            "DATABASE_URL to it), or pass --replace to overwrite this one."
        )
    if vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
        return "SQLite database file"
    connection.close()  # pg_restore needs no open transaction of ours on the tables
    args, env = _pg_command("pg_restore")
    extra = ["--clean", "--if-exists"] if replace else []
    _run(
        [
            *args,
            *extra,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--dbname",
            _database_name(),
            str(path),
        ],
        env,
    )
    return "PostgreSQL custom-format dump"
