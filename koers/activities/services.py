"""Writes of activities: publishing, registering (capacity checked under a row lock),
cancelling by the person's code or by the organiser (everyone registered is told), the
attendance count, the day-before reminders and deleting registrations afterwards."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from koers.accounts.actors import Actor
from koers.notifications.backends import NotificationError
from koers.notifications.services import send
from koers.organisations.models import Organisation
from koers.privacy.keys import keyed_hash

from .models import Activity, Registration

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def code_hash(code: str) -> str:
    return keyed_hash(f"activity-registration:{code}")


def normalise_code(typed: str) -> str:
    return "".join(ch for ch in (typed or "").upper() if ch.isalnum())[: CODE_LENGTH * 2]


def publish(*, organisation: Organisation, by: Actor | None, **fields: Any) -> Activity:
    activity = Activity(organisation=organisation, created_by=by, **fields)
    activity.full_clean(exclude=["created_by"])
    activity.save()
    return activity


@dataclass(frozen=True)
class Registered:
    registration: Registration
    code: str


def register(
    activity: Activity, *, work_name: str, channel: str, address: str, language: str = "nl"
) -> Registered:
    """Register one person; raises ``ValidationError`` (translated) when the activity is
    cancelled, past, full or needs no registration."""
    with transaction.atomic():
        locked = Activity.objects.select_for_update().get(pk=activity.pk)
        if locked.is_cancelled:
            raise ValidationError(_("This activity has been cancelled."))
        if not locked.registration_needed:
            raise ValidationError(_("No registration needed: just come by."))
        if locked.starts_at <= timezone.now():
            raise ValidationError(_("This activity has already started."))
        if locked.capacity is not None and locked.registrations.count() >= locked.capacity:
            raise ValidationError(_("This activity is full."))
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        registration = Registration.objects.create(
            activity=locked,
            work_name=work_name.strip(),
            channel=channel,
            address=address,
            language=language,
            code_hash=code_hash(code),
        )
    return Registered(registration, code)


def find_registration(typed: str) -> Registration | None:
    code = normalise_code(typed)
    if len(code) != CODE_LENGTH:
        return None
    return Registration.objects.select_related("activity").filter(code_hash=code_hash(code)).first()


def cancel_registration(typed: str) -> Activity | None:
    """Cancel the registration with this code; the activity it was for, or ``None``."""
    found = find_registration(typed)
    if found is None:
        return None
    activity = found.activity
    found.delete()
    return activity


def _tell(registration: Registration, subject: str, body: str) -> bool:
    try:
        send(registration.channel, registration.address, subject, body)
    except NotificationError:
        return False
    return True


def cancel_activity(activity: Activity, by: Actor) -> int:
    """Cancel the activity and tell everyone registered; returns how many were told."""
    if activity.is_cancelled:
        return 0
    activity.cancelled_at = timezone.now()
    activity.save(update_fields=["cancelled_at"])
    told = 0
    for registration in activity.registrations.all():
        with translation.override(registration.language):
            subject = _("Activity cancelled")
            body = _("%(title)s on %(date)s is cancelled. We are sorry.") % {
                "title": activity.title,
                "date": timezone.localtime(activity.starts_at).strftime("%d-%m-%Y %H:%M"),
            }
        told += _tell(registration, subject, body)
    return told


def record_attendance(activity: Activity, count: int) -> None:
    if count < 0 or count > 1000:
        raise ValidationError(_("Enter how many people came (0 to 1000)."))
    activity.attendance = count
    activity.save(update_fields=["attendance"])


def send_reminders(now: datetime | None = None) -> int:
    """Remind everyone registered for an activity that starts tomorrow (once each)."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    due = Registration.objects.select_related("activity").filter(
        reminded_at__isnull=True,
        activity__cancelled_at__isnull=True,
        activity__starts_at__date=tomorrow,
    )
    sent = 0
    for registration in due:
        activity = registration.activity
        with translation.override(registration.language):
            subject = _("Reminder: tomorrow")
            body = _("Tomorrow at %(time)s: %(title)s, %(place)s.") % {
                "time": timezone.localtime(activity.starts_at).strftime("%H:%M"),
                "title": activity.title,
                "place": activity.place,
            }
        if _tell(registration, subject, body):
            registration.reminded_at = now
            registration.save(update_fields=["reminded_at"])
            sent += 1
    return sent


def purge_past(now: datetime | None = None) -> int:
    """Delete the registrations of activities that have ended, keeping how many there were."""
    now = now or timezone.now()
    deleted = 0
    ended = Activity.objects.filter(registrations__isnull=False).distinct()
    for activity in ended:
        if activity.ends_at > now:
            continue
        with transaction.atomic():
            count = activity.registrations.count()
            activity.registered_count += count
            activity.save(update_fields=["registered_count"])
            activity.registrations.all().delete()
        deleted += count
    return deleted
