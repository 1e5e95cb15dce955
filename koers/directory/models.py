"""The support directory, modelled on HSDS 3.0 (Open Referral Human Services Data Spec).

HSDS names → Koers models: organization → ``organisations.Organisation``; service →
:class:`Service`; location → :class:`Location`; service_at_location →
:class:`ServiceAtLocation`; phone/contact → :class:`ContactPoint` (one per channel);
language → :class:`ServiceLanguage`; schedule → :class:`OpeningHours`; service_area →
``Service.regions`` + ``Service.is_national``; taxonomy/taxonomy_term → the vocabularies in
:mod:`koers.directory.vocabulary`; attribute → :class:`ServiceAttribute` plus the yes/no
columns on :class:`Service` (kept as columns because search filters on them constantly).

Texts a visitor reads are stored per content language (``name_nl`` … ``description_ro``).
"""

import uuid
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .vocabulary import (
    CONTENT_LANGUAGES,
    ContactChannel,
    Cost,
    LifeDomain,
    ServiceScope,
    SpokenLanguage,
    TargetGroup,
)

#: Entries not verified for this long are flagged to the coordinator and shown with a note.
VERIFICATION_MAX_AGE = timedelta(days=183)


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    INACTIVE = "inactive", _("inactive")
    TEMPORARILY_CLOSED = "temporarily closed", _("temporarily closed")
    DEFUNCT = "defunct", _("defunct")


class Service(models.Model):
    """One concrete offer of support by an organisation (HSDS *service*)."""

    hsds_id = models.UUIDField(
        _("HSDS identifier"), default=uuid.uuid4, unique=True, editable=False
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="services",
        verbose_name=_("organisation"),
    )
    name_nl = models.CharField(_("name (Dutch)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=160, blank=True)
    name_ro = models.CharField(_("name (Romanian)"), max_length=160, blank=True)
    description_nl = models.TextField(_("description (Dutch)"))
    description_en = models.TextField(_("description (English)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    description_ro = models.TextField(_("description (Romanian)"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    scope = models.CharField(
        _("scope"), max_length=10, choices=ServiceScope.choices, default=ServiceScope.SPECIFIC
    )
    cost = models.CharField(_("cost"), max_length=20, choices=Cost.choices, default=Cost.FREE)
    can_be_anonymous = models.BooleanField(_("you can stay anonymous"), default=False)
    no_need_to_stop = models.BooleanField(_("you do not have to stop sex work"), default=False)
    for_stopping = models.BooleanField(
        _("only for people who have stopped or are stopping sex work"), default=False
    )
    within_branch = models.BooleanField(_("support for changing within the branch"), default=False)
    is_national = models.BooleanField(_("available nationally"), default=False)
    regions = models.ManyToManyField(
        "regions.Region", related_name="services", blank=True, verbose_name=_("regions served")
    )
    url = models.URLField(_("web page"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    verified_on = models.DateField(_("verified on"), default=date.today)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    locations = models.ManyToManyField(
        "Location", through="ServiceAtLocation", related_name="services", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        constraints = [
            models.CheckConstraint(
                condition=~(models.Q(no_need_to_stop=True) & models.Q(for_stopping=True)),
                name="stopping_rule_is_one_of_three",
            )
        ]
        indexes = [
            # National services join every region's candidates in the search (see
            # selectors.filtered_services); a partial index keeps finding them a lookup.
            # No index on status/scope: they are not selective, and on SQLite such an index
            # made the planner walk every service instead of the region's few hundred.
            models.Index(
                fields=["is_national"],
                condition=models.Q(is_national=True),
                name="directory_service_national",
            )
        ]

    def __str__(self) -> str:
        return self.name_nl

    def text(self, field: str, language: str) -> tuple[str, bool]:
        """The text in ``language``, or the Dutch text and ``True`` when it is missing."""
        if language in CONTENT_LANGUAGES:
            value = getattr(self, f"{field}_{language}")
            if value:
                return value, False
        return getattr(self, f"{field}_nl"), language != "nl"

    @property
    def stopping_rule(self) -> str:
        """What every card says about sex work: one of ``no_need_to_stop`` ("you do not
        have to stop"), ``for_stopping`` ("for people who have stopped or are stopping")
        or ``ask`` (the organisation has not said: ask them)."""
        if self.no_need_to_stop:
            return "no_need_to_stop"
        if self.for_stopping:
            return "for_stopping"
        return "ask"

    @property
    def verification_due(self) -> date:
        return self.verified_on + VERIFICATION_MAX_AGE

    @property
    def is_stale(self) -> bool:
        """Not verified for six months: the coordinator is told and visitors see a note."""
        return timezone.localdate() > self.verification_due

    def clean(self) -> None:
        if self.no_need_to_stop and self.for_stopping:
            raise ValidationError(
                {
                    "for_stopping": _(
                        "Choose one: people need not stop sex work, or the help is for people "
                        "who have stopped or are stopping."
                    )
                }
            )
        if self.verified_on and self.verified_on > timezone.localdate():
            raise ValidationError(
                {"verified_on": _("The verification date cannot be in the future.")}
            )


class ServiceAttribute(models.Model):
    """A Koers taxonomy term attached to a service (HSDS *attribute*): life domains, groups."""

    class Taxonomy(models.TextChoices):
        LIFE_DOMAIN = "koers-life-domain", _("life domain")
        TARGET_GROUP = "koers-target-group", _("target group")

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="attributes")
    taxonomy = models.CharField(max_length=40, choices=Taxonomy.choices)
    code = models.CharField(max_length=40)
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "taxonomy", "code"], name="one_attribute_per_term"
            ),
        ]
        indexes = [
            models.Index(fields=["taxonomy", "code", "service"], name="directory_attr_lookup")
        ]

    def __str__(self) -> str:
        return f"{self.taxonomy}:{self.code}"

    def clean(self) -> None:
        allowed = (
            LifeDomain.values if self.taxonomy == self.Taxonomy.LIFE_DOMAIN else TargetGroup.values
        )
        if self.code not in allowed:
            raise ValidationError({"code": _("Unknown term %(code)s.") % {"code": self.code}})


class ContactPoint(models.Model):
    """One way to reach a service: a channel and what to use on it (number, address, link)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contact_points")
    channel = models.CharField(_("channel"), max_length=20, choices=ContactChannel.choices)
    value = models.CharField(
        _("number, address or link"),
        max_length=200,
        blank=True,
        help_text=_(
            "Leave empty for walk-in and outreach; the location or description says where."
        ),
    )
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["service", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "channel"], name="one_contact_point_per_channel"
            ),
        ]
        indexes = [models.Index(fields=["channel", "service"], name="directory_channel_lookup")]
        verbose_name = _("contact channel")
        verbose_name_plural = _("contact channels")

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.value}"


class ServiceLanguage(models.Model):
    """A language the service's staff speak with visitors (HSDS *language*)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    code = models.CharField(_("language"), max_length=8, choices=SpokenLanguage.choices)
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["service", "code"]
        constraints = [
            models.UniqueConstraint(fields=["service", "code"], name="one_row_per_language")
        ]
        indexes = [models.Index(fields=["code", "service"], name="directory_language_lookup")]

    def __str__(self) -> str:
        return self.code


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")
    SUNDAY = 7, _("Sunday")


#: iCalendar day codes used by HSDS schedules.
ICAL_DAYS = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}


class OpeningHours(models.Model):
    """When a service can be reached on one weekday (HSDS *schedule*, weekly)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))
    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["service", "weekday", "opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="closes_after_opening"
            ),
            models.CheckConstraint(
                condition=models.Q(weekday__gte=1, weekday__lte=7), name="weekday_in_range"
            ),
        ]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}-{self.closes_at:%H:%M}"

    def clean(self) -> None:
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("Closing time must be after opening time.")})


class Location(models.Model):
    """A place where an organisation receives people (HSDS *location*, physical)."""

    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="locations"
    )
    name = models.CharField(_("name"), max_length=160)
    address_1 = models.CharField(_("street and number"), max_length=160)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    city = models.CharField(_("town"), max_length=80)
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )

    class Meta:
        ordering = ["organisation", "name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"


class ServiceAtLocation(models.Model):
    """A service offered at a location (HSDS *service_at_location*)."""

    hsds_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="one_link_per_location")
        ]

    def __str__(self) -> str:
        return f"{self.service} @ {self.location}"

    def clean(self) -> None:
        if (
            self.service_id
            and self.location_id
            and self.service.organisation_id != self.location.organisation_id
        ):
            raise ValidationError(
                _("A service can only be offered at its own organisation's locations.")
            )


class DirectoryVersion(models.Model):
    """One row whose ``token`` changes on every write to directory data (database
    triggers, see :mod:`koers.directory.freshness`); cached search results are keyed on it."""

    token = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.token)
