"""Writing to the audit log. Views call ``log_read`` for every read of a client-sensitive
object and ``record`` for every other sensitive action; both append to the hash chain.

An append is three hand-written statements (lock the chain head, insert the entry, move
the head) rather than ORM calls: it runs on every page that shows a client, and the ORM's
query building cost more than the rest of the append (see ``_statements``).
"""

from functools import lru_cache
from typing import Any

from django.db import connection, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import AuditAction, AuditChainHead, AuditEntry

HEAD_ID = 1


def _object_ref(obj: Any) -> tuple[str, str]:
    if isinstance(obj, models.Model):
        return obj._meta.label_lower, str(obj.pk)
    if isinstance(obj, tuple):
        return str(obj[0]), str(obj[1])
    return str(obj), ""


@lru_cache(maxsize=1)
def _statements() -> tuple[str, str, str, list, bool]:
    """The three statements of an append, built once per process from the models.

    Why not ``save()``/``get_or_create``: every read of a client file appends an entry, and
    building the same three queries through the ORM each time cost more than the page it
    was logging (about 0.6 ms of the 0.8 ms an append took). The values still go through
    each field's ``get_db_prep_save``, so they are stored exactly as the ORM would store
    them, and ``AuditEntry.save`` still refuses every change of an existing entry.
    """
    quote = connection.ops.quote_name
    head = AuditChainHead._meta
    head_table = quote(head.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    select_head = (
        f"SELECT {quote(head.get_field('sequence').column)}, "  # noqa: S608 - names from models
        f"{quote(head.get_field('last_hash').column)} FROM {head_table} "
        f"WHERE {quote(head.pk.column)} = %s{lock}"
    )
    update_head = (
        f"UPDATE {head_table} SET {quote(head.get_field('sequence').column)} = %s, "  # noqa: S608
        f"{quote(head.get_field('last_hash').column)} = %s WHERE {quote(head.pk.column)} = %s"
    )
    meta = AuditEntry._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key]
    returning = connection.features.can_return_columns_from_insert
    insert = (
        f"INSERT INTO {quote(meta.db_table)} "  # noqa: S608 - names from models
        f"({', '.join(quote(field.column) for field in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
        + (f" RETURNING {quote(meta.pk.column)}" if returning else "")
    )
    return select_head, insert, update_head, fields, returning


def _lock_head() -> tuple[int, str]:
    """The chain head's sequence and hash, locked until the transaction ends (PostgreSQL;
    SQLite has a single writer anyway). Creates the head on the very first append."""
    select_head, *_ = _statements()
    with connection.cursor() as cursor:
        cursor.execute(select_head, [HEAD_ID])
        row = cursor.fetchone()
    if row is None:
        AuditChainHead.objects.get_or_create(id=HEAD_ID)
        head = AuditChainHead.objects.select_for_update().get(id=HEAD_ID)
        return head.sequence, head.last_hash
    return int(row[0]), row[1]


def _append(entry: AuditEntry) -> None:
    """Insert ``entry`` and move the head to it (inside ``record``'s transaction)."""
    _select, insert, update_head, fields, returning = _statements()
    values = [field.get_db_prep_save(getattr(entry, field.attname), connection) for field in fields]
    with connection.cursor() as cursor:
        cursor.execute(insert, values)
        entry.pk = cursor.fetchone()[0] if returning else cursor.lastrowid
        cursor.execute(update_head, [entry.sequence, entry.entry_hash, HEAD_ID])
    entry._state.adding = False
    entry._state.db = connection.alias


def _actor_label(actor: Any) -> str:
    """Staff by user name; a member by id only, since the user name is something they chose
    and must be gone when they delete their account (entries themselves never change)."""
    if actor is None:
        return "anonymous"
    if getattr(actor, "is_member", False):
        return f"member #{actor.pk}"
    return actor.get_username()


def record(
    actor: Any,
    action: str,
    obj: Any,
    *,
    organisation: Any = None,
    detail: str = "",
) -> AuditEntry:
    """Append one entry. ``obj`` is a model instance, a ``(type, id)`` pair or a type name.

    ``organisation`` defaults to the actor's organisation. ``detail`` must not identify a
    client: say what happened ("export as PDF"), never who it was about.
    """
    object_type, object_id = _object_ref(obj)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    # Sex-worker members never belong to an organisation (Membership.clean refuses it), so
    # their entries skip the membership query that finding an organisation costs.
    if (
        organisation is None
        and actor_obj is not None
        and not getattr(actor_obj, "is_member", False)
    ):
        organisation = getattr(actor_obj, "organisation", None)
    # savepoint=False: inside a caller's transaction a failure here aborts the whole
    # transaction anyway (the exception propagates), so a savepoint only costs two extra
    # round trips; outside one this still opens its own transaction.
    with transaction.atomic(savepoint=False):
        sequence, previous_hash = _lock_head()
        entry = AuditEntry(
            sequence=sequence + 1,
            at=timezone.now(),
            actor=actor_obj,
            actor_label=_actor_label(actor_obj),
            organisation=organisation,
            action=action,
            object_type=object_type,
            object_id=object_id,
            detail=detail[:200],
            previous_hash=previous_hash,
        )
        entry.entry_hash = entry.compute_hash()
        _append(entry)
    return entry


def log_read(request: HttpRequest, obj: Any, *, organisation: Any = None, detail: str = "") -> Any:
    """Record that ``request.user`` read ``obj`` and return ``obj``, so a view can write
    ``client = log_read(request, get_client(...))``."""
    record(request.user, AuditAction.READ, obj, organisation=organisation, detail=detail)
    return obj
