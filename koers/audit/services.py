"""Writing to the audit log. Views call ``log_read`` for every read of a client-sensitive
object and ``record`` for every other sensitive action; both append to the hash chain."""

from typing import Any

from django.db import models, transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import AuditAction, AuditChainHead, AuditEntry


def _object_ref(obj: Any) -> tuple[str, str]:
    if isinstance(obj, models.Model):
        return obj._meta.label_lower, str(obj.pk)
    if isinstance(obj, tuple):
        return str(obj[0]), str(obj[1])
    return str(obj), ""


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
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(id=1)
        entry = AuditEntry(
            sequence=head.sequence + 1,
            at=timezone.now(),
            actor=actor_obj,
            actor_label=actor_obj.get_username() if actor_obj else "anonymous",
            organisation=organisation,
            action=action,
            object_type=object_type,
            object_id=object_id,
            detail=detail[:200],
            previous_hash=head.last_hash,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save()
        head.sequence = entry.sequence
        head.last_hash = entry.entry_hash
        head.save(update_fields=["sequence", "last_hash"])
    return entry


def log_read(request: HttpRequest, obj: Any, *, organisation: Any = None, detail: str = "") -> Any:
    """Record that ``request.user`` read ``obj`` and return ``obj``, so a view can write
    ``client = log_read(request, get_client(...))``."""
    record(request.user, AuditAction.READ, obj, organisation=organisation, detail=detail)
    return obj
