"""Writes that concern key material: re-encrypting every encrypted field under the newest key."""

from collections.abc import Iterator

from cryptography.fernet import InvalidToken
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


def reencrypt_all(batch_size: int = 500) -> dict[str, int]:
    """Rotate every stored token to the newest key; returns rows rewritten per model.

    Reads the stored tokens through a plain cursor (so nothing is decoded into model
    instances) and rotates each with MultiFernet, which decrypts with any configured key
    and re-encrypts with the first.
    """
    cipher = field_cipher()
    counts: dict[str, int] = {}
    for model, names in encrypted_fields():
        table = model._meta.db_table
        columns = [model._meta.get_field(name).column for name in names]
        pk_column = model._meta.pk.column
        rewritten = 0
        with transaction.atomic():
            quote = connection.ops.quote_name
            select_sql = "SELECT {pk}, {cols} FROM {table}".format(  # noqa: S608 - names from _meta
                pk=quote(pk_column), cols=", ".join(quote(c) for c in columns), table=quote(table)
            )
            with connection.cursor() as cursor:
                cursor.execute(select_sql)
                rows = cursor.fetchall()
            update_sql = "UPDATE {table} SET {sets} WHERE {pk} = %s".format(  # noqa: S608
                table=quote(table),
                sets=", ".join(f"{quote(c)} = %s" for c in columns),
                pk=quote(pk_column),
            )
            with connection.cursor() as cursor:
                for pk, *tokens in rows:
                    try:
                        rotated = [
                            cipher.rotate(token.encode()).decode() if token else token
                            for token in tokens
                        ]
                    except InvalidToken as exc:
                        # Stop before writing anything for this model: the operator must put
                        # the missing old key back, not lose the value.
                        raise ImproperlyConfigured(
                            f"Row {pk} of {model._meta.label} cannot be decrypted with any key "
                            "in FIELD_ENCRYPTION_KEYS; keep the old key in the list (after the "
                            "new one) until re-encryption has finished."
                        ) from exc
                    cursor.execute(update_sql, [*rotated, pk])
                    rewritten += 1
        counts[model._meta.label] = rewritten
    return counts
