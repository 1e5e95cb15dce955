"""Reading contact requests: a staff member's inbox (own organisation only), lookup by
reference code, and the counts that feed monitoring."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth

from koers.accounts.actors import Actor
from koers.organisations.models import Organisation
from koers.privacy.publishing import KEY_RANGE, record_key

from .codes import code_lookup_hashes, normalise
from .models import AdviserRegisterEntry, ContactRequest, ContactRequestTally
from .vocabulary import OPEN_STATUSES

COUNT_DIMENSIONS = ("organisation", "region", "month", "channel", "outcome")


def inbox(user: Actor, *, show: str = "open") -> QuerySet[ContactRequest]:
    """Requests of the user's organisation; ``show`` is ``open``, ``closed`` or ``all``.
    Urgent and oldest first among open requests."""
    qs = ContactRequest.objects.filter(organisation=user.organisation).select_related(
        "assigned_to", "service", "region"
    )
    if show == "open":
        qs = qs.filter(status__in=OPEN_STATUSES).order_by("-urgency", "created_at")
    elif show == "closed":
        qs = qs.exclude(status__in=OPEN_STATUSES).order_by("-closed_at")
    return qs


def request_for(user: Actor, pk: int) -> ContactRequest | None:
    """A request of the user's own organisation, or ``None`` (another organisation's
    request is simply not found)."""
    if user.organisation is None:
        return None
    return (
        ContactRequest.objects.select_related("assigned_to", "service", "organisation", "region")
        .filter(pk=pk, organisation=user.organisation)
        .first()
    )


def find_by_code(typed: str) -> ContactRequest | None:
    """The request with this reference code, or ``None`` for any code that is wrong,
    unknown, or belonged to a request that was deleted (the caller shows one message)."""
    code = normalise(typed)
    if not code:
        return None
    return (
        ContactRequest.objects.select_related("organisation")
        .filter(reference_hash__in=code_lookup_hashes(code))
        .first()
    )


def request_counts(
    by: Sequence[str] = COUNT_DIMENSIONS,
    *,
    since: date | None = None,
    organisations: Sequence[Any] | None = None,
) -> list[dict[str, Any]]:
    """Counts of contact requests grouped by any of ``organisation`` (id), ``region`` (id),
    ``month`` (first day), ``channel`` and ``outcome`` ("" while open), including requests
    already deleted after the retention period, each with ``key``, the sum of the counted
    records' keys for the disclosure-control layer (``koers.privacy.publishing``), which
    every published count goes through. Rows are sorted by their keys."""
    unknown = set(by) - set(COUNT_DIMENSIONS)
    if unknown:
        raise ValueError(f"unknown dimensions: {sorted(unknown)}")
    fields = {"organisation": "organisation_id", "region": "region_id", "month": "month"}
    live = ContactRequest.objects.annotate(month=TruncMonth("created_at"))
    tallies = ContactRequestTally.objects.all()
    if since is not None:
        live = live.filter(created_at__date__gte=since)
        tallies = tallies.filter(month__gte=since.replace(day=1))
    if organisations is not None:
        live = live.filter(organisation__in=organisations)
        tallies = tallies.filter(organisation__in=organisations)
    columns = [fields.get(name, name) for name in by]
    every = [fields.get(name, name) for name in COUNT_DIMENSIONS]
    totals: Counter[tuple[Any, ...]] = Counter()
    keys: Counter[tuple[Any, ...]] = Counter()

    def count(row: dict[str, Any], n: int) -> None:
        where = tuple(_month(row[c]) if c == "month" else row[c] for c in columns)
        totals[where] += n
        # A request's record key comes from its bucket (organisation, region, month,
        # channel, outcome), which the tally keeps when the request is deleted: the
        # published noise stays the same after the retention clean-up.
        bucket = "|".join(str(_month(row[c]) if c == "month" else row[c]) for c in every)
        keys[where] += n * _bucket_key(bucket)

    for row in live.values(*every).annotate(n=Count("pk")):
        count(row, row["n"])
    for row in tallies.values(*every, "count"):
        count(row, row["count"])
    return [
        {**dict(zip(by, key, strict=True)), "count": n, "key": keys[key] % KEY_RANGE}
        for key, n in sorted(totals.items(), key=lambda item: tuple(str(k) for k in item[0]))
    ]


def _bucket_key(bucket: str) -> int:
    return record_key("contact-request", int(hashlib.sha256(bucket.encode()).hexdigest()[:12], 16))


def _month(value: date | datetime | None) -> date | None:
    if value is None:
        return None
    day = value.date() if isinstance(value, datetime) else value
    return day.replace(day=1)


def register_of(organisation: Organisation) -> QuerySet[AdviserRegisterEntry]:
    return AdviserRegisterEntry.objects.filter(organisation=organisation)


def register_summary(organisation: Organisation) -> list[dict[str, Any]]:
    """Per asker and topic, how many questions (for the adviser's own overview)."""
    rows = (
        register_of(organisation)
        .values("asker", "topic")
        .annotate(n=Count("pk"))
        .order_by("asker", "topic")
    )
    return [dict(row) for row in rows]
