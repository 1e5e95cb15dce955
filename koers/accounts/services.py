"""Writes for accounts: staff, the second factor, passwords, recovery, sessions, deletion.

Recovery codes and password-reset codes are stored only as keyed hashes; a reset code
expires, works once and dies after ``MAX_CODE_TRIES`` wrong tries. Everything that changes
how someone gets into their account is written to the audit log and, where the person has a
channel, told to them in a message that says nothing beyond what happened.
"""

from __future__ import annotations

import base64
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module

import segno
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from ua_parser import parse as parse_user_agent

from koers.audit.models import AuditAction
from koers.audit.services import record
from koers.notifications.addresses import NumberNotUnderstood, to_e164
from koers.notifications.backends import NotificationError
from koers.notifications.services import send
from koers.organisations.models import Organisation
from koers.privacy.keys import keyed_hash

from . import account_data
from .actors import Actor
from .models import (
    AccountSession,
    Membership,
    PasswordResetCode,
    PendingReset,
    RecoveryAddress,
    RecoveryAttempt,
    RecoveryChannel,
    ResetPurpose,
    Role,
    User,
    UserKind,
)

RECOVERY_CODE_COUNT = 10
MAX_CODE_TRIES = 5
STAFF_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


@transaction.atomic
def create_staff_user(
    *,
    username: str,
    password: str,
    organisation: Organisation | None,
    roles: list[str],
    email: str = "",
    by: Actor | None = None,
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


# --- second factor --------------------------------------------------------------------------


@dataclass(frozen=True)
class TotpEnrolment:
    """An authenticator being set up: the device, its key to type in and its QR code."""

    device: TOTPDevice
    secret: str
    qr_svg: str


def start_totp_enrolment(user: User) -> TotpEnrolment:
    """The user's unconfirmed authenticator (created on first call, reused after), with the
    key in base32 — what authenticator apps accept when typed — and an inline SVG QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=False)
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    qr_svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    return TotpEnrolment(device=device, secret=secret, qr_svg=qr_svg)


def confirm_totp_enrolment(device: TOTPDevice, token: str) -> bool:
    """Confirm the device when ``token`` is the current code; other devices are removed."""
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def complete_totp_enrolment(enrolment: TotpEnrolment, token: str) -> list[str] | None:
    """Confirm the authenticator with ``token``; the new recovery codes, or ``None`` when the
    code is wrong. Staff at first login and members who opt in both come through here."""
    device = enrolment.device
    if not confirm_totp_enrolment(device, token):
        return None
    codes = new_recovery_codes(device.user)
    record(device.user, AuditAction.UPDATE, device.user, detail="second factor enrolled")
    return codes


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes with ten fresh single-use codes and return them."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name="recovery codes")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    device.token_set.all().delete()
    codes = [f"{secrets.token_hex(3)}-{secrets.token_hex(3)}" for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def reset_second_factor(user: User, *, by: Actor | None) -> None:
    """Remove every second-factor device so the user enrols again at next login."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    record(by, AuditAction.UPDATE, user, detail="second factor reset")


def deactivate_user(user: User, *, by: Actor | None) -> None:
    user.is_active = False
    user.save(update_fields=["is_active"])
    end_sessions(user)
    record(by, AuditAction.UPDATE, user, detail="deactivated")


# --- sessions ---------------------------------------------------------------------------------


def _session_store() -> type[SessionBase]:
    store: type[SessionBase] = import_module(settings.SESSION_ENGINE).SessionStore
    return store


def device_family(user_agent: str) -> str:
    """The browser and system family ("Firefox / Android"), nothing finer: enough to
    recognise one's own phone, too little to single anyone out."""
    result = parse_user_agent((user_agent or "")[:512])
    browser = result.user_agent.family if result.user_agent else ""
    system = result.os.family if result.os else ""
    browser = "" if browser == "Other" else browser
    system = "" if system == "Other" else system
    if browser and system:
        return f"{browser} / {system}"[:120]
    return (browser or system)[:120]


def remember_session(request: HttpRequest, user: User) -> None:
    """Note the new session of ``user`` (called at every login) for their sessions page."""
    session = getattr(request, "session", None)
    key = getattr(session, "session_key", None)
    if not key:
        return
    AccountSession.objects.update_or_create(
        session_key=key,
        defaults={
            "user": user,
            "device": device_family(request.META.get("HTTP_USER_AGENT", "")),
        },
    )


def forget_session(session_key: str | None) -> None:
    if session_key:
        AccountSession.objects.filter(session_key=session_key).delete()


def end_session(user: User, session_key: str) -> bool:
    """End one session of ``user``; ``False`` when it is not theirs (or gone already)."""
    if not AccountSession.objects.filter(user=user, session_key=session_key).exists():
        return False
    _session_store()(session_key=session_key).delete(session_key)
    forget_session(session_key)
    return True


def end_sessions(user: User, *, keep: str | None = None) -> int:
    """End every session of ``user`` except ``keep``. Works with any session engine (db,
    cached_db, cache): each session is deleted through the configured store by its key."""
    store = _session_store()
    keys = set(AccountSession.objects.filter(user=user).values_list("session_key", flat=True))
    keys.discard(keep)
    for key in keys:
        store(session_key=key).delete(key)
    AccountSession.objects.filter(session_key__in=keys).delete()
    return len(keys)


def _keep_current_session(request: HttpRequest, user: User) -> None:
    """After a password change the current session stays logged in under a new key."""
    old_key = request.session.session_key
    update_session_auth_hash(request, user)
    new_key = request.session.session_key
    if old_key and new_key and old_key != new_key:
        AccountSession.objects.filter(session_key=old_key).update(session_key=new_key)


# --- telling the person ---------------------------------------------------------------------


def notice_address(user: User) -> tuple[str, str] | None:
    """Where to tell ``user`` about a change to their account: a staff member's work mail,
    a member's own channel (asked from the apps that hold it)."""
    if user.kind == UserKind.STAFF:
        return ("mail", user.email) if user.email else None
    for provider in account_data.providers():
        address = provider.notice_address(user)
        if address:
            return address
    return None


def notify_account_holder(user: User, subject: str, body: str) -> bool:
    """Send ``body`` to the person; ``False`` when there is no channel or it failed."""
    address = notice_address(user)
    if address is None:
        return False
    try:
        send(address[0], address[1], subject, body)
    except NotificationError:
        record(None, AuditAction.UPDATE, user, detail="account notice could not be delivered")
        return False
    return True


def _password_changed_notice(user: User) -> None:
    notify_account_holder(
        user,
        _("Koers: your password was changed"),
        _("Your Koers password was changed."),
    )


# --- changing a password --------------------------------------------------------------------


def change_password(request: HttpRequest, user: User, new_password: str) -> int:
    """Set ``new_password`` (the form checked the current one and the validators), end every
    other session of the user, keep this one, audit and tell them. Returns sessions ended."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        ended = end_sessions(user, keep=request.session.session_key)
        _keep_current_session(request, user)
        detail = f"password changed; {ended} other sessions ended"
        record(user, AuditAction.UPDATE, user, detail=detail)
    _password_changed_notice(user)
    return ended


# --- rate limits ----------------------------------------------------------------------------


def _over_limit(scope: str, key: str, limit: int, *, count: bool = True) -> bool:
    """Count one attempt in ``scope`` for ``key`` (kept only as a keyed hash, for an hour);
    ``True`` when the hour's ``limit`` is already reached (then nothing is counted)."""
    now = timezone.now()
    RecoveryAttempt.objects.filter(at__lt=now - timedelta(hours=1)).delete()
    key_hash = keyed_hash(f"recovery:{scope}:{key}")
    recent = RecoveryAttempt.objects.filter(
        scope=scope, key_hash=key_hash, at__gte=now - timedelta(hours=1)
    ).count()
    if recent >= limit:
        return True
    if count:
        RecoveryAttempt.objects.create(scope=scope, key_hash=key_hash, at=now)
    return False


# --- members: forgot password -----------------------------------------------------------------


def recovery_address(typed: str) -> tuple[str, str]:
    """``(channel, address)`` for what someone typed: a mail address (lower case) or a mobile
    number (E.164). Raises ``ValueError`` when it is neither."""
    text = (typed or "").strip()
    if "@" in text:
        local, _at, domain = text.rpartition("@")
        if not local or "." not in domain or " " in text:
            raise ValueError(text)
        return RecoveryChannel.MAIL, text.lower()
    try:
        return RecoveryChannel.SMS, to_e164(text)
    except NumberNotUnderstood:
        raise ValueError(text) from None


def _address_hash(channel: str, address: str, key: str | None = None) -> str:
    return keyed_hash(f"recovery-address:{channel}:{address}", key)


def set_recovery_addresses(user: User, *, email: str = "", phone: str = "") -> None:
    """Keep the keyed hashes "forgot password" finds ``user`` by in step with the mail
    address and mobile number they registered (empty: none)."""
    for channel, raw in ((RecoveryChannel.MAIL, email), (RecoveryChannel.SMS, phone)):
        try:
            found = recovery_address(raw) if raw else None
        except ValueError:
            found = None
        if found is None or found[0] != channel:
            RecoveryAddress.objects.filter(user=user, channel=channel).delete()
            continue
        RecoveryAddress.objects.update_or_create(
            user=user, channel=channel, defaults={"address_hash": _address_hash(*found)}
        )


class TooManyAttempts(Exception):
    """The visitor's address asked too often this hour; nothing was sent or checked."""


def _new_code(purpose: str) -> str:
    if purpose == ResetPurpose.MEMBER:
        return f"{secrets.randbelow(10**8):08d}"
    raw = "".join(secrets.choice(STAFF_CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def _code_hash(user_id: int, code: str) -> str:
    cleaned = code.strip().upper().replace("-", "").replace(" ", "")
    return keyed_hash(f"reset-code:{user_id}:{cleaned}")


def _issue_code(user: User, purpose: str, lifetime: timedelta, *, by: User | None) -> str:
    """A fresh code for ``user``; any earlier open code of the same kind stops working."""
    now = timezone.now()
    PasswordResetCode.objects.filter(user=user, purpose=purpose, used_at__isnull=True).update(
        used_at=now
    )
    code = _new_code(purpose)
    PasswordResetCode.objects.create(
        user=user,
        purpose=purpose,
        code_hash=_code_hash(user.pk, code),
        created_at=now,
        expires_at=now + lifetime,
        issued_by=by,
    )
    return code


@dataclass
class ResetRequest:
    """What "forgot password" did: the token for the code step, and the messages to send.

    The messages are sent by ``deliver`` *after* the answer went out (see
    ``views.forgot``), so a slow mail server or SMS gateway cannot make the answer for an
    existing account slower than the one for an unknown address."""

    token: str
    outgoing: list[tuple[User, str, str, str]]

    def deliver(self) -> None:
        for user, channel, address, body in self.outgoing:
            try:
                send(channel, address, _("Koers: your code"), body)
            except NotificationError:
                record(None, AuditAction.UPDATE, user, detail="password reset code not delivered")
        self.outgoing = []


def request_member_reset(channel: str, address: str, *, client: str) -> ResetRequest:
    """Make a one-time code for the member account(s) registered with ``address`` (as
    ``recovery_address`` normalised it); the result carries a random token for the code
    step and the messages to deliver.

    The caller shows the same answer whatever happens here: whether an account exists, and
    whether the address had codes enough this hour, is never told. Raises
    ``TooManyAttempts`` when ``client`` (the visitor's address) asked too often."""
    if _over_limit("reset-request-client", client, settings.ACCOUNT_RESETS_PER_CLIENT_PER_HOUR):
        raise TooManyAttempts
    hashes = [_address_hash(channel, address, key) for key in settings.HMAC_KEYS]
    lifetime = timedelta(minutes=settings.ACCOUNT_RESET_CODE_MINUTES)
    limit = settings.ACCOUNT_RESETS_PER_ACCOUNT_PER_HOUR
    over_for_address = _over_limit("reset-request-address", hashes[0], limit)
    users = User.objects.filter(
        kind=UserKind.MEMBER,
        is_active=True,
        recovery_addresses__channel=channel,
        recovery_addresses__address_hash__in=hashes,
    ).distinct()
    outgoing = []
    for user in users:
        if over_for_address or _over_limit("reset-request-account", str(user.pk), limit):
            continue
        code = _issue_code(user, ResetPurpose.MEMBER, lifetime, by=None)
        record(None, AuditAction.UPDATE, user, detail=f"password reset code sent by {channel}")
        body = _(
            "Your Koers code: %(code)s\nIt works once, for %(minutes)s minutes. "
            "If you did not ask for it, ignore this message."
        ) % {"code": code, "minutes": settings.ACCOUNT_RESET_CODE_MINUTES}
        outgoing.append((user, channel, address, body))
    PendingReset.objects.filter(created_at__lt=timezone.now() - lifetime).delete()
    token = secrets.token_urlsafe(32)
    PendingReset.objects.create(token=token, address_hash=hashes[0], created_at=timezone.now())
    return ResetRequest(token=token, outgoing=outgoing)


def _open_codes(purpose: str) -> QuerySet[PasswordResetCode]:
    return PasswordResetCode.objects.filter(
        purpose=purpose,
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
        failed_attempts__lt=MAX_CODE_TRIES,
    ).select_related("user")


def _match_code(candidates: list[PasswordResetCode], code: str) -> PasswordResetCode | None:
    """The candidate whose hash matches ``code`` (compared in constant time); a wrong code
    counts one failed try on every candidate, so guessing kills them all quickly."""
    found = None
    for candidate in candidates:
        if hmac.compare_digest(candidate.code_hash, _code_hash(candidate.user_id, code)):
            found = candidate
    if found is None:
        for candidate in candidates:
            PasswordResetCode.objects.filter(pk=candidate.pk).update(
                failed_attempts=candidate.failed_attempts + 1
            )
        return None
    found.used_at = timezone.now()
    found.save(update_fields=["used_at"])
    return found


def verify_member_reset_code(token: str, code: str, *, client: str) -> User | None:
    """The member the code was sent to (``token`` from ``request_member_reset``), or
    ``None``; a right code is used up here, and so is the pending request.

    Raises ``TooManyAttempts`` when ``client`` tried too many codes this hour."""
    if _over_limit("reset-code-client", client, settings.ACCOUNT_RESET_CODE_TRIES_PER_HOUR):
        raise TooManyAttempts
    since = timezone.now() - timedelta(minutes=settings.ACCOUNT_RESET_CODE_MINUTES)
    pending = PendingReset.objects.filter(token=token, created_at__gte=since).first()
    address_hash = pending.address_hash if pending is not None else "-"
    candidates = list(
        _open_codes(ResetPurpose.MEMBER).filter(
            user__is_active=True, user__recovery_addresses__address_hash=address_hash
        )
    )
    found = _match_code(candidates, code)
    return found.user if found is not None else None


def reset_password(user: User, new_password: str, *, how: str) -> None:
    """Set the new password chosen after a reset; every session of the user ends (they
    log in again, with their second factor if they have one)."""
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        end_sessions(user)
        record(user, AuditAction.UPDATE, user, detail=f"password reset by {how}")
    _password_changed_notice(user)


# --- staff: recovery issued by a coordinator ---------------------------------------------------


def may_issue_staff_reset(by: User, worker: User) -> bool:
    """A coordinator for another worker of their own organisation; a site administrator
    for coordinators."""
    if worker.pk == by.pk or worker.kind != UserKind.STAFF:
        return False
    own = by.organisation
    if by.has_role(Role.COORDINATOR) and own is not None and worker.organisation == own:
        return True
    return by.has_role(Role.SITE_ADMINISTRATOR) and worker.has_role(Role.COORDINATOR)


def issue_staff_reset(worker: User, *, by: User, reset_second_factor_too: bool) -> str:
    """A one-time code with which ``worker`` sets a new password; their old password and
    every session stop working now. The code is returned to be handed over in person and is
    never sent; the worker's work mail only learns that a reset was issued."""
    if not may_issue_staff_reset(by, worker):
        raise PermissionError("not allowed to reset this account")
    lifetime = timedelta(hours=settings.ACCOUNT_STAFF_RESET_HOURS)
    with transaction.atomic():
        code = _issue_code(worker, ResetPurpose.STAFF, lifetime, by=by)
        worker.set_unusable_password()
        worker.save(update_fields=["password"])
        end_sessions(worker)
        if reset_second_factor_too:
            reset_second_factor(worker, by=by)
        record(by, AuditAction.UPDATE, worker, detail="password reset issued")
    hours = settings.ACCOUNT_STAFF_RESET_HOURS
    body = _(
        "A one-time password reset was issued for your Koers account. Ask the person who "
        "issued it for the code, then choose a new password on the login page within "
        "%(hours)s hours. If you did not ask for this, tell your coordinator."
    ) % {"hours": hours}
    notify_account_holder(worker, _("Koers: your password was reset"), body)
    return code


def redeem_staff_reset(username: str, code: str, *, client: str) -> User | None:
    """The staff member whose one-time code this is, or ``None``; a right code is used up.

    Raises ``TooManyAttempts`` when ``client`` tried too many codes this hour."""
    if _over_limit("staff-code-client", client, settings.ACCOUNT_RESET_CODE_TRIES_PER_HOUR):
        raise TooManyAttempts
    candidates = list(
        _open_codes(ResetPurpose.STAFF).filter(
            user__is_active=True,
            user__kind=UserKind.STAFF,
            user__username__iexact=(username or "").strip(),
        )
    )
    found = _match_code(candidates, code)
    return found.user if found is not None else None


# --- members: deleting the account --------------------------------------------------------------


@transaction.atomic
def delete_member_account(user: User) -> None:
    """Erase a member's personal data everywhere and close the login for good.

    Every app that holds data about the member erases it (the safety membership row with
    its encrypted work name and channels goes; reports they filed stay under the
    moderators' rules without a link to them). The login row itself stays as an empty
    tombstone (``deleted-<id>``, no password, inactive) because the audit log — append-only
    and hash-chained — points at it: the trail keeps its counts, not the person.
    """
    if user.kind != UserKind.MEMBER:
        raise PermissionError("staff accounts are deactivated, not deleted")
    for provider in account_data.providers():
        provider.erase(user)
    end_sessions(user)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    PasswordResetCode.objects.filter(user=user).delete()
    for address in RecoveryAddress.objects.filter(user=user):
        PendingReset.objects.filter(address_hash=address.address_hash).delete()
        RecoveryAttempt.objects.filter(
            key_hash=keyed_hash(f"recovery:reset-request-address:{address.address_hash}")
        ).delete()
    RecoveryAddress.objects.filter(user=user).delete()
    RecoveryAttempt.objects.filter(
        key_hash=keyed_hash(f"recovery:reset-request-account:{user.pk}")
    ).delete()
    username = user.get_username()
    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username=username).delete()
    record(user, AuditAction.DELETE, user, detail="member account deleted by the member")
    user.username = f"deleted-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.set_unusable_password()
    user.is_active = False
    user.last_login = None
    user.save()


def prune_account_records(now: datetime | None = None) -> int:
    """Delete what recovery and the sessions page no longer need: rate-limit counts older
    than an hour, unanswered "forgot password" requests and reset codes past their time,
    and the notes of sessions that ended without a logout (expired, cleared)."""
    now = now or timezone.now()
    deleted = RecoveryAttempt.objects.filter(at__lt=now - timedelta(hours=1)).delete()[0]
    lifetime = timedelta(minutes=settings.ACCOUNT_RESET_CODE_MINUTES)
    deleted += PendingReset.objects.filter(created_at__lt=now - lifetime).delete()[0]
    deleted += PasswordResetCode.objects.filter(expires_at__lt=now - timedelta(days=1)).delete()[0]
    store = _session_store()
    get_model = getattr(store, "get_model_class", None)
    if get_model is not None:
        alive = get_model().objects.filter(expire_date__gt=now).values("session_key")
        deleted += AccountSession.objects.exclude(session_key__in=alive).delete()[0]
    return deleted
