"""Clients and their trajectories (case files), with every kind of history a worker keeps.

Shape: a :class:`Client` (who the person is, as little as needed, identifying fields
encrypted) has one :class:`Trajectory` (the case: contact person, phase, sex-work status,
direction, aftercare, closed/sealed). Each kind of history has its own append-only table
(phase changes, status changes, contacts, handovers, goals with support actions, referrals
with their status history, outcome records, other events); the client page merges them into
one timeline, a page of the newest entries at a time (one query for the keys of the page
across every table, one per kind on it), so neither the number of queries nor the work
grows with a long history.

"My clients" must stay one indexed query at 60,000 clients, so the trajectory carries the
current phase, status, last and next contact (denormalised, kept in step by
:mod:`koers.trajectories.services`). ``version`` is the optimistic lock for edits of the
trajectory's own state. Income amounts are never stored, anywhere.
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.privacy.fields import EncryptedCharField, EncryptedTextField

from .vocabulary import (
    CONSENT_REQUIRED,
    AftercareLevel,
    AftercareTrigger,
    ClosingReason,
    ConsentHow,
    ContactChannel,
    Direction,
    DurationBand,
    EventKind,
    Gender,
    GoalStatus,
    LifeDomain,
    OutcomeSituation,
    Phase,
    PreferredLanguage,
    Profile,
    ReferralStatus,
    Sector,
    SexWorkStatus,
    SupportModule,
    WithinBranchChange,
    YesNoUnknown,
)

USER = settings.AUTH_USER_MODEL


#: The earliest date a case file accepts: Koers' history starts long after it, so an earlier
#: date (0001-01-01, 1850) is a typing error, not history.
EARLIEST_CASE_DATE = date(2000, 1, 1)
#: Birth years: a person is at least 18 (minors are never a client, always possible
#: exploitation) and at most 100 in the year the file is edited.
YOUNGEST_AGE, OLDEST_AGE = 18, 100


def not_in_future(value) -> None:
    """History dates describe what happened: a date after today is a typing error."""
    if value and value > timezone.localdate():
        raise ValidationError(
            _("This date is in the future; history can only be recorded up to today.")
        )


def not_before_2000(value) -> None:
    """A case-file date before 2000 is a typing error (the year is the usual slip)."""
    if value and value < EARLIEST_CASE_DATE:
        raise ValidationError(
            _("Dates before 1 January 2000 are not accepted in a case file: check the year.")
        )


def birth_year_problem(value: str) -> str:
    """The rule a birth year breaks, in words, or "" when it is fine."""
    year = str(value).strip()
    if not (len(year) == 4 and year.isascii() and year.isdigit()):
        return str(_("Enter a year of four digits, for example 1990."))
    this_year = timezone.localdate().year
    if int(year) > this_year - YOUNGEST_AGE:
        return str(_("With this birth year the person would be younger than 18: check the year."))
    if int(year) < this_year - OLDEST_AGE:
        return str(_("With this birth year the person would be older than 100: check the year."))
    return ""


class Client(models.Model):
    """A person supported by one organisation. Only the work name is required."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="clients",
        verbose_name=_("organisation"),
    )
    work_name = EncryptedCharField(_("work name"), max_length=80)
    legal_name = EncryptedCharField(_("legal name"), max_length=160, blank=True)
    phone = EncryptedCharField(_("phone"), max_length=40, blank=True)
    email = EncryptedCharField(_("e-mail"), max_length=200, blank=True)
    birth_year = EncryptedCharField(_("birth year"), max_length=4, blank=True)
    preferred_channel = models.CharField(
        _("preferred channel"),
        max_length=12,
        choices=ContactChannel.choices,
        default=ContactChannel.PHONE,
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=PreferredLanguage.choices,
        default=PreferredLanguage.NL,
    )
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices, blank=True)
    migration_background = models.CharField(
        _("migration background"), max_length=8, choices=YesNoUnknown.choices, blank=True
    )
    unlicensed_work = models.CharField(
        _("works or worked unlicensed"), max_length=8, choices=YesNoUnknown.choices, blank=True
    )
    municipality = models.ForeignKey(
        "regions.Municipality",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("municipality"),
    )
    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    suggested_profile = models.CharField(
        _("suggested profile"), max_length=4, choices=Profile.choices, blank=True
    )
    chosen_profile = models.CharField(
        _("chosen profile"), max_length=4, choices=Profile.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("client")
        verbose_name_plural = _("clients")

    def __str__(self) -> str:
        return f"client {self.pk}"

    def clean(self) -> None:
        if self.birth_year:
            problem = birth_year_problem(self.birth_year)
            if problem:
                raise ValidationError({"birth_year": problem})


class Trajectory(models.Model):
    """The case file. Exactly one contact person at a time; no fixed end."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="trajectory")
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="trajectories"
    )
    contact_person = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        related_name="trajectories",
        verbose_name=_("contact person"),
    )
    # Current state (denormalised from the history tables, for "my clients").
    phase = models.CharField(
        _("phase"), max_length=12, choices=Phase.choices, default=Phase.CONTACT
    )
    phase_since = models.DateField(_("phase since"), default=timezone.localdate)
    sex_work_status = models.CharField(
        _("sex-work status"), max_length=10, choices=SexWorkStatus.choices, blank=True
    )
    within_branch_change = models.CharField(
        _("change within the branch"), max_length=16, choices=WithinBranchChange.choices, blank=True
    )
    direction = models.CharField(
        _("direction"), max_length=16, choices=Direction.choices, default=Direction.UNDECIDED
    )
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    next_contact_on = models.DateField(_("next planned contact"), null=True, blank=True)
    aftercare_level = models.CharField(
        _("aftercare level"), max_length=10, choices=AftercareLevel.choices, blank=True
    )
    aftercare_triggers = models.JSONField(_("triggers to watch"), default=list, blank=True)
    is_closed = models.BooleanField(_("closed"), default=False)
    is_sealed = models.BooleanField(_("sealed"), default=False)
    closed_on = models.DateField(null=True, blank=True)
    closing_reason = models.CharField(max_length=20, choices=ClosingReason.choices, blank=True)
    opened_on = models.DateField(default=timezone.localdate)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("trajectory")
        verbose_name_plural = _("trajectories")
        indexes = [
            models.Index(
                fields=["contact_person", "is_closed", "next_contact_on"], name="traj_caseload"
            ),
            models.Index(
                fields=["organisation", "is_closed", "next_contact_on"], name="traj_org_caseload"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_sealed=False) | models.Q(is_closed=True),
                name="traj_only_closed_files_are_sealed",
            ),
        ]

    def __str__(self) -> str:
        return f"trajectory {self.pk}"

    @property
    def is_overdue(self) -> bool:
        return bool(self.next_contact_on and self.next_contact_on < timezone.localdate())


class TrajectoryShare(models.Model):
    """A coordinator lets a colleague (besides the contact person) work on a file."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="shares")
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="shared_trajectories")
    shared_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "user"], name="traj_share_once")
        ]

    def __str__(self) -> str:
        return f"share {self.pk}"


class HistoryEntry(models.Model):
    """Common shape of everything that appears on the timeline."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="+")
    on = models.DateField(
        _("date"), default=timezone.localdate, validators=[not_in_future, not_before_2000]
    )
    by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["on", "created_at"]

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk}"


class PhaseChange(HistoryEntry):  # noqa: DJ008 - __str__ from HistoryEntry
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="phase_changes"
    )
    phase = models.CharField(_("phase"), max_length=12, choices=Phase.choices)
    note = EncryptedTextField(_("note"), blank=True)


class SexWorkStatusChange(HistoryEntry):  # noqa: DJ008 - __str__ from HistoryEntry
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="status_changes"
    )
    status = models.CharField(_("sex-work status"), max_length=10, choices=SexWorkStatus.choices)
    within_branch_change = models.CharField(
        _("change within the branch"), max_length=16, choices=WithinBranchChange.choices, blank=True
    )
    note = EncryptedTextField(_("note"), blank=True)

    def clean(self) -> None:
        if self.within_branch_change and self.status == SexWorkStatus.NOT_DOING:
            raise ValidationError(
                {
                    "within_branch_change": _(
                        "A change within the branch needs the status doing or partly."
                    )
                }
            )


class ContactEntry(HistoryEntry):  # noqa: DJ008 - __str__ from HistoryEntry
    """One contact with the person. The note is short and encrypted."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="contacts")
    channel = models.CharField(_("channel"), max_length=12, choices=ContactChannel.choices)
    duration_band = models.CharField(_("duration"), max_length=6, choices=DurationBand.choices)
    note = EncryptedTextField(_("short note"), blank=True)

    class Meta(HistoryEntry.Meta):
        indexes = [models.Index(fields=["trajectory", "-on"], name="traj_contact_recent")]


class Handover(HistoryEntry):  # noqa: DJ008 - __str__ from HistoryEntry
    """A change of contact person, carrying the story so the person need not retell it."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="handovers")
    from_user = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    to_user = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    note = EncryptedTextField(_("handover note"))
    # Pinned at the top of the file for the new contact person until they mark it read, so
    # the story does not slide down the timeline unnoticed.
    read_at = models.DateTimeField(_("read by the new contact person"), null=True, blank=True)

    def clean(self) -> None:
        if not (self.note or "").strip():
            raise ValidationError({"note": _("Write what was agreed and what not to ask again.")})


class Goal(HistoryEntry):  # noqa: DJ008 - __str__ from HistoryEntry
    """A goal in one life domain. ``on`` is the day it was set."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="goals")
    life_domain = models.CharField(_("life domain"), max_length=20, choices=LifeDomain.choices)
    description = EncryptedTextField(_("goal"))
    status = models.CharField(
        _("status"), max_length=12, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )


class SupportAction(HistoryEntry):  # noqa: DJ008 - __str__ from HistoryEntry
    """Support given towards a goal, typed as one of the seven modules; may involve a partner."""

    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="support_actions"
    )
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    module = models.CharField(_("support module"), max_length=20, choices=SupportModule.choices)
    description = EncryptedTextField(_("what was done"), blank=True)
    partner_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner organisation"),
    )
    partner_name = EncryptedCharField(_("partner (if not listed)"), max_length=160, blank=True)
    partner_contact = EncryptedCharField(
        _("contact person at the partner"), max_length=160, blank=True
    )


class Referral(HistoryEntry):  # noqa: DJ008 - __str__ from HistoryEntry
    """A warm referral. The referring worker stays on the trajectory; ``on`` is when proposed."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="referrals")
    goal = models.ForeignKey(
        Goal, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service from the directory"),
    )
    partner_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("partner organisation"),
    )
    partner_name = EncryptedCharField(
        _("partner (if not in the directory)"), max_length=160, blank=True
    )
    partner_contact = EncryptedCharField(_("contact person at the partner"), max_length=160)
    partner_reach = EncryptedCharField(
        _("how to reach the contact person"), max_length=200, blank=True
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReferralStatus.choices, default=ReferralStatus.PROPOSED
    )
    consent_on = models.DateField(
        _("consent given on"),
        null=True,
        blank=True,
        validators=[not_in_future, not_before_2000],
    )
    consent_how = models.CharField(
        _("consent given how"), max_length=10, choices=ConsentHow.choices, blank=True
    )

    def clean(self) -> None:
        errors = {}
        if not (
            self.service_id or self.partner_organisation_id or (self.partner_name or "").strip()
        ):
            errors["partner_name"] = _("Choose a service or name the partner.")
        if not (self.partner_contact or "").strip():
            errors["partner_contact"] = _(
                "Name the contact person at the partner: a phone number alone is not enough."
            )
        if self.status in CONSENT_REQUIRED and not (self.consent_on and self.consent_how):
            errors["consent_on"] = _(
                "Record when and how the person agreed before marking the referral consented."
            )
        if errors:
            raise ValidationError(errors)


class ReferralStatusChange(HistoryEntry):  # noqa: DJ008 - __str__ from HistoryEntry
    trajectory = models.ForeignKey(
        Trajectory, on_delete=models.CASCADE, related_name="referral_changes"
    )
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(_("status"), max_length=16, choices=ReferralStatus.choices)


class OutcomeRecord(HistoryEntry):  # noqa: DJ008 - __str__ from HistoryEntry
    """The person's situation on a date; may be recorded at any time, as often as needed."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="outcomes")
    situation = models.CharField(
        _("situation now"), max_length=24, choices=OutcomeSituation.choices
    )
    sector = models.CharField(_("sector"), max_length=12, choices=Sector.choices, blank=True)
    within_branch_change = models.CharField(
        _("change within the branch"), max_length=16, choices=WithinBranchChange.choices, blank=True
    )

    def clean(self) -> None:
        if self.situation == OutcomeSituation.WORK_OUTSIDE and not self.sector:
            raise ValidationError({"sector": _("Choose the sector of the work.")})
        if self.situation == OutcomeSituation.WITHIN_BRANCH and not self.within_branch_change:
            raise ValidationError(
                {"within_branch_change": _("Choose the kind of change within the branch.")}
            )


class TrajectoryEvent(HistoryEntry):  # noqa: DJ008 - __str__ from HistoryEntry
    """Other moments: opened, direction, goal status, aftercare, closed, unsealed, reopened.

    ``code`` holds the non-identifying value (a choice key); ``note`` the worker's words.
    """

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=EventKind.choices)
    code = models.CharField(max_length=120, blank=True)
    note = EncryptedTextField(blank=True)

    @property
    def code_display(self) -> str:
        """The value in words (the code is a choice key, or a user name for a share)."""
        try:
            if self.kind == EventKind.DIRECTION:
                return str(Direction(self.code).label)
            if self.kind == EventKind.CLOSED:
                return str(ClosingReason(self.code).label)
            if self.kind == EventKind.GOAL_STATUS:
                return str(GoalStatus(self.code.split(":")[1]).label)
            if self.kind == EventKind.AFTERCARE:
                level, *triggers = self.code.split(",")
                labels = [str(AftercareLevel(level).label)]
                labels += [str(AftercareTrigger(t).label) for t in triggers if t]
                return "; ".join(labels)
        except (ValueError, IndexError):
            return self.code
        return self.code


class MonitoringTally(models.Model):
    """Anonymous counts that outlive an erased client, so monitoring keeps its numbers.

    Only an organisation, a year and a key such as ``outcome:work_outside:cleaning`` or
    ``referral:ended``; nothing that could point back to a person.
    """

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    key = models.CharField(max_length=80)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "key"], name="traj_tally_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.key}: {self.count}"


class Task(models.Model):
    """A to-do attached to a client ("call the housing corporation"), with a due date.

    The title is encrypted: it often names a partner or a situation. ``owner`` is the worker
    who should do it (the start page lists their due tasks)."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="tasks")
    owner = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    title = EncryptedCharField(_("task"), max_length=200)
    due_on = models.DateField(_("due on"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "done_at", "due_on"], name="traj_task_due")]

    def __str__(self) -> str:
        return f"task {self.pk}"


class CalendarFeed(models.Model):
    """A worker's private iCalendar feed. Only a hash of the secret in its address is kept;
    revoking deletes the row, so the old address answers 404."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="calendar_feed")
    secret_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.user_id}"
