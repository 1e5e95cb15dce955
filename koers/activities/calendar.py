"""One activity as an iCalendar (RFC 5545) event. Written here rather than with a library
because one VEVENT with five properties is a dozen lines, and escaping is the only rule."""

from __future__ import annotations

from datetime import UTC, datetime

from django.utils import timezone

from .models import Activity


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def ical_for(activity: Activity, now: datetime | None = None) -> str:
    start = activity.next_start(now)
    end = start + (activity.ends_at - activity.starts_at)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Koers//activities//EN",
        "BEGIN:VEVENT",
        f"UID:activity-{activity.pk}@koers",
        f"DTSTAMP:{_stamp(now or timezone.now())}",
        f"DTSTART:{_stamp(start)}",
        f"DTEND:{_stamp(end)}",
        f"SUMMARY:{_escape(activity.title)}",
        f"LOCATION:{_escape(activity.place)}",
        f"DESCRIPTION:{_escape(activity.description)}",
    ]
    if activity.weekly:
        lines.append("RRULE:FREQ=WEEKLY")
    if activity.is_cancelled:
        lines.append("STATUS:CANCELLED")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(lines) + "\r\n"
