"""A fieldwork session: where and how an outreach worker worked, and anonymous counts of the
people reached. There is deliberately no field for a name or a description of a person."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from koers.organisations.models import Organisation
from koers.regions.models import Municipality, Region

from .vocabulary import MAX_PEOPLE_PER_SESSION, Group, Platform, Setting, Venue

GROUP_FIELDS: tuple[str, ...] = tuple(Group.values)


class FieldworkSession(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="fieldwork_sessions"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fieldwork_sessions",
        verbose_name=_("outreach worker"),
    )
    held_on = models.DateField(_("date"))
    setting = models.CharField(_("where"), max_length=10, choices=Setting.choices)
    venue = models.CharField(_("venue"), max_length=24, choices=Venue.choices, blank=True)
    platform = models.CharField(_("platform"), max_length=24, choices=Platform.choices, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("municipality"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region")
    )
    people_reached = models.PositiveSmallIntegerField(_("people reached"))
    conversations = models.PositiveSmallIntegerField(_("conversations"))
    women = models.PositiveSmallIntegerField(_("women"), default=0)
    men = models.PositiveSmallIntegerField(_("men"), default=0)
    trans_nonbinary = models.PositiveSmallIntegerField(_("trans or non-binary"), default=0)
    migrant = models.PositiveSmallIntegerField(_("migrants"), default=0)
    young = models.PositiveSmallIntegerField(_("young (18–23)"), default=0)
    unlicensed = models.PositiveSmallIntegerField(_("unlicensed work"), default=0)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    topics = models.JSONField(_("topics discussed"), default=list, blank=True)
    handed_out = models.JSONField(_("handed out or referred"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fieldwork session")
        verbose_name_plural = _("fieldwork sessions")
        ordering = ["-held_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(people_reached__lte=MAX_PEOPLE_PER_SESSION),
                name="outreach_people_reached_plausible",
            ),
            models.CheckConstraint(
                condition=Q(conversations__lte=F("people_reached")),
                name="outreach_conversations_not_above_people",
            ),
            models.CheckConstraint(
                condition=Q(women__lte=F("people_reached"))
                & Q(men__lte=F("people_reached"))
                & Q(trans_nonbinary__lte=F("people_reached"))
                & Q(migrant__lte=F("people_reached"))
                & Q(young__lte=F("people_reached"))
                & Q(unlicensed__lte=F("people_reached")),
                name="outreach_groups_not_above_people",
            ),
            models.CheckConstraint(
                condition=(Q(setting="offline") & ~Q(venue="") & Q(platform=""))
                | (Q(setting="online") & ~Q(platform="") & Q(venue="")),
                name="outreach_venue_or_platform",
            ),
        ]
        indexes = [models.Index(fields=["region", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_setting_display()}"

    @property
    def place_label(self) -> str:
        if self.setting == Setting.ONLINE:
            return str(self.get_platform_display())
        where = self.municipality.name if self.municipality else ""
        return f"{self.get_venue_display()}, {where}".strip(", ")


class ContactCard(models.Model):
    """A card an outreach worker hands out (on paper or by message): its short code opens a
    contact request addressed to the card's service. The code points at an organisation,
    not at a person, so it is stored as is and can be printed again. Who was given a card is
    never recorded."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contact_cards"
    )
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("service"),
    )
    code = models.CharField(_("code"), max_length=8, unique=True)
    valid_until = models.DateField(_("valid until"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact card")
        verbose_name_plural = _("contact cards")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.code
