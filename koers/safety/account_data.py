"""What the safety scheme holds about a member, answered for the accounts app.

Accounts (a core app) cannot import safety; it asks this provider instead: where to tell the
member about a change to their account, what goes into their own download, and what to erase
when they delete their account. The keyed hashes "forgot password" finds a member by are kept
in step with the profile's mail address and number here too, whoever saves the profile.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Sum
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts import account_data
from koers.accounts.account_data import DataItem, DataSection
from koers.accounts.models import User
from koers.accounts.services import set_recovery_addresses
from koers.audit.models import AuditEntry

from .models import MemberProfile, NotifyChannel, NumberCheck, Report

CHECK_DETAIL = re.compile(r"^number check: (\d+) checked")


class SafetyAccountData(account_data.AccountDataProvider):
    def notice_address(self, user: User) -> tuple[str, str] | None:
        """The channel the member chose for warnings; without one, the address they gave
        (mail first), since a password change they did not make must reach them."""
        profile = MemberProfile.objects.filter(user=user).first()
        if profile is None:
            return None
        if profile.notify_by == NotifyChannel.MAIL and profile.email:
            return ("mail", profile.email)
        if profile.notify_by == NotifyChannel.SMS and profile.phone:
            return ("sms", profile.phone)
        if profile.email:
            return ("mail", profile.email)
        return ("sms", profile.phone) if profile.phone else None

    def export(self, user: User) -> list[DataSection]:
        sections = []
        profile = MemberProfile.objects.filter(user=user).first()
        if profile is not None:
            regions = [region.name for region in profile.regions.order_by("name")]
            sections.append(
                DataSection(
                    key="safety_membership",
                    title=_("Your safety membership"),
                    items=[
                        DataItem("work_name", _("Work name"), profile.work_name),
                        DataItem("email", _("E-mail address"), profile.email),
                        DataItem("mobile_number", _("Mobile number"), profile.phone),
                        DataItem("regions", _("Regions"), regions, ", ".join(regions)),
                        DataItem(
                            "notify_by",
                            _("Tell me about new warnings by"),
                            profile.notify_by,
                            profile.get_notify_by_display(),
                        ),
                        DataItem(
                            "status", _("Status"), profile.status, profile.get_status_display()
                        ),
                        DataItem("reference", _("Reference"), profile.reference),
                        DataItem(
                            "member_since",
                            _("Member since"),
                            timezone.localtime(profile.created_at).date().isoformat(),
                        ),
                    ],
                )
            )
        sections.append(self._number_checks(user))
        reports = Report.objects.filter(reporter=user).count()
        sections.append(
            DataSection(
                key="reports",
                title=_("Reports"),
                items=[DataItem("reports_filed", _("Reports you filed"), reports)],
            )
        )
        return sections

    def _number_checks(self, user: User) -> DataSection:
        """Counts only: how many checks and numbers, never which numbers (Koers does not
        keep them). The audit trail holds one entry per check with its count."""
        checks = numbers = 0
        for detail in AuditEntry.objects.filter(
            actor=user, object_type="safety.numbercheck"
        ).values_list("detail", flat=True):
            checks += 1
            match = CHECK_DETAIL.match(detail)
            numbers += int(match.group(1)) if match else 0
        recent = NumberCheck.objects.filter(member=user).aggregate(total=Sum("numbers"))
        return DataSection(
            key="number_checks",
            title=_("Number checks"),
            items=[
                DataItem("checks", _("Checks you made"), checks),
                DataItem("numbers_checked", _("Numbers checked in total"), numbers),
                DataItem(
                    "numbers_checked_last_2_days",
                    _("Numbers checked in the last two days (for the limit)"),
                    recent["total"] or 0,
                ),
            ],
        )

    def erase(self, user: User) -> None:
        """The membership row (encrypted work name and channels) goes with its regions; the
        check events go; reports stay for the moderators, without the link to the member."""
        Report.objects.filter(reporter=user).update(reporter=None)
        NumberCheck.objects.filter(member=user).delete()
        MemberProfile.objects.filter(user=user).delete()


def _sync_recovery_addresses(sender: Any, instance: MemberProfile, **kwargs: Any) -> None:
    set_recovery_addresses(instance.user, email=instance.email, phone=instance.phone)


def connect() -> None:
    account_data.register(SafetyAccountData())
    post_save.connect(
        _sync_recovery_addresses,
        sender=MemberProfile,
        dispatch_uid="koers.safety.sync_recovery_addresses",
    )
