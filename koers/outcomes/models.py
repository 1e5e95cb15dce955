"""Participants, waves (one questionnaire round each, holding its answers), reminders and
call tasks.

Nothing here identifies a person in readable form: a participant is known by the keyed hash
of the pseudonymous code (computed from their answers, never stored), an opaque reference
for exports, and encrypted contact details used only for reminders.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.privacy.fields import EncryptedCharField


class EnrolmentSource(models.TextChoices):
    TRAJECTORY = "trajectory", _("through a trajectory")
    PUBLIC_LINK = "public_link", _("through a public link or QR code")
    SELFCHECK = "selfcheck", _("after the self-check")
    IMPORT = "import", _("imported survey data")


class ContactChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WHATSAPP = "whatsapp", _("WhatsApp")
    SMS = "sms", _("Text message (SMS)")


class WaveStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("scheduled")
    OPEN = "open", _("open")
    COMPLETED = "completed", _("took part")
    SCREENED_OUT = "screened_out", _("screened out")
    NO_CONTACT = "no_contact", _("wrong or no contact details")
    DECLINED = "declined", _("declined")
    NO_RESPONSE = "no_response", _("no response")
    STUDY_ENDED = "study_ended", _("study period ended")


class Participant(models.Model):
    ref = models.CharField(_("reference"), max_length=16, unique=True)
    # The link code only links waves for analysis (issue 12): two people with the same
    # three answers are two participants, both flagged ``possible_duplicate``.
    code_hash = models.CharField(  # noqa: DJ001 - NULL for imported participants, as before
        max_length=64, null=True, blank=True, db_index=True
    )
    possible_duplicate = models.BooleanField(_("possible duplicate"), default=False)
    source = models.CharField(_("enrolled"), max_length=16, choices=EnrolmentSource.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    language = models.CharField(max_length=8, default="nl")
    preferred_channel = models.CharField(max_length=10, choices=ContactChannel.choices, blank=True)
    preferred_address = EncryptedCharField(max_length=200, blank=True, default="")
    other_channel = models.CharField(max_length=10, choices=ContactChannel.choices, blank=True)
    other_address = EncryptedCharField(max_length=200, blank=True, default="")
    max_waves = models.PositiveSmallIntegerField(default=4)
    enrolled_at = models.DateTimeField()
    declined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.ref

    @property
    def has_contact(self) -> bool:
        return bool(self.preferred_channel and self.preferred_address)


class Wave(models.Model):
    """One questionnaire round of one participant, with its answers once taken part."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="waves")
    number = models.PositiveSmallIntegerField()
    opens_at = models.DateTimeField()
    status = models.CharField(
        max_length=16, choices=WaveStatus.choices, default=WaveStatus.SCHEDULED
    )
    # Only keyed hashes: the resume code (shown once when saving for later) and the one-time
    # link token of the latest reminder (cleared when used). Neither can be shown again.
    resume_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    link_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    last_page = models.CharField(max_length=32, blank=True)
    language = models.CharField(max_length=8, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Derived at completion (from ``instrument``) so reports and the dashboard group in SQL.
    region = models.ForeignKey(
        "regions.Region", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    group = models.CharField(max_length=16, blank=True)
    sex_work_status = models.CharField(max_length=12, blank=True)
    branch_direction = models.CharField(max_length=8, blank=True)
    sector = models.CharField(max_length=16, blank=True)
    needs = models.CharField(max_length=200, blank=True)  # ",housing,debts," (support needed)

    class Meta:
        ordering = ["participant_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "number"], name="one_wave_number_per_participant"
            ),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="wave_number_from_one"),
        ]
        indexes = [
            # Covering indexes for the dashboard: every GROUP BY over completed rounds of a
            # year reads only this index, never the wide rows with their answers; the
            # second one serves the join of a round with the one before it (transitions).
            models.Index(
                fields=[
                    "status",
                    "completed_at",
                    "region",
                    "group",
                    "number",
                    "branch_direction",
                    "sector",
                    "sex_work_status",
                    "needs",
                    "participant",
                ],
                name="wave_dashboard_cover",
            ),
            models.Index(
                fields=["participant", "number", "status", "sex_work_status"],
                name="wave_chain_cover",
            ),
            models.Index(fields=["status", "opens_at"], name="wave_status_opens"),
        ]

    def __str__(self) -> str:
        return f"{self.participant.ref} wave {self.number}"


class Reminder(models.Model):
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="reminders")
    sequence = models.PositiveSmallIntegerField()
    channel = models.CharField(max_length=10, choices=ContactChannel.choices)
    sent_at = models.DateTimeField()
    delivered = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["wave", "sequence"], name="one_reminder_per_sequence"),
            models.CheckConstraint(
                condition=models.Q(sequence__lte=2), name="at_most_two_reminders"
            ),
        ]

    def __str__(self) -> str:
        return f"reminder {self.sequence} ({self.channel})"


class AttemptEvent(models.Model):
    """One enrolment or resume attempt from an address (a keyed hash of it), for the
    per-address limits; events older than a day are deleted on every check."""

    scope = models.CharField(max_length=16)
    address_hash = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["scope", "address_hash", "at"], name="outcomes_attempt_idx")
        ]

    def __str__(self) -> str:
        return f"{self.scope} at {self.at:%Y-%m-%d %H:%M}"


class CallTask(models.Model):
    """After two reminders: a worker should call the person (if a phone number is known)."""

    wave = models.OneToOneField(Wave, on_delete=models.CASCADE, related_name="call_task")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"call task {self.pk}"
