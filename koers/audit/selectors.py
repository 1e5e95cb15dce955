"""Reading the audit log: an organisation's entries and chain verification."""

from dataclasses import dataclass

from django.db.models import QuerySet

from .models import GENESIS_HASH, AuditEntry


def entries_for_organisation(organisation) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(organisation=organisation).select_related("actor")


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None
    reason: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Walk the whole chain in order; report the first entry whose link or hash is wrong."""
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    checked = 0
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=batch_size):
        if entry.sequence != expected_sequence:
            return ChainReport(checked, entry.sequence, "an entry is missing before this one")
        if entry.previous_hash != expected_previous:
            return ChainReport(checked, entry.sequence, "link to the previous entry is broken")
        if entry.compute_hash() != entry.entry_hash:
            return ChainReport(checked, entry.sequence, "entry content was changed")
        expected_previous = entry.entry_hash
        expected_sequence += 1
        checked += 1
    return ChainReport(checked, None)
