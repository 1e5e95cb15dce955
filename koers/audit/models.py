"""The audit log: one append-only chain of entries, each carrying the seal of the previous.

Each entry's ``entry_hash`` is an HMAC-SHA256 (``seal.py``, key ``AUDIT_KEYS``) over its
content and the previous entry's seal. Changing or deleting an entry through the ORM is
refused; changing, removing or inserting one directly in the database breaks the chain,
and recomputing the later seals needs the audit key, which is not in the database. Removing
entries from the end is caught by the signed checkpoints kept outside the database
(``checkpoints.py``). ``manage.py verify_audit_chain`` checks all of it. The detail text
must never contain identifying data: entries name objects by type and id only.
"""

import json

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .seal import seal, sealed_by_a_configured_key

GENESIS_HASH = "0" * 64


class AuditAction(models.TextChoices):
    READ = "read", _("read")
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    EXPORT = "export", _("export")
    LOGIN = "login", _("login")


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit entries cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit entries cannot be deleted.")


class AuditEntry(models.Model):
    sequence = models.PositiveBigIntegerField(unique=True, editable=False)
    at = models.DateTimeField(editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(max_length=150, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    previous_hash = models.CharField(max_length=64, editable=False)
    entry_hash = models.CharField(max_length=64, editable=False, unique=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-sequence"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["organisation", "-sequence"])]

    def __str__(self) -> str:
        return (
            f"#{self.sequence} {self.actor_label} {self.action} {self.object_type}:{self.object_id}"
        )

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries cannot be deleted.")

    def canonical(self) -> str:
        """The entry's content as a stable string; what the hash covers."""
        return json.dumps(
            {
                "sequence": self.sequence,
                "at": self.at.isoformat(),
                "actor": self.actor_id,
                "actor_label": self.actor_label,
                "organisation": self.organisation_id,
                "action": self.action,
                "object_type": self.object_type,
                "object_id": self.object_id,
                "detail": self.detail,
                "previous_hash": self.previous_hash,
            },
            sort_keys=True,
            separators=(",", ":"),
        )

    def compute_hash(self, key: str | None = None) -> str:
        """The entry's seal under ``key`` (default: the newest audit key)."""
        return seal(self.canonical(), key)

    def is_sealed_correctly(self) -> bool:
        """Whether ``entry_hash`` is this content's seal under any configured audit key."""
        return sealed_by_a_configured_key(self.canonical(), self.entry_hash)


class AuditChainHead(models.Model):
    """A single row locked while appending, so concurrent writers extend the chain in turn
    (held for the append's own short transaction only; see ``services``)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    sequence = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    def __str__(self) -> str:
        return f"audit chain head #{self.sequence}"
