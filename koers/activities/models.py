"""An activity and the registrations for it. A registration holds a work name and one way to
reach the person, both encrypted, and is deleted after the activity; the activity keeps
the number registered and the number who came."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from koers.directory.vocabulary import SpokenLanguage
from koers.organisations.models import Organisation
from koers.privacy.fields import EncryptedCharField
from koers.regions.models import Region

from .vocabulary import CONTENT_LANGUAGES, ActivityKind, ForWhom, ReminderChannel


class Activity(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    title_nl = models.CharField(_("title (Dutch)"), max_length=120)
    title_en = models.CharField(_("title (English)"), max_length=120, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=120, blank=True)
    title_ro = models.CharField(_("title (Romanian)"), max_length=120, blank=True)
    description_nl = models.TextField(_("description (Dutch)"), max_length=2000, blank=True)
    description_en = models.TextField(_("description (English)"), max_length=2000, blank=True)
    description_es = models.TextField(_("description (Spanish)"), max_length=2000, blank=True)
    description_ro = models.TextField(_("description (Romanian)"), max_length=2000, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, verbose_name=_("region"))
    online = models.BooleanField(_("online"), default=False)
    place = models.CharField(_("place or link"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    weekly = models.BooleanField(_("every week"), default=False)
    language = models.CharField(
        _("language"), max_length=2, choices=SpokenLanguage.choices, default="nl"
    )
    for_whom = models.CharField(
        _("for whom"), max_length=16, choices=ForWhom.choices, default=ForWhom.EVERYONE
    )
    registration_needed = models.BooleanField(_("registration needed"), default=False)
    capacity = models.PositiveSmallIntegerField(_("places"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    registered_count = models.PositiveSmallIntegerField(_("registered"), default=0)
    attendance = models.PositiveSmallIntegerField(_("came"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["starts_at"]
        constraints = [
            # A weekly activity (walk-in hours) is one people just come to: registrations
            # belong to one date, and their deletion after it.
            models.CheckConstraint(
                condition=~(Q(weekly=True) & Q(registration_needed=True)),
                name="activities_weekly_without_registration",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="activities_capacity_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title_nl

    def _text(self, field: str) -> str:
        language = (get_language() or "nl")[:2]
        if language in CONTENT_LANGUAGES:
            value: str = getattr(self, f"{field}_{language}")
            if value:
                return value
        fallback: str = getattr(self, f"{field}_nl")
        return fallback

    @property
    def title(self) -> str:
        return self._text("title")

    @property
    def description(self) -> str:
        return self._text("description")

    def next_start(self, now: datetime | None = None) -> datetime:
        """The next time it starts (a weekly activity: the next week's), or its only start."""
        now = now or timezone.now()
        if not self.weekly or self.starts_at >= now:
            return self.starts_at
        weeks = (now - self.starts_at).days // 7 + 1
        return self.starts_at + timedelta(weeks=weeks)

    @property
    def ends_at(self) -> datetime:
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Registration(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="registrations")
    work_name = EncryptedCharField(_("work name"), max_length=80)
    channel = models.CharField(_("channel"), max_length=4, choices=ReminderChannel.choices)
    address = EncryptedCharField(_("number or address"), max_length=200)
    language = models.CharField(_("language"), max_length=8, default="nl")
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"registration {self.pk}"
