"""Knowing, in one tiny query, whether anything in the directory changed: the *version*.

The public search caches its rendered results (see ``views.search``), keyed on this
version, so the version must change on **every** write to data a result shows: services,
their translations, regions, life domains, groups, languages, channels, hours, locations,
verification dates, the organisations (name, kind, active) and region names — whether the
write comes from a coordinator's form, a service function, the HSDS import, the admin, the
demo data, a ``bulk_create``, a ``QuerySet.update()``, a cascade delete or raw SQL.

Why database triggers rather than Django signals: signals miss ``bulk_create``,
``QuerySet.update()`` and raw SQL, and every new bulk write elsewhere would have to
remember an explicit bump. A trigger on each watched table cannot be forgotten.

Why a random token rather than a counter: a transaction that is rolled back takes its
counter increments with it, so the same number could later stand for different data and
serve a page cached inside the rolled-back transaction (tests roll back after every test,
production can too). A fresh random 63-bit value on every write is never reused.

The triggers are (re)installed after every ``migrate`` (``post_migrate``, idempotent):
SQLite drops a table's triggers when Django's schema editor rebuilds the table for a later
migration, and this puts them back. ``tests/test_freshness.py`` (in this app) checks
every watched table.
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from django.db import connection as default_connection

from koers.organisations.models import Organisation
from koers.regions.models import Municipality, Region

VERSION_TABLE = "directory_directoryversion"  # spelled out in the trigger bodies below
VERSION_ROW = 1


def watched_tables() -> list[str]:
    """Every table whose rows appear in (or decide) a search result."""
    from .models import (
        ContactPoint,
        Location,
        OpeningHours,
        Service,
        ServiceAtLocation,
        ServiceAttribute,
        ServiceLanguage,
    )

    models = [
        Service,
        Service.regions.through,
        ServiceAttribute,
        ContactPoint,
        ServiceLanguage,
        OpeningHours,
        Location,
        ServiceAtLocation,
        Organisation,
        Region,
        Municipality,  # the typed town's region
    ]
    return [model._meta.db_table for model in models]


# The SQL below is built only from this module's constants and the models' table names,
# never from input, hence the ``noqa: S608``.


def _sqlite_statements(tables: list[str]) -> list[str]:
    bump = (
        "INSERT INTO directory_directoryversion (id, token) VALUES (1, random()) "
        "ON CONFLICT(id) DO UPDATE SET token = excluded.token;"
    )
    statements = []
    for table in tables:
        for event in ("INSERT", "UPDATE", "DELETE"):
            name = f"{table}_{event.lower()}_bumps_directory"
            statements.append(
                f'CREATE TRIGGER IF NOT EXISTS "{name}" AFTER {event} ON "{table}" '
                f"FOR EACH ROW BEGIN {bump} END"
            )
    return statements


def _postgresql_statements(tables: list[str]) -> list[str]:
    statements = [
        "CREATE OR REPLACE FUNCTION directory_bump_version() RETURNS trigger AS $$ BEGIN "
        "INSERT INTO directory_directoryversion (id, token) "
        "VALUES (1, floor(random() * 9007199254740991)::bigint) "
        "ON CONFLICT (id) DO UPDATE SET token = excluded.token; "
        "RETURN NULL; END $$ LANGUAGE plpgsql"
    ]
    for table in tables:
        name = f"{table}_bumps_directory"
        statements.append(f'DROP TRIGGER IF EXISTS "{name}" ON "{table}"')
        statements.append(
            f'CREATE TRIGGER "{name}" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE '
            f'ON "{table}" FOR EACH STATEMENT EXECUTE FUNCTION directory_bump_version()'
        )
    return statements


def install_triggers(connection=None) -> bool:
    """Create the version row and the triggers if they are missing. Idempotent; returns
    False when the tables do not exist (yet), e.g. while migrating backwards."""
    connection = connection or default_connection
    tables = watched_tables()
    existing = set(connection.introspection.table_names())
    if VERSION_TABLE not in existing or not set(tables) <= existing:
        return False
    if connection.vendor == "sqlite":
        statements = _sqlite_statements(tables)
    elif connection.vendor == "postgresql":
        statements = _postgresql_statements(tables)
    else:  # pragma: no cover - Koers supports SQLite and PostgreSQL only
        raise NotImplementedError(f"directory version triggers for {connection.vendor}")
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    bump(connection)
    return True


def bump(connection=None) -> None:
    """A new version now (the triggers do this by themselves; for set-up and tests)."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        token = secrets.randbits(62)
        cursor.execute(
            f"UPDATE {VERSION_TABLE} SET token = %s WHERE id = %s",  # noqa: S608
            [token, VERSION_ROW],
        )
        if cursor.rowcount == 0:
            cursor.execute(
                f"INSERT INTO {VERSION_TABLE} (id, token) VALUES (%s, %s)",  # noqa: S608
                [VERSION_ROW, token],
            )


def current_version(connection=None) -> int | None:
    """The directory's version now, or ``None`` when it is unknown (then do not cache)."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT token FROM {VERSION_TABLE} WHERE id = %s",  # noqa: S608
            [VERSION_ROW],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def install_after_migrate(sender, using: str = "default", **kwargs) -> None:
    """``post_migrate`` receiver: put back triggers a table rebuild may have dropped."""
    from django.db import connections

    install_triggers(connections[using])


_release: str | None = None


def release() -> str:
    """A fingerprint of what renders a search page besides the data (this app's code and
    templates, the compiled translations, the town aliases), so a cache shared between
    processes never serves a page rendered by the previous deployment."""
    global _release
    if _release is None:
        root = Path(__file__).resolve().parent
        files = sorted(root.rglob("*.py")) + sorted(root.rglob("*.html"))
        files += sorted(root.parent.glob("locale/*/LC_MESSAGES/*.mo"))
        files += sorted(root.parent.glob("regions/data/*.csv"))
        digest = hashlib.sha1(usedforsecurity=False)
        for path in files:
            try:
                stat = path.stat()
            except OSError:
                continue
            digest.update(f"{path}:{stat.st_mtime_ns}:{stat.st_size};".encode())
        _release = digest.hexdigest()[:12]
    return _release
