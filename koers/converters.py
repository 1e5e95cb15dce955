"""The ``id`` path converter: Django's ``int`` limited to what a database id can hold.

Django's own ``int`` converter accepts any run of digits, so ``/clients/99999999999999999999999/``
reached the view and the database driver refused the number (SQLite: "Python int too large
to convert to SQLite INTEGER"), which became a 500. ``id`` matches the same ASCII digits but
rejects a value above the largest 64-bit signed integer in ``to_python``; Django then treats
the route as not matching and answers with the 404 page, as for any unknown id.

Registered once in ``koers/urls.py`` (before any app's URLconf is included), so every app
writes ``<id:pk>`` for its ids; ``tests/test_crafted_input.py`` walks every route with such
values and fails on a 500.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import register_converter
from django.urls.converters import get_converters

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            raise ValueError("id out of range")
        return number

    def to_url(self, value: int | str) -> str:
        return str(int(value))


def parse_id(value: object) -> int | None:
    """A query parameter as a database id, or None when it is not one: only ASCII digits
    (``str.isdigit`` also accepts "²" and "٣"), at most ``MAX_ID``. For views that read an
    optional id from the query string and must not turn a crafted value into a 500."""
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    number = int(value)
    return number if number <= MAX_ID else None


def register() -> None:
    """Register ``id`` (idempotent: URLconfs may be imported by several roots, and Django
    deprecates registering a name twice)."""
    if "id" not in get_converters():
        register_converter(IdConverter, "id")


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """``ModelMultipleChoiceField`` that refuses a value no id can hold before the query.

    Django checks each value with ``pk=value`` (safe: out-of-range lookups find nothing) but
    then runs ``pk__in=[…]``, which SQLite's driver refuses for numbers beyond 64 bits
    (``OverflowError``, a 500). Here such a value is an invalid choice, as any unknown id.
    """

    def _check_values(self, value):
        for item in value if isinstance(value, list | tuple) else [value]:
            if parse_id(str(item)) is None:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super()._check_values(value)
