"""Counting selectors for regional statistics: how many trajectories, moves, outcomes,
referrals and aftercare levels, per region of the client, for a period.

Aggregates only: every number is a ``GROUP BY`` over region and a choice key, returned
with the sum of the counted records' keys (``koers.privacy.publishing.key_sum``) so the
disclosure-control layer can perturb it; no client, trajectory or note leaves this module.
Clients without a region count under region ``None`` ("Region not known"), so national
totals leave nobody out. Erased clients survive only as organisation-level tallies and are
not counted here. The monitoring app reads these functions; this module knows nothing of
the dashboard.
"""

import datetime as dt
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.privacy.publishing import EMPTY, CellCount, Indicator, cell, key_sum, record_key

from .models import (
    OutcomeRecord,
    PhaseChange,
    ReferralStatusChange,
    SexWorkStatusChange,
    Trajectory,
    TrajectoryEvent,
)
from .vocabulary import (
    AftercareLevel,
    EventKind,
    OutcomeSituation,
    Phase,
    ReferralStatus,
    Sector,
    SexWorkStatus,
)


def _date_range(start: datetime, end: datetime) -> tuple[date, date]:
    """Half-open date bounds ``[first, stop)`` for a half-open period of aware datetimes."""
    first, last = timezone.localtime(start), timezone.localtime(end)
    stop = last.date() if last.time() == time.min else last.date() + timedelta(days=1)
    return first.date(), stop


def _count_into(indicator: Indicator, rows: QuerySet, category: str) -> None:
    for row in rows:
        indicator.add(row["region_id"], row[category], row["n"], row["k"])


def regional_statistics(start: datetime, end: datetime) -> list[Indicator]:
    """Trajectory counts per region of the client, for history dated in ``[start, end)``."""
    first, stop = _date_range(start, end)
    region = "trajectory__client__region_id"

    def dated(model: Any) -> QuerySet:
        return (
            model.objects.filter(on__gte=first, on__lt=stop)
            .annotate(region_id=F(region))
            .order_by()
        )

    # The phase a trajectory opened in is its first recorded phase change (written by
    # ``services.open_trajectory``); later ones are moves.
    opening_change = PhaseChange.objects.filter(trajectory=OuterRef("trajectory")).order_by("pk")
    first_phase = PhaseChange.objects.filter(trajectory=OuterRef("pk")).order_by("pk")

    new = Indicator("new", _("New trajectories by phase at the start"), list(Phase.choices))
    _count_into(
        new,
        Trajectory.objects.filter(opened_on__gte=first, opened_on__lt=stop)
        .annotate(
            region_id=F("client__region_id"),
            first_phase=Subquery(first_phase.values("phase")[:1]),
        )
        .order_by()
        .values("region_id", "first_phase")
        .annotate(n=Count("id"), k=key_sum("trajectory")),
        "first_phase",
    )

    phases = Indicator("phases", _("Phase changes by the phase moved to"), list(Phase.choices))
    _count_into(
        phases,
        dated(PhaseChange)
        .annotate(opening_pk=Subquery(opening_change.values("pk")[:1]))
        .exclude(pk=F("opening_pk"))
        .values("region_id", "phase")
        .annotate(n=Count("id"), k=key_sum("phase-change")),
        "phase",
    )

    statuses = list(SexWorkStatus)
    transitions = Indicator(
        "transitions",
        _("Changes of sex-work status recorded (from → to)"),
        [
            (f"{a.value}→{b.value}", f"{a.label} → {b.label}")
            for a in statuses
            for b in statuses
            if a != b
        ],
    )
    earlier = SexWorkStatusChange.objects.filter(trajectory=OuterRef("trajectory")).filter(
        Q(on__lt=OuterRef("on"))
        | Q(on=OuterRef("on"), created_at__lt=OuterRef("created_at"))
        | Q(on=OuterRef("on"), created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
    )
    for row in (
        dated(SexWorkStatusChange)
        .annotate(
            previous=Subquery(
                earlier.order_by("-on", "-created_at", "-pk").values("status")[:1],
                output_field=CharField(),
            )
        )
        .filter(previous__isnull=False)
        .exclude(previous=F("status"))
        .values("region_id", "previous", "status")
        .annotate(n=Count("id"), k=key_sum("status-change"))
    ):
        transitions.add(row["region_id"], f"{row['previous']}→{row['status']}", row["n"], row["k"])

    outcomes = Indicator(
        "outcomes", _("Outcomes recorded by situation"), list(OutcomeSituation.choices)
    )
    _count_into(
        outcomes,
        dated(OutcomeRecord)
        .values("region_id", "situation")
        .annotate(n=Count("id"), k=key_sum("outcome-record")),
        "situation",
    )
    sectors = Indicator(
        "sectors", _("Sector of work outside the branch (outcomes recorded)"), list(Sector.choices)
    )
    _count_into(
        sectors,
        dated(OutcomeRecord)
        .filter(situation=OutcomeSituation.WORK_OUTSIDE)
        .exclude(sector="")
        .values("region_id", "sector")
        .annotate(n=Count("id"), k=key_sum("outcome-record")),
        "sector",
    )

    referrals = Indicator(
        "referrals",
        _("Warm referrals by status reached (a referral counts once per status)"),
        list(ReferralStatus.choices),
    )
    # A referral counts once per status: its key is the referral's, summed once.
    for row in (
        dated(ReferralStatusChange)
        .values("region_id", "status", "referral_id")
        .distinct()
        .order_by()
    ):
        referrals.add(row["region_id"], row["status"], 1, _referral_key(row["referral_id"]))

    aftercare = Indicator("aftercare", _("Aftercare levels set"), list(AftercareLevel.choices))
    level = Case(
        *[
            When(Q(code=value) | Q(code__startswith=f"{value},"), then=Value(value))
            for value in AftercareLevel.values
        ],
        default=Value(""),
        output_field=CharField(),
    )
    _count_into(
        aftercare,
        dated(TrajectoryEvent)
        .filter(kind=EventKind.AFTERCARE)
        .annotate(level=level)
        .exclude(level="")
        .values("region_id", "level")
        .annotate(n=Count("id"), k=key_sum("event")),
        "level",
    )
    for indicator in (new, phases, transitions, outcomes, sectors, referrals, aftercare):
        indicator.source = "trajectories"
    return [new, phases, transitions, outcomes, sectors, referrals, aftercare]


def _referral_key(referral_id: int) -> int:
    return record_key("referral", referral_id)


# --- reach, flows and time to first outcome -----------------------------------------------


def _dates(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def openings(year: int) -> list[dict[str, Any]]:
    """New trajectories opened in ``year``: one row per (region, phase and sex-work status
    at opening, month) with ``n`` and the key sum ``k``. One GROUP BY."""
    first, stop = _dates(year)
    opening_phase = PhaseChange.objects.filter(trajectory=OuterRef("pk")).order_by("pk")
    opening_status = SexWorkStatusChange.objects.filter(trajectory=OuterRef("pk")).order_by("pk")
    return list(
        Trajectory.objects.filter(opened_on__gte=first, opened_on__lt=stop)
        .annotate(
            region_id=F("client__region_id"),
            phase0=Subquery(opening_phase.values("phase")[:1]),
            status0=Subquery(opening_status.values("status")[:1]),
            month=ExtractMonth("opened_on"),
        )
        .order_by()
        .values("region_id", "phase0", "status0", "month")
        .annotate(n=Count("id"), k=key_sum("trajectory"))
    )


#: Outcome situations that are a change achieved (``no_change`` and ``unknown`` are not).
CHANGE_SITUATIONS = ("work_outside", "study", "benefit", "within_branch_change")
#: Situations that are a change outside the branch (the rest of CHANGE_SITUATIONS is within).
OUTSIDE_SITUATIONS = ("work_outside", "study", "benefit")


def first_outcome_days(year: int) -> dict[Any, dict[int, CellCount]]:
    """``{region_id: {days: trajectories}}``: for every trajectory whose *first outcome* is
    dated in ``year``, the days from opening the trajectory to that outcome.

    An outcome is an outcome record whose situation is a change achieved (work outside the
    branch, study, benefit, change within the branch); "no change" and "unknown" are not
    outcomes. One GROUP BY (region, days); an outcome dated before the opening counts as
    day 0."""
    first, stop = _dates(year)
    earliest = (
        OutcomeRecord.objects.filter(trajectory=OuterRef("pk"), situation__in=CHANGE_SITUATIONS)
        .order_by("on")
        .values("on")[:1]
    )
    rows = (
        Trajectory.objects.all()
        .annotate(first_outcome=Subquery(earliest, output_field=DateField()))
        .filter(first_outcome__gte=first, first_outcome__lt=stop)
        .annotate(
            region_id=F("client__region_id"),
            days=ExpressionWrapper(F("first_outcome") - F("opened_on"), DurationField()),
        )
        .order_by()
        .values("region_id", "days")
        .annotate(n=Count("id"), k=key_sum("trajectory"))
    )
    result: dict[Any, dict[int, CellCount]] = {}
    for row in rows:
        days = row["days"]
        days = max(0, days.days if isinstance(days, dt.timedelta) else int(days))
        histogram = result.setdefault(row["region_id"], {})
        histogram[days] = histogram.get(days, EMPTY) + cell(row["n"], row["k"])
    return result


PHASES = ["contact", "orientation", "execution", "aftercare"]


def phase_flows(year: int) -> Indicator:
    """Moves between phases dated in ``year`` (from → to), per region of the client.

    A move is every phase change after the one written when the file was opened; "from" is
    the phase of the change before it (the latest earlier one by date, then by order of
    entry). A back-and-forth path shows as flows both ways. One GROUP BY
    (region, from, to)."""
    first, stop = _dates(year)
    labels = dict(Phase.choices)
    flows = Indicator(
        "flows:phases",
        _("Phase flows: moves from one phase to another"),
        [(f"{a}>{b}", f"{labels[a]} → {labels[b]}") for a in PHASES for b in PHASES if a != b],
        source="trajectories",
    )
    earlier = PhaseChange.objects.filter(trajectory=OuterRef("trajectory")).filter(
        Q(on__lt=OuterRef("on")) | Q(on=OuterRef("on"), pk__lt=OuterRef("pk"))
    )
    rows = (
        PhaseChange.objects.filter(on__gte=first, on__lt=stop)
        .annotate(
            region_id=F("trajectory__client__region_id"),
            previous=Subquery(earlier.order_by("-on", "-pk").values("phase")[:1]),
        )
        .filter(previous__isnull=False)
        .exclude(previous=F("phase"))
        .order_by()
        .values("region_id", "previous", "phase")
        .annotate(n=Count("id"), k=key_sum("phase-change"))
    )
    for row in rows:
        flows.add(row["region_id"], f"{row['previous']}>{row['phase']}", row["n"], row["k"])
    return flows


def branch_outcome_counts(year: int) -> dict[Any, tuple[CellCount, CellCount]]:
    """``{region_id: (outside, all changes)}`` of outcome records dated in ``year`` that are
    a change achieved: how many went outside the branch. One GROUP BY (region, situation)."""
    first, stop = _dates(year)
    result: dict[Any, tuple[CellCount, CellCount]] = {}
    for row in (
        OutcomeRecord.objects.filter(on__gte=first, on__lt=stop, situation__in=CHANGE_SITUATIONS)
        .annotate(region_id=F("trajectory__client__region_id"))
        .order_by()
        .values("region_id", "situation")
        .annotate(n=Count("id"), k=key_sum("outcome-record"))
    ):
        outside, total = result.get(row["region_id"], (EMPTY, EMPTY))
        count = cell(row["n"], row["k"])
        if row["situation"] in OUTSIDE_SITUATIONS:
            outside = outside + count
        result[row["region_id"]] = (outside, total + count)
    return result
