"""One row per message to send; its unique ``key`` makes queueing and sending idempotent."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.privacy.fields import EncryptedCharField, EncryptedTextField


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("waiting to be sent")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed, given up")
    UNCERTAIN = "uncertain", _("uncertain: the sender stopped while sending")


class OutboundMessage(models.Model):
    # Who asked for it and for what, e.g. "safety.warning:12:member:7"; the same key twice
    # is the same message (queued once, sent at most once).
    key = models.CharField(max_length=200, unique=True)
    channel = models.CharField(max_length=10)
    address = EncryptedCharField(max_length=254)
    subject = EncryptedTextField(blank=True)
    body = EncryptedTextField()
    status = models.CharField(
        max_length=10, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")

    def __str__(self) -> str:
        return f"{self.channel} {self.key} ({self.status})"
