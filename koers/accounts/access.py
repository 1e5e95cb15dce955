"""Who may use a view. Every view in Koers is wrapped in one of these decorators (or is
explicitly public), and the authorization-matrix test checks the result for every URL.

- ``public``: anybody, no login.
- ``staff_required(*roles)``: a logged-in staff user who passed the second factor and holds
  one of ``roles`` (any staff role when none are given). Not logged in or not verified →
  redirect to the login page; logged in without the role → 403.
- ``member_required``: a logged-in sex-worker member (second factor optional).
"""

from collections.abc import Callable
from functools import wraps
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


def _has_second_factor(user: Any) -> bool:
    """A member who chose a second factor must pass it, like staff always must."""
    from django_otp import devices_for_user

    return any(True for _ in devices_for_user(user, confirmed=True))


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
