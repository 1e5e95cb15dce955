"""Reading accounts: second-factor state and an organisation's staff."""

from django.db.models import QuerySet
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User, UserKind


def has_confirmed_totp(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def staff_of(organisation) -> QuerySet[User]:
    return (
        User.objects.filter(kind=UserKind.STAFF, membership__organisation=organisation)
        .distinct()
        .prefetch_related("membership_set")
        .order_by("username")
    )
