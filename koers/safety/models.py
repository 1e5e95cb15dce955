"""Safety: members, incident reports, moderated warnings and the number check.

Privacy rules this module enforces in its shape:
- member contact details and every free-text or identifying field are encrypted;
- a perpetrator's phone number is stored only as a keyed hash (``number_hash``, indexed, for
  the equality match of the number check) plus an encrypted copy that only moderators read;
- number checks are stored as events without the number (rate limit and audit trail);
- warnings expire; reports are anonymised after ``SAFETY_REPORT_RETENTION_DAYS``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.privacy.fields import EncryptedCharField, EncryptedTextField


class MemberStatus(models.TextChoices):
    PENDING = "pending", _("waiting for verification")
    VERIFIED = "verified", _("verified")
    SUSPENDED = "suspended", _("suspended")


class NotifyChannel(models.TextChoices):
    MAIL = "mail", _("e-mail")
    SMS = "sms", _("SMS")
    NONE = "none", _("no notifications")


class MemberProfile(models.Model):
    """A sex-worker member of the warning scheme. Only a work name and one way to reach
    them; verified by a participating organisation (vouching or an invitation code)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_profile"
    )
    work_name = EncryptedCharField(_("work name"), max_length=80)
    email = EncryptedCharField(_("e-mail address"), max_length=254, blank=True)
    phone = EncryptedCharField(_("mobile number"), max_length=32, blank=True)
    regions = models.ManyToManyField("regions.Region", related_name="+", verbose_name=_("regions"))
    notify_by = models.CharField(
        _("tell me about new warnings by"),
        max_length=4,
        choices=NotifyChannel.choices,
        default=NotifyChannel.NONE,
    )
    status = models.CharField(
        max_length=10, choices=MemberStatus.choices, default=MemberStatus.PENDING, db_index=True
    )
    reference = models.CharField(max_length=12, unique=True)
    verified_by_organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("safety member")
        verbose_name_plural = _("safety members")

    def __str__(self) -> str:
        return f"member {self.reference}"

    def clean(self) -> None:
        if not self.email and not self.phone:
            raise ValidationError(_("Give an e-mail address or a mobile number."))

    @property
    def is_verified(self) -> bool:
        return self.status == MemberStatus.VERIFIED


class InvitationCode(models.Model):
    """A one-time code an organisation hands to someone it knows; redeeming it verifies
    the member. Only a SHA-256 of the code is stored (the code is random, high entropy)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    code_digest = models.CharField(max_length=64, unique=True)
    hint = models.CharField(max_length=4)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"invitation …{self.hint}"


class ReporterKind(models.TextChoices):
    MEMBER = "member", _("member")
    ORGANISATION = "organisation", _("organisation, on someone's behalf")
    ANONYMOUS = "anonymous", _("anonymous")


class PlaceType(models.TextChoices):
    """The work locations of the questionnaire (instrument B8)."""

    HOME = "home", _("from home")
    WINDOW = "window", _("window")
    CLUB = "club", _("club")
    PRIVATE_HOUSE = "private_house", _("private house")
    STREET_ZONE = "street_zone", _("street zone")
    ESCORT_AGENCY = "escort_agency", _("escort agency")
    INDEPENDENT_ESCORT = "independent_escort", _("independent escort")
    MASSAGE_SALON = "massage_salon", _("massage salon")
    UNLICENSED = "unlicensed", _("unlicensed sector")
    OTHER = "other", _("other")


class ViolenceForm(models.TextChoices):
    PHYSICAL = "physical", _("physical")
    SEXUAL = "sexual", _("sexual")
    FINANCIAL = "financial", _("financial-economic")
    EMOTIONAL = "emotional", _("emotional")


# Concrete acts per form of violence (the checklist on the report form).
ACTS: dict[str, list[tuple[str, str]]] = {
    ViolenceForm.PHYSICAL: [
        ("hit", _("hit, kicked or pushed")),
        ("choked", _("choked or held down")),
        ("weapon", _("threatened with or attacked with a weapon")),
        ("locked_in", _("locked in or not allowed to leave")),
        ("drugged", _("drugged without consent")),
    ],
    ViolenceForm.SEXUAL: [
        ("condom_removed", _("condom removed or refused")),
        ("unconsented_act", _("acts I did not agree to")),
        ("rape", _("rape")),
        ("filmed", _("filmed or photographed without consent")),
    ],
    ViolenceForm.FINANCIAL: [
        ("non_payment", _("did not pay")),
        ("robbery", _("theft or robbery")),
        ("blackmail", _("blackmail or extortion")),
        ("no_show", _("no-show or fake booking")),
        ("money_taken", _("money taken by a third party")),
    ],
    ViolenceForm.EMOTIONAL: [
        ("threats", _("threats")),
        ("humiliation", _("humiliation or insults")),
        ("outing", _("outing or threatening to out me")),
        ("stalking", _("stalking or harassment")),
        ("privacy", _("privacy violated (photos, details shared)")),
    ],
}
ACT_LABELS = {code: label for acts in ACTS.values() for code, label in acts}


class PerpetratorType(models.TextChoices):
    """Who did it. A sex worker's customer is ``CUSTOMER`` in code (``Client`` is the person a
    case file is about, see docs/domain.md's glossary); the stored value and the label keep the
    sector's word "client"."""

    CUSTOMER = "client", _("client")
    PARTNER = "partner", _("partner")
    OPERATOR = "operator", _("operator or employer")
    COLLEAGUE = "colleague", _("colleague")
    PASSER_BY = "passer_by", _("passer-by")
    FAMILY = "family", _("family")
    POLICE_OFFICIAL = "police_official", _("police or official")
    OTHER = "other", _("other")


class ContactChannel(models.TextChoices):
    NONE = "none", _("no contact, thank you")
    PHONE = "phone", _("phone call")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    MAIL = "mail", _("e-mail")


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", _("waiting for moderation")
    PUBLISHED = "published", _("warning published")
    REJECTED = "rejected", _("not published")
    REMOVED = "removed", _("removed on request")


class Report(models.Model):
    """One incident as reported. Anonymous reports carry lower trust."""

    reference = models.CharField(max_length=12, unique=True)
    reporter_kind = models.CharField(max_length=12, choices=ReporterKind.choices)
    lower_trust = models.BooleanField(default=False)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    occurred_on = models.DateField(_("when did it happen?"))
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(
        "regions.Municipality", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    place_type = models.CharField(max_length=20, choices=PlaceType.choices)
    forms = models.JSONField(default=list)
    acts = models.JSONField(default=list, blank=True)
    perpetrator_type = models.CharField(max_length=16, choices=PerpetratorType.choices)
    perpetrator_names = EncryptedTextField(blank=True)
    perpetrator_description = EncryptedTextField(blank=True)
    perpetrator_vehicle = EncryptedTextField(blank=True)
    description = EncryptedTextField(blank=True)
    wants_warning = models.BooleanField(default=False)
    police_consent = models.BooleanField(default=False)
    contact_channel = models.CharField(
        max_length=10, choices=ContactChannel.choices, default=ContactChannel.NONE
    )
    contact_address = EncryptedCharField(max_length=254, blank=True)
    status = models.CharField(
        max_length=10,
        choices=ReportStatus.choices,
        default=ReportStatus.SUBMITTED,
        db_index=True,
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(reporter_kind="anonymous") | models.Q(lower_trust=True),
                name="anonymous_report_is_lower_trust",
            )
        ]

    def __str__(self) -> str:
        return f"report {self.reference}"

    def form_labels(self) -> list[str]:
        return [str(ViolenceForm(f).label) for f in self.forms if f in ViolenceForm.values]

    def act_labels(self) -> list[str]:
        return [str(ACT_LABELS[a]) for a in self.acts if a in ACT_LABELS]


class SafetyWarning(models.Model):
    """A moderated warning to members, derived from one report; expires."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="warning")
    text = EncryptedTextField()
    regions = models.ManyToManyField("regions.Region", related_name="+")
    forms = models.JSONField(default=list)
    perpetrator_type = models.CharField(max_length=16, choices=PerpetratorType.choices)
    incident_month = models.DateField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(db_index=True)
    expires_at = models.DateTimeField(db_index=True)
    is_published = models.BooleanField(default=True, db_index=True)
    unpublished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return f"warning {self.pk}"

    def form_labels(self) -> list[str]:
        return [str(ViolenceForm(f).label) for f in self.forms if f in ViolenceForm.values]


class PerpetratorNumber(models.Model):
    """A perpetrator's phone number: a keyed hash for matching, an encrypted copy for
    moderators (and for re-keying). ``warning`` is set while a warning is published so the
    number check is one indexed equality lookup plus a join on the primary key."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="numbers")
    warning = models.ForeignKey(
        SafetyWarning, null=True, blank=True, on_delete=models.SET_NULL, related_name="numbers"
    )
    number_hash = models.CharField(max_length=64, db_index=True)
    number_encrypted = EncryptedCharField(max_length=32)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "number_hash"], name="one_hash_per_report")
        ]

    def __str__(self) -> str:
        return f"number {self.pk} (hashed)"


class NumberCheck(models.Model):
    """One check by a member: when and how many numbers, never which. Drives the rate
    limit; the audit log holds the matching entry."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField()
    numbers = models.PositiveSmallIntegerField(default=1)

    class Meta:
        # Covering index: the rate limit sums ``numbers`` over a member's recent checks on
        # every check, and with ``numbers`` in the index that never touches the table.
        indexes = [
            models.Index(fields=["member", "at", "numbers"], name="numbercheck_member_recent")
        ]

    def __str__(self) -> str:
        return f"check {self.pk}"


class RequestKind(models.TextChoices):
    REMOVAL = "removal", _("removal")
    CORRECTION = "correction", _("correction")


class RequestDecision(models.TextChoices):
    OPEN = "open", _("open")
    GRANTED = "granted", _("granted and carried out")
    REFUSED = "refused", _("refused")


class DataSubjectRequest(models.Model):
    """A request (by a reporter or by someone a warning is about) to remove or correct data."""

    report = models.ForeignKey(
        Report, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    report_reference = models.CharField(max_length=12)
    kind = models.CharField(max_length=10, choices=RequestKind.choices)
    details = EncryptedTextField(blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision = models.CharField(
        max_length=8, choices=RequestDecision.choices, default=RequestDecision.OPEN
    )
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"request {self.pk} ({self.kind})"
