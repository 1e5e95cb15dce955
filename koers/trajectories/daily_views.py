"""The worker's day: the start page ("Today"), the compact client list with search, the
agenda of planned contacts, and marking a pinned handover note read.

Kept apart from ``views.py`` (the screens of one file) so each stays readable; the logic is
in :mod:`.today`, :mod:`.caseload` and :mod:`.agenda`.
"""

from datetime import date, timedelta
from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from koers.accounts.access import public, staff_required
from koers.accounts.models import Role, User
from koers.audit.services import log_read

from . import caseload, presenters, selectors, services, tasks
from .agenda import planned_contacts
from .forms import TaskForm
from .models import Handover, Task
from .today import today_for
from .views import _data, _form_page, _open, _sealed_guard
from .vocabulary import AftercareLevel, Phase, SexWorkStatus

CASEWORK = (Role.PROFESSIONAL, Role.COORDINATOR)


_staff = staff_required(*CASEWORK)


def _user(request: HttpRequest) -> User:
    """The logged-in staff user (``_staff`` let only them through)."""
    return cast(User, request.user)


@_staff
@require_GET
def today(request: HttpRequest) -> HttpResponse:
    """The start page: what needs attention today, with counts and links."""
    day = today_for(request.user)
    log_read(request, ("trajectories.caseload", "today"), detail="start page")
    return render(request, "trajectories/today.html", {"day": day})


@_staff
@require_GET
def my_clients(request: HttpRequest) -> HttpResponse:
    """The compact client list: search by (part of) the work name or the file's reference,
    filter by phase, sex-work status, overdue, aftercare level, contact person; sort."""
    query = caseload.from_params(request.GET, request.user)
    try:
        # At most 2**31: a larger page (past the end anyway) makes an OFFSET SQLite refuses.
        page = min(max(int(request.GET.get("page", "1")), 1), 2**31)
    except ValueError:
        page = 1
    rows, total = caseload.client_rows(request.user, query, page)
    pages = max((total + caseload.PAGE_SIZE - 1) // caseload.PAGE_SIZE, 1)
    log_read(
        request,
        ("trajectories.caseload", query.scope),
        detail="search in the list of clients" if query.q else "list of clients",
    )
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "query": query,
        "rows": rows,
        "lines": presenters.client_table_rows(
            rows, with_contact_person=query.scope == "organisation"
        ),
        "total": total,
        "page": page,
        "pages": pages,
        "base_query": params.urlencode(),
        "today": timezone.localdate(),
        "phases": Phase.choices,
        "statuses": SexWorkStatus.choices,
        "aftercare_levels": AftercareLevel.choices,
        "workers": selectors.colleagues(_user(request).organisation)
        if query.scope == "organisation"
        else [],
        "sorts": [
            ("next", _("Next contact")),
            ("name", _("Work name")),
            ("last", _("Last contact")),
            ("phase", _("Phase")),
        ],
    }
    return render(request, "trajectories/my_clients.html", context)


def _week_start(raw: str | None) -> date:
    try:
        day = date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        day = timezone.localdate()
    day = min(max(day, date(2000, 1, 3)), date(2999, 12, 1))
    return day - timedelta(days=day.weekday())


@_staff
@require_GET
def agenda(request: HttpRequest) -> HttpResponse:
    """Planned contacts by day for one week (mine; a coordinator's organisation view)."""
    scope = request.GET.get("scope", "mine")
    if scope != "organisation" or not _user(request).has_role(Role.COORDINATOR):
        scope = "mine"
    start = _week_start(request.GET.get("week"))
    days = planned_contacts(request.user, start, scope=scope)
    log_read(request, ("trajectories.caseload", "agenda"), detail="agenda")
    return render(
        request,
        "trajectories/agenda.html",
        {
            "days": days,
            "scope": scope,
            "start": start,
            "end": start + timedelta(days=6),
            "previous": (start - timedelta(days=7)).isoformat(),
            "next": (start + timedelta(days=7)).isoformat(),
            "today": timezone.localdate(),
        },
    )


@_staff
@require_POST
def handover_read(request: HttpRequest, client_id: int, handover_id: int) -> HttpResponse:
    """The new contact person has read the pinned handover note."""
    trajectory = selectors.trajectory_for(request.user, client_id, details=False)
    handover = get_object_or_404(Handover, pk=handover_id, trajectory=trajectory)
    handover.trajectory = trajectory
    if services.mark_handover_read(handover, by=request.user):
        messages.success(request, _("The handover note was marked read."))
    return redirect("trajectories:client", client_id=client_id)


# --- tasks and the calendar feed -------------------------------------------------------------


@_staff
@require_http_methods(["GET", "POST"])
@_sealed_guard
def task_new(request: HttpRequest, client_id: int) -> HttpResponse:
    """A task for this client with a due date; shown on the start page when due."""
    trajectory = _open(request, client_id)
    form = TaskForm(_data(request))
    return _form_page(
        request,
        trajectory,
        form,
        lambda data: tasks.add_task(
            trajectory, by=request.user, title=data["title"], due_on=data["due_on"]
        ),
        title=_("New task"),
        success=_("The task was added."),
    )


@_staff
@require_POST
def task_done(request: HttpRequest, client_id: int, task_id: int) -> HttpResponse:
    trajectory = selectors.trajectory_for(request.user, client_id, details=False)
    task = get_object_or_404(Task, pk=task_id, trajectory=trajectory)
    task.trajectory = trajectory
    done = request.POST.get("done", "1") == "1"
    tasks.set_done(task, by=request.user, done=done)
    messages.success(
        request, _("The task was marked done.") if done else _("The task is open again.")
    )
    if request.POST.get("next") == "today":
        return redirect("trajectories:today")
    return redirect("trajectories:client", client_id=client_id)


@_staff
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    """Create, replace or revoke the worker's private calendar address."""
    secret = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            tasks.revoke_feed(request.user)
            messages.success(request, _("The calendar address was revoked: it no longer works."))
            return redirect("trajectories:calendar")
        secret = tasks.new_feed_secret(request.user)
    has_feed = secret is not None or hasattr(request.user, "calendar_feed")
    feed_url = (
        request.build_absolute_uri(reverse("trajectories:calendar_feed", args=[secret]))
        if secret
        else ""
    )
    return render(
        request, "trajectories/calendar.html", {"feed_url": feed_url, "has_feed": has_feed}
    )


@public
@require_GET
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The private feed for calendar apps: neutral titles only; 404 for a wrong or revoked
    secret (indistinguishable)."""
    user = tasks.feed_owner(secret)
    if user is None:
        raise Http404
    response = HttpResponse(tasks.calendar_text(user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response


@_staff
@require_POST
@_sealed_guard
def plan(request: HttpRequest, client_id: int) -> HttpResponse:
    """Plan (or clear) the next contact without logging one; a bad date is told, not saved."""
    trajectory = _open(request, client_id)
    raw = request.POST.get("next_contact_on", "").strip()
    try:
        on = date.fromisoformat(raw) if raw else None
    except ValueError:
        messages.error(request, _("Enter a valid date."))
        return redirect("trajectories:client", client_id=client_id)
    try:
        services.plan_next_contact(trajectory, by=_user(request), on=on)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The next contact was planned.") if on else _("No contact is planned now.")
        )
    return redirect("trajectories:client", client_id=client_id)
