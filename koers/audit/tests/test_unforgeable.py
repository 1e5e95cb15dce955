"""The attacker who can write to the database: deletes a "read client" entry and re-seals
the rest (plain SHA-256, or a key of their own), or cuts entries off the end. The keyed
seal and the checkpoints kept outside the database expose every variant."""

import hashlib
import importlib
import io
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from koers.audit import checkpoints
from koers.audit.models import AuditAction, AuditChainHead, AuditEntry
from koers.audit.seal import seal
from koers.audit.services import record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checkpoint_file(settings, tmp_path):
    settings.AUDIT_CHECKPOINT_FILE = tmp_path / "audit" / "checkpoints.jsonl"
    settings.AUDIT_CHECKPOINT_EMAIL = ""
    return settings.AUDIT_CHECKPOINT_FILE


def execute(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            sql.format(
                entries=connection.ops.quote_name(AuditEntry._meta.db_table),
                head=connection.ops.quote_name(AuditChainHead._meta.db_table),
            ),
            params,
        )


def verify(*args: str) -> str:
    out = io.StringIO()
    call_command("verify_audit_chain", *args, stdout=out)
    return out.getvalue()


def checkpoint() -> str:
    out = io.StringIO()
    call_command("audit_checkpoint", stdout=out)
    return out.getvalue()


@pytest.fixture
def reads(users) -> list[AuditEntry]:
    """Ten reads of client files by a professional, the fifth of client 257."""
    actor = users["professional_a"]
    return [
        record(actor, AuditAction.READ, ("trajectories.client", 257 if n == 5 else 100 + n))
        for n in range(1, 11)
    ]


def forge_without(sequence: int, mac) -> None:
    """Delete entry ``sequence``, renumber and re-hash every later entry with ``mac``, and
    move the head row, as an attacker with write access to the database would."""
    execute("DELETE FROM {entries} WHERE sequence = %s", [sequence])
    previous = AuditEntry.objects.get(sequence=sequence - 1).entry_hash
    for entry in AuditEntry.objects.filter(sequence__gt=sequence).order_by("sequence"):
        old_sequence = entry.sequence
        entry.sequence = old_sequence - 1
        entry.previous_hash = previous
        entry.entry_hash = mac(entry.canonical())
        execute(
            "UPDATE {entries} SET sequence = %s, previous_hash = %s, entry_hash = %s "
            "WHERE sequence = %s",
            [entry.sequence, entry.previous_hash, entry.entry_hash, old_sequence],
        )
        previous = entry.entry_hash
    execute("UPDATE {head} SET sequence = sequence - 1, last_hash = %s WHERE id = 1", [previous])


def test_entries_are_sealed_with_the_audit_key_not_plain_sha256(reads):
    entry = reads[0]
    assert entry.entry_hash == seal(entry.canonical())
    assert entry.entry_hash != hashlib.sha256(entry.canonical().encode()).hexdigest()
    assert "intact: 10 entries" in verify()


def test_deleting_a_read_and_rehashing_with_plain_sha256_is_reported(reads):
    assert AuditEntry.objects.get(sequence=5).object_id == "257"
    forge_without(5, lambda text: hashlib.sha256(text.encode()).hexdigest())
    assert not AuditEntry.objects.filter(object_id="257").exists()
    with pytest.raises(CommandError, match=r"broken at entry #5: .*not sealed with the audit key"):
        verify()


def test_deleting_a_read_and_resealing_with_a_wrong_key_is_reported(reads):
    forge_without(5, lambda text: seal(text, "the-attackers-own-key-0123456789abcdef"))
    with pytest.raises(CommandError, match=r"broken at entry #5: .*not sealed with the audit key"):
        verify()


def test_an_attacker_with_the_key_who_cuts_the_end_is_caught_by_the_checkpoint(reads):
    assert "Audit checkpoint #10 written" in checkpoint()
    # Someone who also has the key (an insider on the server) deletes the newest reads and
    # moves the head back: the chain itself is consistent again ...
    execute("DELETE FROM {entries} WHERE sequence > %s", [7])
    last = AuditEntry.objects.get(sequence=7).entry_hash
    execute("UPDATE {head} SET sequence = 7, last_hash = %s WHERE id = 1", [last])
    # ... but the checkpoint outside the database saw ten.
    with pytest.raises(CommandError, match=r"entry #8: .*checkpoint of .* saw #10"):
        verify()
    # And no new checkpoint vouches for the shortened chain.
    with pytest.raises(CommandError, match="No checkpoint written"):
        checkpoint()


def test_an_attacker_with_the_key_who_rewrites_a_checkpointed_entry_is_caught(reads):
    checkpoint()
    forge_without(5, seal)  # re-sealed with the real key: the chain alone looks intact
    with pytest.raises(CommandError, match=r"checkpoint of .* saw #10"):
        verify()


def test_checkpoints_are_appended_signed_and_verified(reads, users, checkpoint_file):
    checkpoint()
    record(users["professional_a"], AuditAction.READ, ("trajectories.client", 300))
    checkpoint()
    lines = checkpoint_file.read_text().splitlines()
    assert [json.loads(line)["sequence"] for line in lines] == [10, 11]
    assert "matching 2 checkpoint(s), the latest #11" in verify()


def test_a_forged_checkpoint_line_is_refused(reads, checkpoint_file):
    checkpoint()
    data = json.loads(checkpoint_file.read_text())
    data["sequence"] = 3
    checkpoint_file.write_text(json.dumps(data) + "\n")
    with pytest.raises(CommandError, match="line 1 of .* not signed"):
        verify()


def test_a_mailed_checkpoint_can_be_checked_against(reads, settings, mailoutbox):
    settings.AUDIT_CHECKPOINT_FILE = None
    settings.AUDIT_CHECKPOINT_EMAIL = "board@example.org"
    checkpoint()
    (mail,) = mailoutbox
    assert mail.to == ["board@example.org"]
    line = next(line for line in mail.body.splitlines() if line.startswith("{"))
    assert "matching 1 checkpoint(s), the latest #10" in verify("--checkpoint", line)
    execute("DELETE FROM {entries} WHERE sequence = %s", [10])
    execute(
        "UPDATE {head} SET sequence = 9, last_hash = %s WHERE id = 1",
        [AuditEntry.objects.get(sequence=9).entry_hash],
    )
    with pytest.raises(CommandError, match="saw #10"):
        verify("--checkpoint", line)


def test_a_rotated_key_keeps_older_entries_verifiable(reads, settings, users):
    settings.AUDIT_KEYS = ["a-brand-new-audit-key-0123456789abcdef", *settings.AUDIT_KEYS]
    newer = record(users["professional_a"], AuditAction.READ, ("trajectories.client", 301))
    assert newer.entry_hash == seal(newer.canonical(), settings.AUDIT_KEYS[0])
    assert "intact: 11 entries" in verify()
    settings.AUDIT_KEYS = settings.AUDIT_KEYS[:1]  # the old key dropped too early
    with pytest.raises(CommandError, match="entry #1: .*not sealed with the audit key"):
        verify()


def test_the_scheduled_jobs_write_a_checkpoint(reads, checkpoint_file):
    call_command("run_scheduled_jobs", stdout=io.StringIO())
    (line,) = checkpoint_file.read_text().splitlines()
    assert checkpoints.parse(line).sequence == 10


def legacy_chain() -> None:
    """Rewrite the log as Koers wrote it before issue 12: plain SHA-256 links."""
    previous = "0" * 64
    for entry in AuditEntry.objects.order_by("sequence"):
        entry.previous_hash = previous
        entry.entry_hash = hashlib.sha256(entry.canonical().encode()).hexdigest()
        execute(
            "UPDATE {entries} SET previous_hash = %s, entry_hash = %s WHERE sequence = %s",
            [entry.previous_hash, entry.entry_hash, entry.sequence],
        )
        previous = entry.entry_hash
    execute("UPDATE {head} SET last_hash = %s WHERE id = 1", [previous])


def test_the_upgrade_reseals_an_intact_legacy_chain(reads):
    from django.apps import apps

    migration = importlib.import_module("koers.audit.migrations.0003_seal_with_audit_key")
    legacy_chain()
    with pytest.raises(CommandError, match="not sealed with the audit key"):
        verify()
    migration.reseal(apps, None)
    assert "intact: 10 entries" in verify()
    assert AuditEntry.objects.get(sequence=5).object_id == "257"  # content unchanged


def test_the_upgrade_stops_on_a_broken_legacy_chain(reads):
    from django.apps import apps

    migration = importlib.import_module("koers.audit.migrations.0003_seal_with_audit_key")
    legacy_chain()
    execute("DELETE FROM {entries} WHERE sequence = %s", [5])
    with pytest.raises(ImproperlyConfigured, match="broken at entry #6"):
        migration.reseal(apps, None)
