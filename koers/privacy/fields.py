"""Model fields that keep identifying data encrypted at rest.

Written here (about fifty lines) instead of using a package because the maintained options
either derive their keys from ``SECRET_KEY`` (so rotating one rotates the other) or do not
support a list of keys with rotation; ``cryptography``'s ``MultiFernet`` gives us exactly
that. Values are stored as Fernet tokens (authenticated AES-128-CBC + HMAC-SHA256); the
database never sees the plaintext. Encrypted fields cannot be filtered or ordered on: use a
keyed hash (``koers.privacy.keys.keyed_hash``) next to it when matching is needed. A filter
that could only ever match nothing (``work_name="Lola"``, ``note__contains=…``) raises
``FieldError`` instead of silently returning no rows; only "is it empty" questions
(``field=""``, ``field__isnull``, ``field__in=["", None]``) are allowed.
"""

from typing import Any

from cryptography.fernet import InvalidToken
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models
from django.db.models.lookups import Exact, In, IsNull

from .keys import field_cipher

EMPTY_VALUES = ("", None)


def _refuse(field: models.Field, what: str) -> FieldError:
    return FieldError(
        f"{field.model._meta.label}.{field.name} is encrypted: {what} would match nothing. "
        "Match on a keyed hash (koers.privacy.keys.keyed_hash) instead."
    )


class EmptyOnlyExact(Exact):
    """``field=""`` works (empty strings are stored as-is); any other value cannot match."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in EMPTY_VALUES and not hasattr(self.rhs, "resolve_expression"):
            raise _refuse(self.lhs.output_field, f"filtering on {self.rhs!r}")
        return super().get_prep_lookup()


class EmptyOnlyIn(In):
    def get_prep_lookup(self) -> Any:
        if any(value not in EMPTY_VALUES for value in self.rhs):
            raise _refuse(self.lhs.output_field, "filtering on non-empty values")
        return super().get_prep_lookup()


ALLOWED_LOOKUPS = {"exact": EmptyOnlyExact, "in": EmptyOnlyIn, "isnull": IsNull}


class EncryptedTextField(models.TextField):
    """A text field whose value is encrypted with the newest ``FIELD_ENCRYPTION_KEYS`` key.

    The empty string is stored as-is (there is nothing to hide, and it keeps optional fields
    cheap); ``None`` stays ``NULL``.
    """

    description = "Text encrypted at rest"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("db_index") or kwargs.get("unique") or kwargs.get("primary_key"):
            raise ImproperlyConfigured("Encrypted fields cannot be indexed or unique.")
        super().__init__(*args, **kwargs)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name in ALLOWED_LOOKUPS:
            return ALLOWED_LOOKUPS[lookup_name]
        raise _refuse(self, f"the lookup {lookup_name!r}")

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return field_cipher().encrypt(str(value).encode()).decode()

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        try:
            return field_cipher().decrypt(value.encode()).decode()
        except InvalidToken as exc:
            raise ImproperlyConfigured(
                f"A value in {self.model._meta.label}.{self.name} cannot be decrypted with "
                "any key in FIELD_ENCRYPTION_KEYS; was a key removed before re-encryption?"
            ) from exc


class EncryptedCharField(EncryptedTextField):
    """Short encrypted text; ``max_length`` limits the plaintext in forms, not the token."""

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        defaults: dict[str, Any] = {"form_class": forms.CharField, "max_length": self.max_length}
        defaults.update(kwargs)
        return models.Field.formfield(self, **defaults)
