"""The logged-in user, their memberships and their second-factor device from the shared
cache instead of three database queries on every request.

Why: every staff page paid the session, the user, the memberships and the OTP device from
the database before doing any work of its own (issue 17; ``ref-staff-bare`` in the
benchmark). With ``cached_db`` sessions the session already comes from Redis; this module
does the same for the rest.

Safe because:

- it is on only with a cache **shared by every process** (``AUTH_CACHE_SECONDS`` > 0, set
  when ``REDIS_URL`` is): an invalidation must reach every app server, which a per-process
  cache cannot;
- every write that could change the answer deletes the entry: saving or deleting a user
  (password, ``is_active``, kind), a membership, or any second-factor device (signals, also
  sent for ``QuerySet.delete()``); the entries also expire after ``AUTH_CACHE_SECONDS``;
- a cached user goes through the same checks as Django's ``get_user``: the session's
  backend must still be configured, the session hash must match the user's password hash
  (any doubt: Django's own ``get_user`` decides, which also flushes a bad session), and the
  user must be active;
- a cached device is still checked by django-otp against the user and ``confirmed``.

``QuerySet.update()`` on users, memberships or devices sends no signal: nothing in Koers does
that; anything that starts to must call ``forget_user``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.core.cache import cache
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from django_otp.middleware import OTPMiddleware


def _enabled() -> bool:
    return settings.AUTH_CACHE_SECONDS > 0


def user_key(user_id: Any) -> str:
    return f"accounts:user:{settings.RELEASE}:{user_id}"


def device_key(persistent_id: str) -> str:
    return f"accounts:otp-device:{settings.RELEASE}:{persistent_id}"


def forget_user(user_id: Any) -> None:
    cache.delete(user_key(user_id))


def forget_device(persistent_id: str) -> None:
    cache.delete(device_key(persistent_id))


def _session_hash_matches(request, user) -> bool:
    session_hash = request.session.get(HASH_SESSION_KEY)
    if not session_hash or not hasattr(user, "get_session_auth_hash"):
        return False
    # A mismatch (fallback keys, rotation) is not decided here: Django's get_user does.
    return constant_time_compare(session_hash, user.get_session_auth_hash())


def cached_get_user(request):
    """``django.contrib.auth.get_user``, served from the shared cache when it may be."""
    try:
        user_id = request.session[SESSION_KEY]
        backend_path = request.session[BACKEND_SESSION_KEY]
    except KeyError:
        return auth.get_user(request)
    if not _enabled() or backend_path not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    key = user_key(user_id)
    user = cache.get(key)
    if user is not None and user.is_active and _session_hash_matches(request, user):
        return user
    user = auth.get_user(request)  # Django's full checks (and flush on a bad session)
    if user.is_authenticated:
        _ = user.memberships  # loaded now, cached with the user
        cache.set(key, user, settings.AUTH_CACHE_SECONDS)
    return user


class CachedAuthenticationMiddleware(AuthenticationMiddleware):
    def process_request(self, request) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: cached_get_user(request))


class CachedOTPMiddleware(OTPMiddleware):
    def _device_from_persistent_id(self, persistent_id: str):
        if not _enabled():
            return super()._device_from_persistent_id(persistent_id)
        key = device_key(persistent_id)
        device = cache.get(key)
        if device is None:
            device = super()._device_from_persistent_id(persistent_id)
            if device is not None:
                cache.set(key, device, settings.AUTH_CACHE_SECONDS)
        return device


def connect_invalidation() -> None:
    """Called from the accounts app's ``ready``."""
    from django.db.models.signals import post_delete, post_save
    from django_otp.models import Device

    from koers.organisations.models import Organisation

    from .models import Membership, User

    def user_changed(sender, instance, **kwargs) -> None:
        forget_user(instance.pk)

    def membership_changed(sender, instance, **kwargs) -> None:
        forget_user(instance.user_id)

    def organisation_changed(sender, instance, **kwargs) -> None:
        for user_id in Membership.objects.filter(organisation=instance).values_list(
            "user_id", flat=True
        ):
            forget_user(user_id)

    def device_changed(sender, instance, **kwargs) -> None:
        if isinstance(instance, Device):
            forget_device(instance.persistent_id)

    for signal in (post_save, post_delete):
        signal.connect(user_changed, sender=User, weak=False, dispatch_uid=f"cache-user-{signal}")
        signal.connect(
            membership_changed, sender=Membership, weak=False, dispatch_uid=f"cache-mem-{signal}"
        )
        signal.connect(
            organisation_changed,
            sender=Organisation,
            weak=False,
            dispatch_uid=f"cache-org-{signal}",
        )
        signal.connect(device_changed, weak=False, dispatch_uid=f"cache-device-{signal}")
