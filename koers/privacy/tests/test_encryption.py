"""Encryption at rest, key rotation and keyed hashes, seen from the database and from the
command an operator runs."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from koers.privacy.fields import EncryptedTextField
from koers.privacy.keys import keyed_hash, keyed_hashes_all_keys
from tests.encryption_testapp.models import Secret

OLD_KEY = "yE1bC1z9m4cS0yWmQ8YQ6v1qv3QJ2l2lq1xq8n7o9aA="  # the test settings' key
NEW_KEY = Fernet.generate_key().decode()

NOTE = "Lives above the bakery on Kerkstraat; prefers Signal"
WORK_NAME = "Roxanne"


def raw_rows() -> list[tuple]:
    table = connection.ops.quote_name(Secret._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, note, work_name FROM {table} ORDER BY id")  # noqa: S608
        return cursor.fetchall()


@pytest.fixture
def secrets_in_db(db) -> list[Secret]:
    return [
        Secret.objects.create(label="one", note=NOTE, work_name=WORK_NAME),
        Secret.objects.create(label="two", note="Second note with ümlauts ✓", work_name="Mila"),
        Secret.objects.create(label="empty", note="", work_name=None),
    ]


def test_database_row_holds_no_plaintext(secrets_in_db):
    pk, note, work_name = raw_rows()[0]
    assert NOTE not in note and "bakery" not in note
    assert WORK_NAME not in work_name
    # Fernet tokens, not merely encoded text
    assert note.startswith("gAAAAA") and work_name.startswith("gAAAAA")
    # Empty and NULL stay what they are: nothing to hide
    assert raw_rows()[2][1:] == ("", None)


def test_values_round_trip(secrets_in_db):
    fresh = {secret.label: secret for secret in Secret.objects.all()}
    assert fresh["one"].note == NOTE
    assert fresh["one"].work_name == WORK_NAME
    assert fresh["two"].note == "Second note with ümlauts ✓"
    assert fresh["empty"].note == "" and fresh["empty"].work_name is None


def test_same_value_encrypts_differently_each_time(db):
    """Equal plaintexts must not be recognisable as equal in the database."""
    Secret.objects.create(label="a", note=NOTE)
    Secret.objects.create(label="b", note=NOTE)
    first, second = (row[1] for row in raw_rows())
    assert first != second


def test_encrypted_fields_refuse_indexes():
    with pytest.raises(ImproperlyConfigured):
        EncryptedTextField(unique=True)


def test_reencrypt_fields_rotates_every_token_to_the_new_key(secrets_in_db):
    before = raw_rows()
    out = io.StringIO()
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        call_command("reencrypt_fields", stdout=out)
    assert "encryption_testapp.Secret: 3 rows re-encrypted" in out.getvalue()
    after = raw_rows()
    for old_row, new_row in zip(before[:2], after[:2], strict=True):
        assert old_row[1] != new_row[1] and old_row[2] != new_row[2]
    # The empty/NULL row is left alone.
    assert after[2][1:] == ("", None)
    # Every token now opens with the new key alone …
    new_only = Fernet(NEW_KEY)
    for _pk, note, work_name in after[:2]:
        new_only.decrypt(note.encode())
        new_only.decrypt(work_name.encode())
    # … and so do the model values, with only the new key configured.
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        values = sorted((s.label, s.note, s.work_name) for s in Secret.objects.all())
    assert values == [
        ("empty", "", None),
        ("one", NOTE, WORK_NAME),
        ("two", "Second note with ümlauts ✓", "Mila"),
    ]


def test_new_values_use_the_newest_key(db):
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        Secret.objects.create(label="new", note=NOTE)
    Fernet(NEW_KEY).decrypt(raw_rows()[0][1].encode())


def test_value_no_key_can_decrypt_raises_error_naming_the_setting(secrets_in_db):
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]),
        pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS"),
    ):
        Secret.objects.get(label="one")


def test_reencrypt_without_the_old_key_fails_clearly_and_changes_nothing(secrets_in_db):
    before = raw_rows()
    with (
        override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY]),
        pytest.raises(CommandError, match="FIELD_ENCRYPTION_KEYS"),
    ):
        call_command("reencrypt_fields", stdout=io.StringIO())
    assert raw_rows() == before
    assert Secret.objects.get(label="one").note == NOTE


@override_settings(
    HMAC_KEYS=["first-hmac-key-0123456789abcdefghij", "older-hmac-key-0123456789abcdefg"]
)
def test_keyed_hash_is_stable_per_key_and_differs_between_keys():
    assert keyed_hash("+31612345678") == keyed_hash("+31612345678")
    assert keyed_hash("+31612345678") != keyed_hash("+31612345679")
    assert keyed_hash("+31612345678") == keyed_hash(
        "+31612345678", "first-hmac-key-0123456789abcdefghij"
    )
    assert keyed_hash("+31612345678", "older-hmac-key-0123456789abcdefg") != keyed_hash(
        "+31612345678"
    )
    assert "+31612345678" not in keyed_hash("+31612345678")
    assert keyed_hashes_all_keys("x") == [
        keyed_hash("x", "first-hmac-key-0123456789abcdefghij"),
        keyed_hash("x", "older-hmac-key-0123456789abcdefg"),
    ]


@pytest.mark.django_db
def test_filtering_on_an_encrypted_value_is_refused_instead_of_matching_nothing():
    Secret.objects.create(label="a", note="Lola", work_name="Lola")
    Secret.objects.create(label="b", note="", work_name=None)
    for attempt in (
        {"work_name": "Lola"},
        {"note__icontains": "lol"},
        {"work_name__in": ["Lola"]},
        {"note__startswith": "L"},
    ):
        with pytest.raises(FieldError, match="encrypted"):
            list(Secret.objects.filter(**attempt))
    assert [s.label for s in Secret.objects.filter(note="")] == ["b"]
    assert [s.label for s in Secret.objects.exclude(note="")] == ["a"]
    assert [s.label for s in Secret.objects.filter(work_name__isnull=True)] == ["b"]
    assert [s.label for s in Secret.objects.filter(note__in=["", None])] == ["b"]


def test_reencryption_in_small_batches_reaches_every_row(db):
    from koers.privacy.services import reencrypt_all

    for i in range(7):
        Secret.objects.create(label=f"row {i}", note=f"note {i}", work_name=f"name {i}")
    with override_settings(FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        counts = reencrypt_all(batch_size=2)
    assert counts["encryption_testapp.Secret"] == 7
    new_only = Fernet(NEW_KEY)
    for _pk, note, work_name in raw_rows():
        new_only.decrypt(note.encode())
        new_only.decrypt(work_name.encode())
