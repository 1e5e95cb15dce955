"""Writes for accounts: creating staff, second-factor enrolment and recovery codes."""

import secrets

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from koers.audit.models import AuditAction
from koers.audit.services import record

from .models import Membership, Role, User, UserKind

RECOVERY_CODE_COUNT = 10


@transaction.atomic
def create_staff_user(
    *, username: str, password: str, organisation, roles: list[str], email: str = "", by=None
) -> User:
    """Create a staff login with ``roles`` in ``organisation``; validates the password."""
    user = User(username=username, email=email, kind=UserKind.STAFF)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    for role in roles:
        membership = Membership(
            user=user,
            organisation=None if role == Role.SITE_ADMINISTRATOR else organisation,
            role=role,
        )
        membership.full_clean()
        membership.save()
    if by is not None:
        record(by, AuditAction.CREATE, user, organisation=organisation, detail="staff account")
    return user


def start_totp_enrolment(user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, created on first call and reused after."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=False)
    return device


def confirm_totp_enrolment(device: TOTPDevice, token: str) -> bool:
    """Confirm the device when ``token`` is the current code; other devices are removed."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten fresh single-use codes and return them."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="recovery codes")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    device.token_set.all().delete()
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def reset_second_factor(user: User, *, by) -> None:
    """Remove every second-factor device so the user enrols again at next login."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record(by, AuditAction.UPDATE, user, detail="second factor reset")


def deactivate_user(user: User, *, by) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])
    record(by, AuditAction.UPDATE, user, detail="deactivated")
