"""Refused attempts to open a client's pages are recorded in the audit log.

Every URL under ``/clients/<client_id>/`` is wrapped (see ``urls.py``): when the view
answers 403 or 404 and the client is not one the user may open (another organisation's,
a colleague's not shared, or the user's role has no case files), an audit entry says so,
in the user's own organisation's log, where a coordinator sees it marked "refused". The
id typed is recorded, nothing about the client behind it (whose organisation is not told).
A 404 for something inside a file the user may open (a goal id that does not exist) is
not a refusal and is not recorded.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from koers.audit.models import AuditAction
from koers.audit.selectors import REFUSED_PREFIX
from koers.audit.services import record

from .models import Trajectory
from .selectors import visible_trajectories


def _record(request: HttpRequest, client_id: int, status: int) -> None:
    user = request.user
    if not getattr(user, "is_authenticated", False):
        return
    if visible_trajectories(user).filter(client_id=client_id).exists():
        return
    record(
        user,
        AuditAction.READ,
        ("trajectories.client", str(client_id)),
        detail=f"{REFUSED_PREFIX} client page outside the user's reach ({status})",
    )


def refusals_recorded(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Http404:
            _record(request, kwargs.get("client_id", 0), 404)
            raise
        except PermissionDenied:
            _record(request, kwargs.get("client_id", 0), 403)
            raise

    return wrapped


def client_objects(client_id: int) -> list[tuple[str, str]]:
    """The audit objects that belong to one client (for the audit page's client filter)."""
    refs = [("trajectories.client", str(client_id))]
    trajectory_id = (
        Trajectory.objects.filter(client_id=client_id).values_list("pk", flat=True).first()
    )
    if trajectory_id is not None:
        refs.append(("trajectories.trajectory", str(trajectory_id)))
    return refs
