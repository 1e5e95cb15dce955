"""Writes that concern key material: re-encrypting every encrypted field under the newest key."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cryptography.fernet import InvalidToken, MultiFernet
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, models, transaction

from .fields import EncryptedTextField
from .keys import field_cipher


def encrypted_fields() -> Iterator[tuple[type[models.Model], list[str]]]:
    """Every concrete model with its encrypted field names."""
    for model in apps.get_models():
        names = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)
        ]
        if names:
            yield model, names


def _column(field: models.Field[Any, Any] | None) -> str:
    """The column of a concrete field (the type allows none: m2m fields have no column)."""
    assert field is not None and field.column is not None
    return field.column


def reencrypt_all(batch_size: int = 500) -> dict[str, int]:
    """Rotate every stored token to the newest key; returns rows rewritten per model.

    Reads the stored tokens through a plain cursor (so nothing is decoded into model
    instances), ``batch_size`` rows at a time in primary-key order (so memory stays flat
    however large the table), and rotates each with MultiFernet, which decrypts with any
    configured key and re-encrypts with the first. Each model is one transaction: a token
    no key can read rolls that model back untouched.
    """
    cipher = field_cipher()
    counts: dict[str, int] = {}
    quote = connection.ops.quote_name
    for model, names in encrypted_fields():
        table = quote(model._meta.db_table)
        fields = {field.name: field for field in model._meta.concrete_fields}
        columns = [quote(_column(fields[name])) for name in names]
        pk = quote(_column(model._meta.pk))
        select_sql = (
            f"SELECT {pk}, {', '.join(columns)} FROM {table} "  # noqa: S608 - names from _meta
            f"WHERE {pk} > %s ORDER BY {pk} LIMIT %s"
        )
        update_sql = (
            f"UPDATE {table} SET {', '.join(f'{c} = %s' for c in columns)} "  # noqa: S608
            f"WHERE {pk} = %s"
        )
        rewritten = 0
        with transaction.atomic(), connection.cursor() as cursor:
            last = None
            while True:
                if last is None:
                    cursor.execute(
                        f"SELECT {pk}, {', '.join(columns)} FROM {table} "  # noqa: S608
                        f"ORDER BY {pk} LIMIT %s",
                        [batch_size],
                    )
                else:
                    cursor.execute(select_sql, [last, batch_size])
                rows = cursor.fetchall()
                if not rows:
                    break
                updates = [
                    [*_rotated(cipher, model, row_pk, tokens), row_pk] for row_pk, *tokens in rows
                ]
                cursor.executemany(update_sql, updates)
                rewritten += len(rows)
                last = rows[-1][0]
        counts[model._meta.label] = rewritten
    return counts


def _rotated(
    cipher: MultiFernet, model: type[models.Model], pk: object, tokens: list[str | None]
) -> list[str | None]:
    try:
        return [cipher.rotate(token.encode()).decode() if token else token for token in tokens]
    except InvalidToken as exc:
        # Stop before committing anything for this model: the operator must put the
        # missing old key back, not lose the value.
        raise ImproperlyConfigured(
            f"Row {pk} of {model._meta.label} cannot be decrypted with any key "
            "in FIELD_ENCRYPTION_KEYS; keep the old key in the list (after the "
            "new one) until re-encryption has finished."
        ) from exc
