"""Contact requests from anonymous visitors, and the confidential adviser's register.

A request is encrypted where it identifies (work name, number or address, message, shared
self-check answers). The reference code the person gets is never stored: only a keyed hash
(``reference_hash``) to look it up, and a keyed hash of the form's idempotency token so a
double submit finds the first request. Closed and withdrawn requests are deleted after
``CONTACT_REQUEST_RETENTION_DAYS`` (``manage.py purge_contact_requests``); their counts move
to :class:`ContactRequestTally` so monitoring keeps them.
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.privacy.fields import EncryptedCharField, EncryptedTextField

from .vocabulary import (
    AdviserTopic,
    AskerKind,
    Outcome,
    RequestChannel,
    RequestStatus,
    Urgency,
)


class ContactRequest(models.Model):
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="contact_requests",
        verbose_name=_("organisation"),
    )
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    routing_note = models.CharField(_("routing note"), max_length=200, blank=True)
    # Set when the form was opened from an outreach contact card: that it came through
    # outreach, never which card or worker (issue 15).
    via_outreach = models.BooleanField(_("came through outreach"), default=False)
    channel = models.CharField(_("channel"), max_length=10, choices=RequestChannel.choices)
    work_name = EncryptedCharField(_("work name"), max_length=80)
    contact_detail = EncryptedCharField(_("number or address"), max_length=200, blank=True)
    callback_from = models.TimeField(_("call between"), null=True, blank=True)
    callback_until = models.TimeField(_("and"), null=True, blank=True)
    message = EncryptedTextField(_("message"), blank=True)
    language = models.CharField(_("language"), max_length=8, default="nl")
    shared_answers = EncryptedTextField(_("shared self-check answers"), blank=True)
    reference_hash = models.CharField(max_length=64, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.NEW
    )
    urgency = models.CharField(
        _("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.NORMAL
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contact person"),
    )
    first_contact_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    first_contact_note = EncryptedTextField(_("note on the first contact"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)
    client_id_opened = models.PositiveBigIntegerField(
        _("client file opened"), null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        indexes = [models.Index(fields=["organisation", "status"], name="contact_inbox")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status__in=["closed", "withdrawn"])
                | models.Q(closed_at__isnull=False),
                name="contact_closed_has_date",
            )
        ]

    def __str__(self) -> str:
        return f"contact request {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status not in (RequestStatus.CLOSED, RequestStatus.WITHDRAWN)

    def answers_dict(self) -> dict[str, Any] | None:
        if not self.shared_answers:
            return None
        try:
            data = json.loads(self.shared_answers)
        except ValueError:
            return None
        return data if isinstance(data, dict) else None

    def clean(self) -> None:
        if self.callback_from and self.callback_until and self.callback_until <= self.callback_from:
            raise ValidationError({"callback_until": _("The end must be after the start.")})


class RequestNote(models.Model):
    """A note on a contact with the person before there is a file (every first contact).

    Kept per note with its date, so that turning the request into a file carries each one
    over as a timeline entry instead of only the last."""

    request = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="notes")
    written_at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = EncryptedTextField(_("note on the first contact"))

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"note {self.pk} on request {self.request_id}"


class ContactRequestTally(models.Model):
    """Counts of deleted requests, so monitoring survives the retention period."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    month = models.DateField()
    channel = models.CharField(max_length=10, choices=RequestChannel.choices)
    outcome = models.CharField(max_length=14, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "region", "month", "channel", "outcome"],
                name="one_contact_tally_per_cell",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.channel} {self.outcome or '-'}: {self.count}"


class AdviserRegisterEntry(models.Model):
    """One question to the confidential adviser: who asked and about what. No identities."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisation"),
    )
    request = models.OneToOneField(
        ContactRequest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="register_entry",
    )
    asker = models.CharField(_("who asked"), max_length=14, choices=AskerKind.choices)
    topic = models.CharField(_("topic"), max_length=20, choices=AdviserTopic.choices)
    recorded_on = models.DateField(_("date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        verbose_name = _("register entry")
        verbose_name_plural = _("register entries")

    def __str__(self) -> str:
        return f"{self.recorded_on} {self.asker} {self.topic}"


class RateLimitEvent(models.Model):
    """One attempt from a client address, kept as a keyed hash for at most a day."""

    scope = models.CharField(max_length=20)
    address_hash = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "address_hash", "at"], name="contact_ratelimit")]

    def __str__(self) -> str:
        return f"{self.scope} {self.at:%Y-%m-%d %H:%M}"
