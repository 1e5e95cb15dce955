"""Re-seal the entries written before issue 12 (plain SHA-256) with the audit key.

Why a data migration: verification knows only one kind of seal (HMAC under ``AUDIT_KEYS``);
a "legacy" marker per entry would let an attacker mark every entry legacy and re-hash it
with plain SHA-256. So at upgrade the existing chain is checked once with the old rule and,
when intact, every entry's link and seal are recomputed under the newest audit key (the
content of every entry stays as it was). A broken old chain stops the upgrade, naming the
entry: investigate first; to keep going anyway (the break is then no longer visible) set
``AUDIT_ACCEPT_BROKEN_LEGACY_CHAIN=true`` for this one ``migrate`` and note it elsewhere.
"""

import hashlib
import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connection as db_connection
from django.db import migrations

from koers.audit.models import GENESIS_HASH, AuditEntry


def _canonical(row, previous_hash: str) -> str:
    entry = AuditEntry(
        sequence=row.sequence,
        at=row.at,
        actor_id=row.actor_id,
        actor_label=row.actor_label,
        organisation_id=row.organisation_id,
        action=row.action,
        object_type=row.object_type,
        object_id=row.object_id,
        detail=row.detail,
        previous_hash=previous_hash,
    )
    return entry.canonical()


def reseal(apps, schema_editor):
    from koers.audit.seal import seal

    Entry = apps.get_model("audit", "AuditEntry")
    Head = apps.get_model("audit", "AuditChainHead")
    rows = Entry.objects.order_by("sequence")
    if not rows.exists():
        return
    if not getattr(settings, "AUDIT_KEYS", None):
        raise ImproperlyConfigured("AUDIT_KEYS must be set to seal the existing audit log.")
    accept_broken = os.environ.get("AUDIT_ACCEPT_BROKEN_LEGACY_CHAIN", "").lower() == "true"
    key = settings.AUDIT_KEYS[0]
    connection = schema_editor.connection if schema_editor is not None else db_connection
    updates = []
    old_previous, new_previous, expected = GENESIS_HASH, GENESIS_HASH, 1
    for row in rows.iterator(chunk_size=2000):
        legacy = hashlib.sha256(_canonical(row, row.previous_hash).encode()).hexdigest()
        intact = (
            row.sequence == expected and row.previous_hash == old_previous and legacy == row.entry_hash
        )
        if not intact and not accept_broken:
            raise ImproperlyConfigured(
                f"The existing audit chain is broken at entry #{row.sequence} (checked with the "
                "pre-key rule). Investigate before upgrading; see the migration's docstring."
            )
        old_previous, expected = row.entry_hash, row.sequence + 1
        new_hash = seal(_canonical(row, new_previous), key)
        updates.append((new_previous, new_hash, row.pk))
        new_previous = new_hash
    # Raw statements: the model's manager refuses every update of an audit entry.
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {quote(Entry._meta.db_table)} SET previous_hash = %s, "  # noqa: S608
            "entry_hash = %s WHERE id = %s",
            updates,
        )
        cursor.execute(
            f"UPDATE {quote(Head._meta.db_table)} SET sequence = %s, "  # noqa: S608
            "last_hash = %s WHERE id = 1",
            [expected - 1, new_previous],
        )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_chain_head_row")]
    operations = [migrations.RunPython(reseal, migrations.RunPython.noop)]
