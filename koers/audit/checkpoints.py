"""Checkpoints: the chain's head, signed and kept outside the database.

The sealed chain shows any change in the middle, but someone who can write to the database
*and* knows the audit key (or who simply deletes the newest entries and moves the head
row back) can still cut entries off the end. A checkpoint — "at time T the chain had N
entries ending in seal H", signed with the audit key — written where the database cannot
reach it closes that gap: ``verify_audit_chain`` compares the chain with every checkpoint
and reports entries that a checkpoint saw but the database no longer has.

Where checkpoints go (``manage.py audit_checkpoint``, run hourly by ``run_scheduled_jobs``):

- ``AUDIT_CHECKPOINT_FILE`` (default ``KOERS_VAR_DIR/audit/checkpoints.jsonl``): one JSON
  line per checkpoint, opened in append mode only. Put it on storage the database's owner
  cannot rewrite (another host's mount, ``chattr +a``, a log shipper), or
- ``AUDIT_CHECKPOINT_EMAIL``: the same line mailed to an address outside Koers (a mailbox
  the board or the privacy officer keeps); ``verify_audit_chain --checkpoint 'LINE'``
  checks against a mailed line.

A new checkpoint is written only after the chain since the previous one verifies, so a
checkpoint never vouches for a chain that was already broken.
"""

import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from .models import GENESIS_HASH, AuditEntry
from .seal import audit_keys, key_fingerprint, seal, sealed_by_a_configured_key


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    head: str
    at: str
    key: str = ""
    signature: str = ""

    def message(self) -> str:
        return f"koers-audit-checkpoint|{self.sequence}|{self.head}|{self.at}"

    def is_signed(self) -> bool:
        return sealed_by_a_configured_key(self.message(), self.signature)

    def line(self) -> str:
        return json.dumps(
            {
                "sequence": self.sequence,
                "head": self.head,
                "at": self.at,
                "key": self.key,
                "signature": self.signature,
            },
            sort_keys=True,
        )


class CheckpointError(Exception):
    """A checkpoint line that cannot be read or is not signed by a configured audit key."""


def parse(line: str, where: str = "checkpoint") -> Checkpoint:
    try:
        data = json.loads(line)
        checkpoint = Checkpoint(
            sequence=int(data["sequence"]),
            head=str(data["head"]),
            at=str(data["at"]),
            key=str(data.get("key", "")),
            signature=str(data["signature"]),
        )
    except (ValueError, KeyError, TypeError) as exc:
        raise CheckpointError(f"{where} cannot be read") from exc
    if not checkpoint.is_signed():
        raise CheckpointError(f"{where} is not signed by a configured audit key")
    return checkpoint


def read_file(path: Path | None = None) -> list[Checkpoint]:
    """Every checkpoint in the file (none when it does not exist yet), oldest first.
    Raises ``CheckpointError`` naming the line that was tampered with."""
    configured = path or settings.AUDIT_CHECKPOINT_FILE
    if configured is None or not Path(configured).exists():
        return []
    path = Path(configured)
    checkpoints = []
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if line.strip():
            checkpoints.append(parse(line, f"line {number} of {path}"))
    return checkpoints


def current() -> Checkpoint:
    """A signed checkpoint of the chain as it stands now."""
    last = AuditEntry.objects.order_by("-sequence").values_list("sequence", "entry_hash").first()
    sequence, head_hash = last if last else (0, GENESIS_HASH)
    key = audit_keys()[0]
    at = timezone.now().isoformat()
    unsigned = Checkpoint(sequence, head_hash, at)
    return Checkpoint(sequence, head_hash, at, key_fingerprint(key), seal(unsigned.message(), key))


def write(checkpoint: Checkpoint) -> list[str]:
    """Append ``checkpoint`` to the file and/or mail it; returns where it went."""
    destinations = []
    path = settings.AUDIT_CHECKPOINT_FILE
    if path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_APPEND: every write lands at the end, never over an earlier line.
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        with os.fdopen(descriptor, "a") as handle:
            handle.write(checkpoint.line() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        destinations.append(str(path))
    address = settings.AUDIT_CHECKPOINT_EMAIL
    if address:
        send_mail(
            f"Koers audit checkpoint #{checkpoint.sequence}",
            "Keep this line; `manage.py verify_audit_chain --checkpoint '<line>'` checks the "
            f"audit log against it.\n\n{checkpoint.line()}\n",
            None,
            [address],
        )
        destinations.append(address)
    return destinations
