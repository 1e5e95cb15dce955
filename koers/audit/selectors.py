"""Reading the audit log: an organisation's entries and chain verification."""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import QuerySet

from .checkpoints import Checkpoint
from .models import GENESIS_HASH, AuditChainHead, AuditEntry


def entries_for_organisation(organisation) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(organisation=organisation).select_related("actor")


def object_type_label(object_type: str) -> str:
    """What a coordinator reads for ``"trajectories.client"``: the model's translated name
    ("cliënt"). A type that names no model (``record`` also accepts free type names) is shown
    as stored."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return object_type
    return str(model._meta.verbose_name)


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None
    reason: str = ""
    checkpoints: int = 0

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain(
    batch_size: int = 2000,
    checkpoints: list[Checkpoint] | None = None,
    since: Checkpoint | None = None,
) -> ChainReport:
    """Walk the chain in order; report the first entry whose link or seal is wrong, or the
    first checkpoint the chain no longer matches.

    Each entry must carry the previous entry's seal and its own content's HMAC under a
    configured audit key: an entry deleted, inserted or changed breaks the chain, and
    re-sealing the rest needs the key. The walk alone cannot see entries removed from the
    *end*; the head row (which ``record`` moves with every entry) and the ``checkpoints``
    kept outside the database catch that. ``since``: start at that checkpoint's entry
    instead of the first (what ``audit_checkpoint`` does before writing the next one).
    """
    checkpoints = sorted(checkpoints or [], key=lambda checkpoint: checkpoint.sequence)
    expected = {checkpoint.sequence: checkpoint for checkpoint in checkpoints}
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    entries = AuditEntry.objects.order_by("sequence")
    if since is not None and since.sequence > 0:
        anchor = AuditEntry.objects.filter(sequence=since.sequence).first()
        if anchor is None or anchor.entry_hash != since.head:
            reason = f"entry #{since.sequence} differs from the checkpoint of {since.at}"
            return ChainReport(0, since.sequence, reason)
        expected_previous, expected_sequence = anchor.entry_hash, since.sequence + 1
        entries = entries.filter(sequence__gt=since.sequence)
    checked = expected_sequence - 1
    for entry in entries.iterator(chunk_size=batch_size):
        if entry.sequence != expected_sequence:
            return ChainReport(
                checked,
                expected_sequence,
                f"this entry is missing (the next one found is #{entry.sequence})",
            )
        if entry.previous_hash != expected_previous:
            return ChainReport(checked, entry.sequence, "link to the previous entry is broken")
        if not entry.is_sealed_correctly():
            return ChainReport(
                checked,
                entry.sequence,
                "entry content was changed or it was not sealed with the audit key",
            )
        checkpoint = expected.get(entry.sequence)
        if checkpoint is not None and checkpoint.head != entry.entry_hash:
            return ChainReport(
                checked,
                entry.sequence,
                f"the entry differs from the one the checkpoint of {checkpoint.at} saw",
            )
        expected_previous = entry.entry_hash
        expected_sequence += 1
        checked += 1
    beyond = [checkpoint for checkpoint in checkpoints if checkpoint.sequence > checked]
    if beyond:
        latest = beyond[-1]
        return ChainReport(
            checked,
            checked + 1,
            f"the chain ends at entry #{checked} but the checkpoint of {latest.at} saw "
            f"#{latest.sequence} (entries at the end were removed)",
        )
    head = AuditChainHead.objects.filter(id=1).first()
    head_sequence = head.sequence if head else 0
    head_hash = head.last_hash if head else GENESIS_HASH
    if head_sequence < checked:
        return ChainReport(
            head_sequence,
            head_sequence + 1,
            f"entries after #{head_sequence} were added outside Koers",
        )
    if head_sequence > checked:
        return ChainReport(
            checked,
            checked + 1,
            f"the chain ends at entry #{checked} but entry #{head_sequence} was written "
            "(entries at the end were removed)",
        )
    if head_hash != expected_previous:
        return ChainReport(checked, checked, "the last entry differs from the one written")
    return ChainReport(checked, None, checkpoints=len(checkpoints))
