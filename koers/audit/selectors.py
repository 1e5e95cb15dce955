"""Reading the audit log: an organisation's entries and chain verification."""

from dataclasses import dataclass

from django.apps import apps
from django.db.models import QuerySet

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

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Walk the whole chain in order; report the first entry whose link or hash is wrong.

    The walk alone cannot see entries removed from the *end* of the chain, so the last entry
    is finally compared with ``AuditChainHead``, which ``record`` updates with every entry.
    (Someone who can edit both the entries and the head can still truncate the log; copy the
    head's hash elsewhere, e.g. into the backup log, to catch that too.)
    """
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=batch_size):
        if entry.sequence != expected_sequence:
            return ChainReport(
                checked,
                expected_sequence,
                f"this entry is missing (the next one found is #{entry.sequence})",
            )
        if entry.previous_hash != expected_previous:
            return ChainReport(checked, entry.sequence, "link to the previous entry is broken")
        if entry.compute_hash() != entry.entry_hash:
            return ChainReport(checked, entry.sequence, "entry content was changed")
        expected_previous = entry.entry_hash
        expected_sequence += 1
        checked += 1
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
    return ChainReport(checked, None)
