"""Reading accounts: second-factor state, an organisation's staff, a user's sessions and
what Koers holds about a member."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from koers.organisations.models import Organisation

from . import account_data
from .account_data import DataItem, DataSection
from .models import AccountSession, Role, User, UserKind


def has_confirmed_totp(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def staff_of(organisation: Organisation | None) -> QuerySet[User]:
    return (
        User.objects.filter(kind=UserKind.STAFF, membership__organisation=organisation)
        .distinct()
        .prefetch_related("membership_set")
        .order_by("username")
    )


def coordinators() -> QuerySet[User]:
    """Every coordinator login (the site administrator issues their password resets)."""
    return (
        User.objects.filter(kind=UserKind.STAFF, membership__role=Role.COORDINATOR)
        .distinct()
        .prefetch_related("membership_set__organisation")
        .order_by("username")
    )


def active_sessions(user: User) -> list[AccountSession]:
    """The user's sessions that still work, newest first; notes of sessions that ended
    otherwise (expired, cleared) are dropped on the way.

    With a database-backed session engine (``db``, ``cached_db`` — which writes through to
    the table) one query over the session table says which are alive; with another engine
    each session is asked for by its key."""
    noted = list(AccountSession.objects.filter(user=user))
    if not noted:
        return []
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = [row.session_key for row in noted]
    get_model = getattr(store, "get_model_class", None)
    if get_model is not None:
        alive = set(
            get_model()
            .objects.filter(session_key__in=keys, expire_date__gt=timezone.now())
            .values_list("session_key", flat=True)
        )
    else:
        alive = {key for key in keys if store().exists(key)}
    gone = [row.pk for row in noted if row.session_key not in alive]
    if gone:
        AccountSession.objects.filter(pk__in=gone).delete()
    return [row for row in noted if row.session_key in alive]


def account_data_of(user: User) -> list[DataSection]:
    """Everything Koers holds about ``user``, section by section (for their download)."""
    account = DataSection(
        key="account",
        title=_("Your login"),
        items=[
            DataItem("user_name", _("User name"), user.get_username()),
            DataItem(
                "joined",
                _("Account made on"),
                timezone.localtime(user.date_joined).date().isoformat(),
            ),
            DataItem(
                "second_factor",
                _("Second factor (authenticator app)"),
                has_confirmed_totp(user),
                _("yes") if has_confirmed_totp(user) else _("no"),
            ),
            DataItem(
                "sessions",
                _("Sessions logged in now"),
                len(active_sessions(user)),
            ),
        ],
    )
    sections = [account]
    for provider in account_data.providers():
        sections.extend(provider.export(user))
    return sections


def account_data_json(user: User) -> dict[str, dict[str, Any]]:
    """The same as ``account_data_of`` with keys and plain values, for the JSON download."""
    return {
        section.key: {item.key: item.value for item in section.items}
        for section in account_data_of(user)
    }
