"""Who may use a view. Every view in Koers is wrapped in one of these decorators (or is
explicitly public), and the authorization-matrix test checks the result for every URL.

- ``public``: anybody, no login.
- ``staff_required(*roles)``: a logged-in staff user who passed the second factor and holds
  one of ``roles`` (any staff role when none are given). Not logged in or not verified →
  redirect to the login page; logged in without the role → 403.
- ``member_required``: a logged-in sex-worker member (second factor optional).
- ``account_required``: anyone logged in to their own account — staff who passed the second
  factor, members (who pass it too when they enrolled one). For pages about the account
  itself: password, sessions.
"""

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import UserKind

View = Callable[..., HttpResponse]


def public(view: View) -> View:
    """Mark a view as deliberately open to everyone (documentation for readers and tests)."""
    view.koers_access = "public"  # type: ignore[attr-defined]
    return view


@lru_cache(maxsize=1)
def _confirmed_device_sql() -> tuple[str, int]:
    """One query over every installed device type (TOTP, static recovery codes, ...).

    Why not ``django_otp.devices_for_user``: that asks each device table in turn and loads
    whole rows, and this runs on every request of a member who is not verified.
    """
    from django.db import connection
    from django_otp import device_classes

    quote = connection.ops.quote_name
    models = list(device_classes())
    sql = " UNION ALL ".join(
        f"SELECT 1 FROM {quote(model._meta.db_table)} "  # noqa: S608 - names from models
        f"WHERE {quote(model._meta.get_field('user').column)} = %s "
        f"AND {quote(model._meta.get_field('confirmed').column)} = %s"
        for model in models
    )
    return sql, len(models)


def _has_second_factor(user: Any) -> bool:
    """A member who chose a second factor must pass it, like staff always must."""
    from django.db import connection

    sql, device_types = _confirmed_device_sql()
    if not device_types:
        return False
    with connection.cursor() as cursor:
        cursor.execute(sql, [user.pk, True] * device_types)
        return cursor.fetchone() is not None


def is_verified_staff(user: Any) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and user.kind == UserKind.STAFF
        and user.is_verified()
    )


def staff_required(*roles: str) -> Callable[[View], View]:
    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated or (
                user.kind == UserKind.STAFF and not user.is_verified()
            ):
                return redirect_to_login(request.get_full_path())
            if not is_verified_staff(user):
                raise PermissionDenied
            if roles and not user.has_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.koers_access = ("staff", roles)  # type: ignore[attr-defined]
        return wrapped

    return decorator


def member_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.kind != UserKind.MEMBER or not user.is_active:
            raise PermissionDenied
        if not user.is_verified() and _has_second_factor(user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.koers_access = "member"  # type: ignore[attr-defined]
    return wrapped


def account_required(view: View) -> View:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not user.is_active:
            raise PermissionDenied
        if user.kind == UserKind.STAFF and not user.is_verified():
            return redirect_to_login(request.get_full_path())
        if user.kind == UserKind.MEMBER and not user.is_verified() and _has_second_factor(user):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.koers_access = "account"  # type: ignore[attr-defined]
    return wrapped
