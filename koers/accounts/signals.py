"""Every login is noted for the user's sessions page, every logout un-noted.

Signals rather than calls in the login view because sessions are also started elsewhere (a
member joining, the test client's ``force_login``) and must all be listed to be endable.
"""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django.http import HttpRequest

from . import services


@receiver(user_logged_in, dispatch_uid="koers.accounts.remember_session")
def _remember(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None:
        services.remember_session(request, user)


@receiver(user_logged_out, dispatch_uid="koers.accounts.forget_session")
def _forget(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        services.forget_session(session.session_key)
