"""Tasks attached to a client and the worker's private iCalendar feed.

The feed is written by hand (a few lines of RFC 5545) rather than with a library because it
contains only fixed, neutral text: every event is "Koers appointment" or "Koers task" on a
date, with no client name, note or link to a file, so there is nothing to escape and
nothing a calendar provider (which stores the feed) could learn about a client. The
address holds a random secret; Koers keeps only its SHA-256, and revoking deletes it, so
an old or guessed address gets 404.
"""

import hashlib
import secrets
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.audit.models import AuditAction
from koers.audit.services import record

from .models import EARLIEST_CASE_DATE, CalendarFeed, Task, Trajectory

#: How far ahead a task may be due; later is a typing error.
TASK_AHEAD_DAYS = 2 * 366
#: The feed covers this window around today.
FEED_PAST_DAYS, FEED_AHEAD_DAYS = 31, 366


def add_task(trajectory: Trajectory, *, by: Any, title: str, due_on: date | None) -> Task:
    """A task for the file's contact person (or ``by`` when they share the file)."""
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Write what needs to be done.")
    if due_on is None:
        errors["due_on"] = _("Enter the date it is due.")
    elif due_on < EARLIEST_CASE_DATE:
        errors["due_on"] = _(
            "Dates before 1 January 2000 are not accepted in a case file: check the year."
        )
    elif due_on > timezone.localdate() + timedelta(days=TASK_AHEAD_DAYS):
        errors["due_on"] = _("A task can be due at most two years ahead: check the year.")
    if errors or due_on is None:
        raise ValidationError(errors)
    if trajectory.is_closed:
        raise ValidationError(_("This file is closed. Reopen it first."))
    with transaction.atomic():
        task = Task.objects.create(
            trajectory=trajectory, owner=by, title=title[:200], due_on=due_on, created_by=by
        )
        record(by, AuditAction.CREATE, task, organisation=trajectory.organisation, detail="task")
    return task


def set_done(task: Task, *, by: Any, done: bool) -> None:
    task.done_at = timezone.now() if done else None
    task.save(update_fields=["done_at"])
    record(
        by,
        AuditAction.UPDATE,
        task,
        organisation=task.trajectory.organisation,
        detail="task done" if done else "task reopened",
    )


def open_tasks(trajectory: Trajectory) -> list[Task]:
    return list(Task.objects.filter(trajectory=trajectory, done_at__isnull=True).order_by("due_on"))


def due_tasks(user: Any, *, today: date | None = None, limit: int = 10) -> tuple[int, list[Any]]:
    """The worker's open tasks due today or earlier: count and the first ``limit``."""
    today = today or timezone.localdate()
    queryset = Task.objects.filter(
        owner=user, done_at__isnull=True, due_on__lte=today, trajectory__is_closed=False
    ).order_by("due_on", "pk")
    rows = list(
        queryset.values(
            "pk", "title", "due_on", "trajectory__client_id", "trajectory__client__work_name"
        )[: limit + 1]
    )
    count = len(rows) if len(rows) <= limit else queryset.count()
    return count, rows[:limit]


# --- the private calendar feed --------------------------------------------------------------


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def new_feed_secret(user: Any) -> str:
    """Create (or replace) the worker's feed; returns the secret for the address, shown once."""
    secret = secrets.token_urlsafe(32)
    with transaction.atomic():
        CalendarFeed.objects.filter(user=user).delete()
        CalendarFeed.objects.create(user=user, secret_hash=_hash(secret))
        record(
            user,
            AuditAction.CREATE,
            ("trajectories.calendarfeed", str(user.pk)),
            detail="calendar feed created",
        )
    return secret


def revoke_feed(user: Any) -> bool:
    deleted, _detail = CalendarFeed.objects.filter(user=user).delete()
    if deleted:
        record(
            user,
            AuditAction.DELETE,
            ("trajectories.calendarfeed", str(user.pk)),
            detail="calendar feed revoked",
        )
    return bool(deleted)


def feed_owner(secret: str) -> Any | None:
    """The worker whose feed has this secret, or ``None`` (wrong, revoked, inactive)."""
    if not secret or len(secret) > 100:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(secret_hash=_hash(secret)).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


def _line(text: str) -> str:
    return text + "\r\n"


def calendar_text(user: Any, *, today: date | None = None, now: datetime | None = None) -> str:
    """The worker's planned contacts and open tasks as all-day events with neutral titles."""
    today = today or timezone.localdate()
    stamp = (now or timezone.now()).strftime("%Y%m%dT%H%M%SZ")
    start, end = today - timedelta(days=FEED_PAST_DAYS), today + timedelta(days=FEED_AHEAD_DAYS)
    events: list[tuple[str, date, str]] = []
    for pk, on in Trajectory.objects.filter(
        contact_person=user, is_closed=False, next_contact_on__gte=start, next_contact_on__lte=end
    ).values_list("pk", "next_contact_on"):
        if on is not None:
            events.append((f"contact-{pk}-{on:%Y%m%d}", on, "Koers appointment"))
    for pk, on in Task.objects.filter(
        owner=user, done_at__isnull=True, due_on__gte=start, due_on__lte=end
    ).values_list("pk", "due_on"):
        events.append((f"task-{pk}", on, "Koers task"))
    out = [
        _line("BEGIN:VCALENDAR"),
        _line("VERSION:2.0"),
        _line("PRODID:-//Koers//agenda//EN"),
        _line("CALSCALE:GREGORIAN"),
        _line("X-WR-CALNAME:Koers"),
    ]
    for uid, on, title in sorted(events, key=lambda event: (event[1], event[0])):
        out += [
            _line("BEGIN:VEVENT"),
            _line(f"UID:{uid}@koers"),
            _line(f"DTSTAMP:{stamp}"),
            _line(f"DTSTART;VALUE=DATE:{on:%Y%m%d}"),
            _line(f"DTEND;VALUE=DATE:{on + timedelta(days=1):%Y%m%d}"),
            _line(f"SUMMARY:{title}"),
            _line("TRANSP:TRANSPARENT"),
            _line("END:VEVENT"),
        ]
    out.append(_line("END:VCALENDAR"))
    return "".join(out)
