"""The start page ("Today"): what needs the worker's attention, with a count and links.

Each block is one indexed query bounded by the worker's caseload (the caseload index on
contact person, open/closed and next contact; the handover and referral rows of those
files; the organisation's open contact requests), never by the size of the database, so
the page costs the same at 600 or 600,000 clients. Lists show at most ``LIST_SIZE`` lines;
the counts are exact. A coordinator also gets the same counts per worker of the
organisation, from grouped counts (four queries whatever the number of workers).

Contact requests come from the contact app, which sits above trajectories (a request
becomes a file) and so registers its block here (``register_requests``, in its
``AppConfig.ready``) instead of this module importing it: the dependency keeps one direction.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from koers.accounts.models import Role

from .models import Handover, Referral, Trajectory
from .selectors import colleagues
from .tasks import due_tasks
from .vocabulary import ReferralStatus

LIST_SIZE = 10
#: Referrals still waiting for the person's or the partner's answer.
WAITING = (ReferralStatus.PROPOSED, ReferralStatus.CONSENTED)


@dataclass
class Block:
    count: int = 0
    items: list = field(default_factory=list)


@dataclass
class WorkerCounts:
    worker: Any
    requests: int = 0
    overdue: int = 0
    this_week: int = 0
    referrals: int = 0
    handovers: int = 0
    triggers: int = 0


@dataclass
class Today:
    today: date
    week_end: date
    requests: Block
    overdue: Block
    this_week: Block
    referrals: Block
    handovers: Block
    triggers: Block
    tasks: Block = field(default_factory=Block)
    per_worker: list[WorkerCounts] = field(default_factory=list)


def _block(queryset: QuerySet, *fields: str) -> Block:
    """At most ``LIST_SIZE`` lines and the exact count (a count query only when there are
    more lines than shown)."""
    lines = list(queryset.values(*fields)[: LIST_SIZE + 1])
    count = len(lines) if len(lines) <= LIST_SIZE else queryset.count()
    return Block(count, lines[:LIST_SIZE])


@dataclass(frozen=True)
class RequestSource:
    """What the contact app offers the start page: the worker's requests (count and the
    first lines, each a dict with ``pk``, ``work_name``, ``status``, ``urgency``) and the
    open requests per assigned worker of an organisation."""

    mine: Callable[[Any, int], tuple[int, list[Any]]]
    per_worker: Callable[[Any], dict[int, int]]


_request_sources: list[RequestSource] = []


def register_requests(source: RequestSource) -> None:
    if source not in _request_sources:
        _request_sources.append(source)


def today_for(user: Any) -> Today:
    """Everything on the worker's start page."""
    today = timezone.localdate()
    week_end = today + timedelta(days=6)
    mine = Trajectory.objects.filter(
        organisation=user.organisation, contact_person=user, is_closed=False
    )
    # One query for the three counts over the caseload.
    counts = mine.aggregate(
        overdue=Count("pk", filter=Q(next_contact_on__lt=today)),
        this_week=Count("pk", filter=Q(next_contact_on__gte=today, next_contact_on__lte=week_end)),
        triggers=Count("pk", filter=~Q(aftercare_triggers=[]) & ~Q(aftercare_level="")),
    )
    lines = ("client_id", "client__work_name", "next_contact_on")
    overdue = list(
        mine.filter(next_contact_on__lt=today)
        .order_by("next_contact_on", "pk")
        .values(*lines)[:LIST_SIZE]
    )
    week = list(
        mine.filter(next_contact_on__gte=today, next_contact_on__lte=week_end)
        .order_by("next_contact_on", "pk")
        .values(*lines)[:LIST_SIZE]
    )
    triggers = (
        list(
            mine.exclude(aftercare_triggers=[])
            .exclude(aftercare_level="")
            .order_by("next_contact_on", "pk")
            .values(*lines, "aftercare_triggers")[:LIST_SIZE]
        )
        if counts["triggers"]
        else []
    )
    requests = Block()
    for source in _request_sources:
        count, items = source.mine(user, LIST_SIZE)
        requests = Block(requests.count + count, (requests.items + items)[:LIST_SIZE])
    referrals = _block(
        Referral.objects.filter(
            trajectory__contact_person=user,
            trajectory__is_closed=False,
            trajectory__organisation=user.organisation,
            status__in=WAITING,
        ).order_by("on", "pk"),
        "trajectory__client_id",
        "trajectory__client__work_name",
        "status",
        "on",
        "service__name_nl",
        "partner_organisation__name",
        "partner_name",
    )
    handovers = _block(
        Handover.objects.filter(
            to_user=user,
            read_at__isnull=True,
            trajectory__contact_person=user,
            trajectory__organisation=user.organisation,
        ).order_by("-on", "-pk"),
        "trajectory__client_id",
        "trajectory__client__work_name",
        "on",
    )
    result = Today(
        today=today,
        week_end=week_end,
        requests=requests,
        overdue=Block(counts["overdue"], overdue),
        this_week=Block(counts["this_week"], week),
        referrals=referrals,
        handovers=handovers,
        triggers=Block(counts["triggers"], triggers),
    )
    result.tasks = Block(*due_tasks(user, today=today, limit=LIST_SIZE))
    if user.has_role(Role.COORDINATOR):
        result.per_worker = organisation_counts(user.organisation, today=today)
    return result


def organisation_counts(organisation: Any, *, today: date) -> list[WorkerCounts]:
    """The start page's counts per worker of the organisation (for a coordinator)."""
    week_end = today + timedelta(days=6)
    workers = {user.pk: WorkerCounts(user) for user in colleagues(organisation)}
    rows = (
        Trajectory.objects.filter(organisation=organisation, is_closed=False)
        .values("contact_person_id")
        .annotate(
            overdue=Count("pk", filter=Q(next_contact_on__lt=today)),
            this_week=Count(
                "pk", filter=Q(next_contact_on__gte=today, next_contact_on__lte=week_end)
            ),
            triggers=Count("pk", filter=~Q(aftercare_triggers=[]) & ~Q(aftercare_level="")),
        )
        .order_by()
    )
    for row in rows:
        counts = workers.get(row["contact_person_id"])
        if counts is not None:
            counts.overdue, counts.this_week = row["overdue"], row["this_week"]
            counts.triggers = row["triggers"]
    for source in _request_sources:
        for worker_id, count in source.per_worker(organisation).items():
            if worker_id in workers:
                workers[worker_id].requests += count
    for referral_row in (
        Referral.objects.filter(
            trajectory__organisation=organisation, trajectory__is_closed=False, status__in=WAITING
        )
        .values("trajectory__contact_person_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        person = referral_row["trajectory__contact_person_id"]
        if person in workers:
            workers[person].referrals = referral_row["n"]
    for handover_row in (
        Handover.objects.filter(trajectory__organisation=organisation, read_at__isnull=True)
        .filter(to_user_id=F("trajectory__contact_person_id"))
        .values("to_user_id")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if handover_row["to_user_id"] in workers:
            workers[handover_row["to_user_id"]].handovers = handover_row["n"]
    return list(workers.values())


def pinned_handover(trajectory: Trajectory, user: Any) -> Handover | None:
    """The newest handover note to ``user`` on this file that they have not marked read."""
    return (
        Handover.objects.filter(trajectory=trajectory, to_user=user, read_at__isnull=True)
        .order_by("-on", "-pk")
        .first()
    )
