"""In-app notices for staff: "a file was handed over to you", with a link, never a name.

A notice says only what kind of thing happened and where to look (a path inside Koers).
It holds no client name, message or detail, so the list, the count in the menu and the
daily mail digest (counts only) reveal nothing to someone looking over a shoulder or into a
mailbox. Domain apps create notices through :mod:`koers.notifications.inbox`; this core app
never imports them.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    REQUEST_ASSIGNED = "request_assigned", _("A contact request was assigned to you")
    HANDOVER = "handover", _("A file was handed over to you")
    REFERRAL = "referral", _("A referral changed status")
    OVERDUE = "overdue", _("A planned contact is overdue")


class Notice(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    link = models.CharField(max_length=200)
    # Makes a notice idempotent ("overdue:12:2026-12-01" is created once); empty for others.
    key = models.CharField(max_length=80, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~models.Q(key=""), name="notice_key_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user_id}"


class DigestChoice(models.Model):
    """Whether a worker wants the daily mail digest (counts and a link only)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_digest"
    )
    daily = models.BooleanField(_("send me a daily mail with the counts"), default=False)
    last_sent_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"digest for {self.user_id}: {self.daily}"
