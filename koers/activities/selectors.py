"""Reads of activities: the public listing with its filters, the organiser's own activities,
and attendance per region and quarter for monitoring."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, TypedDict

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone

from koers.accounts.actors import Actor
from koers.regions.models import Region

from .models import Activity


@dataclass(frozen=True)
class Listing:
    region: Region | None = None
    from_date: date | None = None
    language: str = ""
    kind: str = ""


def upcoming(criteria: Listing, now: datetime | None = None) -> list[Activity]:
    """Activities still to come (weekly ones always), by their next start. Online ones are
    shown in every region."""
    now = now or timezone.now()
    start = now
    if criteria.from_date is not None:
        start = max(now, timezone.make_aware(datetime.combine(criteria.from_date, time.min)))
    qs = Activity.objects.filter(
        Q(weekly=True, cancelled_at__isnull=True) | Q(weekly=False, starts_at__gte=start)
    ).select_related("organisation", "region")
    if criteria.region is not None:
        qs = qs.filter(Q(region=criteria.region) | Q(online=True))
    if criteria.language:
        qs = qs.filter(language=criteria.language)
    if criteria.kind:
        qs = qs.filter(kind=criteria.kind)
    found = list(qs.annotate(taken=Count("registrations"))[:300])
    return sorted(found, key=lambda activity: activity.next_start(start))


def public_activity(pk: int) -> Activity | None:
    return (
        Activity.objects.select_related("organisation", "region")
        .annotate(taken=Count("registrations"))
        .filter(pk=pk)
        .first()
    )


def organisation_activities(user: Actor) -> QuerySet[Activity]:
    """The organiser's view: only the activities of the user's own organisation."""
    organisation = user.organisation
    if organisation is None:
        return Activity.objects.none()
    return Activity.objects.filter(organisation=organisation).annotate(taken=Count("registrations"))


class AttendanceRow(TypedDict):
    region_id: int
    year: int
    quarter: int
    activities: int
    attendance: int
    registered: int


def attendance_per_region_quarter(start: date, end: date) -> list[AttendanceRow]:
    """How many came to activities (the organisers' counts) per region and quarter; for
    monitoring, which applies the disclosure protection."""
    rows: Any = (
        Activity.objects.filter(
            starts_at__date__gte=start, starts_at__date__lte=end, cancelled_at__isnull=True
        )
        .annotate(year=ExtractYear("starts_at"), quarter=ExtractQuarter("starts_at"))
        .values("region_id", "year", "quarter")
        .annotate(n=Count("id"), came=Sum("attendance"), signed=Sum("registered_count"))
        .order_by("year", "quarter", "region_id")
    )
    return [
        AttendanceRow(
            region_id=row["region_id"],
            year=row["year"],
            quarter=row["quarter"],
            activities=row["n"],
            attendance=row["came"] or 0,
            registered=row["signed"] or 0,
        )
        for row in rows
    ]
