"""Users, their kind (staff or sex-worker member) and staff roles within an organisation.

A staff user belongs to exactly one organisation (several roles there are allowed); the site
administrator role is the one role without an organisation. Sex-worker members are not staff:
they never see case files and have no organisation.
"""

from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserKind(models.TextChoices):
    STAFF = "staff", _("staff")
    MEMBER = "member", _("sex-worker member")


class Role(models.TextChoices):
    PROFESSIONAL = "professional", _("professional")
    COORDINATOR = "coordinator", _("coordinator")
    CONFIDENTIAL_ADVISER = "confidential_adviser", _("confidential adviser")
    MODERATOR = "moderator", _("moderator")
    ANALYST = "analyst", _("analyst")
    SITE_ADMINISTRATOR = "site_administrator", _("site administrator")


class User(AbstractUser):
    """A login. Names and e-mail are optional: staff may use a work e-mail, members a work name."""

    kind = models.CharField(
        _("kind"), max_length=10, choices=UserKind.choices, default=UserKind.STAFF
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @cached_property
    def memberships(self) -> list["Membership"]:
        return list(self.membership_set.select_related("organisation"))

    @property
    def roles(self) -> set[str]:
        return {membership.role for membership in self.memberships}

    @property
    def organisation(self):
        """The staff user's organisation, or ``None`` (members, site administrators)."""
        for membership in self.memberships:
            if membership.organisation is not None:
                return membership.organisation
        return None

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_member(self) -> bool:
        return self.kind == UserKind.MEMBER


class Membership(models.Model):
    """A staff user's role in an organisation."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, verbose_name=_("user"))
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="one_membership_per_role"),
            models.CheckConstraint(
                condition=models.Q(role="site_administrator", organisation__isnull=True)
                | (~models.Q(role="site_administrator") & models.Q(organisation__isnull=False)),
                name="organisation_required_except_site_administrator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.organisation or '-'})"

    def clean(self) -> None:
        if self.user_id and self.user.kind != UserKind.STAFF:
            raise ValidationError(_("Sex-worker members cannot hold a staff role."))
        if self.organisation_id and self.user_id:
            other = (
                Membership.objects.filter(user_id=self.user_id, organisation__isnull=False)
                .exclude(organisation_id=self.organisation_id)
                .exclude(pk=self.pk)
            )
            if other.exists():
                raise ValidationError(_("A staff user belongs to one organisation only."))


class AccountSession(models.Model):
    """One login session of a user, so the user can see and end their sessions.

    Django's session store cannot be searched by user (the user id sits inside the encoded
    session data, and with the cached_db engine part of it in a cache), so every login adds a
    row here keyed by the session key. Only what the sessions page shows is kept: the
    browser and device family read from the User-Agent at login, never the address.
    """

    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="account_sessions")
    device = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"session {self.pk} of user {self.user_id}"


class RecoveryChannel(models.TextChoices):
    MAIL = "mail", _("e-mail")
    SMS = "sms", _("SMS")


class RecoveryAddress(models.Model):
    """A keyed hash of a mail address or mobile number a member registered, so "forgot
    password" can find the account from what the person types without Koers holding a
    searchable readable or encrypted copy here. The code is sent to the address as typed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_addresses")
    channel = models.CharField(max_length=4, choices=RecoveryChannel.choices)
    address_hash = models.CharField(max_length=64, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "channel"], name="one_recovery_address_each")
        ]

    def __str__(self) -> str:
        return f"recovery {self.channel} of user {self.user_id}"


class PendingReset(models.Model):
    """A "forgot password" request between asking and entering the code. The visitor's
    session holds only the random ``token``; the address hash stays here, where deleting
    the account can find and remove it (it lives at most as long as a code)."""

    token = models.CharField(max_length=64, unique=True)
    address_hash = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"pending reset {self.pk}"


class ResetPurpose(models.TextChoices):
    MEMBER = "member", _("member's own reset by mail or SMS")
    STAFF = "staff", _("staff reset issued by a coordinator or administrator")


class PasswordResetCode(models.Model):
    """A one-time code that lets its user set a new password. Only a keyed hash of the code
    is stored; it expires, works once and dies after too many wrong tries."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=6, choices=ResetPurpose.choices)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    issued_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        indexes = [models.Index(fields=["user", "purpose", "used_at"], name="reset_code_open")]

    def __str__(self) -> str:
        return f"reset code {self.pk} ({self.purpose})"


class RecoveryAttempt(models.Model):
    """One attempt counted against a rate limit: scope and a keyed hash of what is limited
    (the visitor's address, the address typed in, the account) — never the readable value."""

    scope = models.CharField(max_length=24)
    key_hash = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "key_hash", "at"], name="recovery_attempt_recent")]

    def __str__(self) -> str:
        return f"{self.scope} at {self.at:%Y-%m-%d %H:%M}"
