"""Where the dashboard's numbers come from — other apps, only through their selectors.

Each source returns, for one calendar year, ``{indicator: {(region_id, category): count}}``
and the categories with labels. Questionnaires come from ``koers.outcomes``; trajectories
and safety provide (when built) a selector with this contract:

- ``koers.trajectories.selectors.regional_statistics(start, end)`` and
- ``koers.safety.selectors.regional_statistics(start, end)``

each returning a list of ``Indicator`` (key, title, categories [(value, label)], counts
{(region_id, category): n}). Until an app provides it, or when it has no data, the
dashboard says "no data yet" for its sections.

Three things the apps' own selectors do not provide are computed here, reading their models
read-only (aggregates only, grouped in the database): **reach** — new trajectories by group
and per quarter (:func:`trajectory_reach`) and contact requests per quarter and by what came
of them (:func:`contact_indicators`, through ``koers.contact.selectors.request_counts``) —
and the **time to first outcome** (:func:`first_outcome_days`).
"""

import datetime as dt
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.db import connection
from django.db.models import (
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import ExtractMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.outcomes import instrument
from koers.outcomes.models import Wave, WaveStatus


@dataclass
class Indicator:
    key: str
    title: Any
    categories: list[tuple[str, Any]]
    counts: dict[tuple[int, str], int] = field(default_factory=dict)
    source: str = "outcomes"
    available: bool = True
    note: Any = ""


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def questionnaire_indicators(year: int) -> list[Indicator]:
    start, end = year_bounds(year)
    waves = Wave.objects.filter(
        status=WaveStatus.COMPLETED,
        completed_at__gte=start,
        completed_at__lt=end,
    )
    groups = [(g.value, g.label) for g in instrument.GROUPS]
    reach = Indicator("reach", _("New questionnaire participants by group (first round)"), groups)
    for row in waves.filter(number=1).values("region_id", "group").annotate(n=Count("id")):
        reach.counts[(row["region_id"], row["group"])] = row["n"]
    respondents = Indicator(
        "respondents", _("Questionnaire respondents by group (all rounds)"), groups
    )
    for row in waves.values("region_id", "group").annotate(n=Count("id")):
        respondents.counts[(row["region_id"], row["group"])] = row["n"]
    branch = Indicator(
        "branch",
        _("Direction of change (in a change process or stopped)"),
        [("within", _("Within the branch")), ("outside", _("Outside the branch"))],
    )
    for row in (
        waves.exclude(group=instrument.GROUP_NOT_SEEKING)
        .filter(branch_direction__in=["within", "outside"])
        .values("region_id", "branch_direction")
        .annotate(n=Count("id"))
    ):
        branch.counts[(row["region_id"], row["branch_direction"])] = row["n"]
    sector_item = instrument.ITEM_BY_KEY["E3"]
    sectors = Indicator(
        "sectors",
        _("Sector of new work (people who stopped)"),
        [(o.value, o.label) for o in sector_item.options],
    )
    for row in waves.exclude(sector="").values("region_id", "sector").annotate(n=Count("id")):
        sectors.counts[(row["region_id"], row["sector"])] = row["n"]
    domains = [(o.value, o.label) for o in instrument.NEED_DOMAINS]
    needs = Indicator("needs", _("Unmet needs: support wanted, per life domain"), domains)
    aggregates = {
        value: Count("id", filter=Q(needs__contains=f",{value},")) for value, _label in domains
    }
    for row in waves.exclude(needs="").values("region_id").annotate(**aggregates):
        for value, _label in domains:
            needs.counts[(row["region_id"], value)] = row[value]
    transitions = Indicator(
        "transitions",
        _("Sex-work status from one round to the next"),
        [
            (f"{a.value}>{b.value}", f"{a.label} → {b.label}")
            for a in instrument.SEX_WORK_STATUSES
            for b in instrument.SEX_WORK_STATUSES
        ],
    )
    for region_id, before, after, n in transition_rows(start, end):
        transitions.counts[(region_id, f"{before}>{after}")] = n
    return [reach, respondents, transitions, branch, sectors, needs]


TRANSITION_SQL = """
SELECT later.region_id, earlier.sex_work_status, later.sex_work_status, COUNT(*)
FROM outcomes_wave later
JOIN outcomes_wave earlier
  ON earlier.participant_id = later.participant_id AND earlier.number = later.number - 1
WHERE later.status = %s AND earlier.status = %s
  AND later.completed_at >= %s AND later.completed_at < %s
GROUP BY later.region_id, earlier.sex_work_status, later.sex_work_status
"""


def transition_rows(start: dt.datetime, end: dt.datetime) -> list[tuple[int, str, str, int]]:
    """One self-join in SQL: a transition counts in the year (and region) of the later wave."""
    with connection.cursor() as cursor:
        cursor.execute(TRANSITION_SQL, [WaveStatus.COMPLETED, WaveStatus.COMPLETED, start, end])
        return list(cursor.fetchall())


def external_indicators(module: str, source: str, year: int) -> list[Indicator] | None:
    """Indicators from another app's selector, or ``None`` when it does not provide them."""
    try:
        selectors = import_module(module)
    except ImportError:
        return None
    function = getattr(selectors, "regional_statistics", None)
    if function is None:
        return None
    start, end = year_bounds(year)
    result = []
    for indicator in function(start, end):
        result.append(
            Indicator(
                key=f"{source}:{indicator.key}",
                title=indicator.title,
                categories=list(indicator.categories),
                counts=dict(indicator.counts),
                source=source,
            )
        )
    return result


EXTERNAL = [
    (
        "koers.trajectories.selectors",
        "trajectories",
        _("Support trajectories"),
        _("Phase flows, time to first outcome, warm referrals, aftercare and new contacts."),
    ),
    ("koers.safety.selectors", "safety", _("Safety"), _("Incidents by form of violence.")),
]


# --- reach and time to first outcome (read from trajectories and contact requests) ---------

QUARTERS = [
    ("q1", _("January–March")),
    ("q2", _("April–June")),
    ("q3", _("July–September")),
    ("q4", _("October–December")),
]


def quarter_of(month: int) -> str:
    return f"q{(month - 1) // 3 + 1}"


GROUP_NOT_RECORDED = "not_recorded"

REACH_NOTE = _(
    "Trajectories store no questionnaire answers, so the group is read from what the worker "
    "recorded when the file was opened, using the phases of the domain (contact = doing sex "
    "work; orientation and execution = considering or making a change): sex-work status "
    "'not doing' = no sex work in the last 3 months; phase orientation, execution or "
    "aftercare = in a change process; phase contact = not seeking change. Without a "
    "sex-work status at opening the group is 'not recorded at opening'."
)


def intake_group(phase: str | None, status: str | None) -> str:
    """The report group (instrument.md) of a new trajectory, from its phase and sex-work
    status at opening — the same three groups the questionnaire reports use."""
    if status == "not_doing":
        return instrument.GROUP_NO_SEX_WORK
    if not status:
        return GROUP_NOT_RECORDED
    if phase == "contact":
        return instrument.GROUP_NOT_SEEKING
    return instrument.GROUP_CHANGING


def _dates(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year + 1, 1, 1)


def trajectory_reach(year: int) -> list[Indicator]:
    """New trajectories opened in ``year`` per region of the client: by group at opening and
    per quarter. One GROUP BY (region, phase and status at opening, month)."""
    from koers.trajectories.models import PhaseChange, SexWorkStatusChange, Trajectory

    first, stop = _dates(year)
    opening_phase = PhaseChange.objects.filter(trajectory=OuterRef("pk")).order_by("pk")
    opening_status = SexWorkStatusChange.objects.filter(trajectory=OuterRef("pk")).order_by("pk")
    rows = (
        Trajectory.objects.filter(opened_on__gte=first, opened_on__lt=stop)
        .annotate(
            region_id=F("client__region_id"),
            phase0=Subquery(opening_phase.values("phase")[:1]),
            status0=Subquery(opening_status.values("status")[:1]),
            month=ExtractMonth("opened_on"),
        )
        .order_by()
        .values("region_id", "phase0", "status0", "month")
        .annotate(n=Count("id"))
    )
    groups = [
        *[(g.value, g.label) for g in instrument.GROUPS],
        (GROUP_NOT_RECORDED, _("Not recorded at opening")),
    ]
    by_group = Indicator(
        "reach:trajectories",
        _("New trajectories by group at opening"),
        groups,
        source="trajectories",
        note=REACH_NOTE,
    )
    per_quarter = Indicator(
        "reach:trajectories-quarter",
        _("New trajectories per quarter"),
        QUARTERS,
        source="trajectories",
    )
    for row in rows:
        _add(by_group, row["region_id"], intake_group(row["phase0"], row["status0"]), row["n"])
        _add(per_quarter, row["region_id"], quarter_of(row["month"]), row["n"])
    return [by_group, per_quarter]


def contact_indicators(year: int) -> list[Indicator]:
    """Contact requests made in ``year`` per region: per quarter and by what came of them
    (including requests already deleted after the retention period, as tallies).

    Contact requests are anonymous and ask nothing about the person's situation, so they
    carry no group; the split is by period and outcome instead (said on the page)."""
    from koers.contact.selectors import request_counts
    from koers.contact.vocabulary import Outcome

    note = _(
        "A contact request asks nothing about the person's situation, so it has no group; "
        "requests are shown per quarter and by what came of them."
    )
    per_quarter = Indicator(
        "contact:quarter", _("Contact requests per quarter"), QUARTERS, source="contact", note=note
    )
    outcomes = Indicator(
        "contact:outcome",
        _("Contact requests by what came of them"),
        [("open", _("still open")), *Outcome.choices],
        source="contact",
    )
    first, stop = _dates(year)
    for row in request_counts(("region", "month", "outcome"), since=first):
        month = row["month"]
        # A request without a region (to the national adviser, no town given) is counted
        # under "region not known" (``region`` None), never left out.
        if month is None or not (first <= month < stop):
            continue
        _add(per_quarter, row["region"], quarter_of(month.month), row["count"])
        _add(outcomes, row["region"], row["outcome"] or "open", row["count"])
    return [per_quarter, outcomes]


#: Outcome situations that are a change achieved (``no_change`` and ``unknown`` are not).
CHANGE_SITUATIONS = ("work_outside", "study", "benefit", "within_branch_change")

TIME_BANDS = [
    ("0-3", _("within 3 months"), 92),
    ("3-6", _("3 to 6 months"), 183),
    ("6-12", _("6 to 12 months"), 366),
    ("12-24", _("1 to 2 years"), 731),
    ("24+", _("more than 2 years"), None),
]


def band_of(days: int) -> str:
    for key, _label, below in TIME_BANDS:
        if below is None or days < below:
            return key
    return TIME_BANDS[-1][0]


def first_outcome_days(year: int) -> dict[int, dict[int, int]]:
    """``{region_id: {days: trajectories}}``: for every trajectory whose *first outcome* is
    dated in ``year``, the days from opening the trajectory to that outcome.

    An outcome is an outcome record whose situation is a change achieved (work outside the
    branch, study, benefit, change within the branch); "no change" and "unknown" are not
    outcomes. One GROUP BY (region, days); an outcome dated before the opening counts as
    day 0."""
    from koers.trajectories.models import OutcomeRecord, Trajectory

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
        .annotate(n=Count("id"))
    )
    result: dict[int, dict[int, int]] = {}
    for row in rows:
        days = row["days"]
        days = max(0, days.days if isinstance(days, dt.timedelta) else int(days))
        histogram = result.setdefault(row["region_id"], {})
        histogram[days] = histogram.get(days, 0) + row["n"]
    return result


def first_outcome_bands(histograms: dict[int, dict[int, int]]) -> Indicator:
    indicator = Indicator(
        "time:first-outcome",
        _("Time from opening a trajectory to its first outcome"),
        [(key, label) for key, label, _below in TIME_BANDS],
        source="trajectories",
        note=_(
            "Trajectories whose first outcome (work outside the branch, study, benefit or a "
            "change within the branch) was recorded in this year, by the time since the file "
            "was opened."
        ),
    )
    for region_id, histogram in histograms.items():
        for days, n in histogram.items():
            _add(indicator, region_id, band_of(days), n)
    return indicator


def median(histogram: dict[int, int]) -> float | None:
    """The median of values given as ``{value: how many}`` (mean of the middle two)."""
    n = sum(histogram.values())
    if n == 0:
        return None
    middle = [(n - 1) // 2, n // 2]
    found: list[int] = []
    seen = 0
    for value in sorted(histogram):
        count = histogram[value]
        found += [value for position in middle if seen <= position < seen + count]
        seen += count
    return sum(found) / len(found)


def _add(indicator: Indicator, region_id: int, category: str, n: int) -> None:
    key = (region_id, category)
    indicator.counts[key] = indicator.counts.get(key, 0) + n


PHASES = ["contact", "orientation", "execution", "aftercare"]


def phase_flows(year: int) -> Indicator:
    """Moves between phases dated in ``year`` (from → to), per region of the client.

    A move is every phase change after the one written when the file was opened; "from" is
    the phase of the change before it (the latest earlier one by date, then by order of
    entry). A back-and-forth path shows as flows both ways. One GROUP BY
    (region, from, to)."""
    from koers.trajectories.models import PhaseChange
    from koers.trajectories.vocabulary import Phase

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
        .annotate(n=Count("id"))
    )
    for row in rows:
        _add(flows, row["region_id"], f"{row['previous']}>{row['phase']}", row["n"])
    return flows


#: Situations that are a change outside the branch (the rest of CHANGE_SITUATIONS is within).
OUTSIDE_SITUATIONS = ("work_outside", "study", "benefit")


def branch_outcome_counts(year: int) -> dict[int, tuple[int, int]]:
    """``{region_id: (outside, all changes)}`` of outcome records dated in ``year`` that are
    a change achieved: how many went outside the branch. One GROUP BY (region, situation)."""
    from koers.trajectories.models import OutcomeRecord

    first, stop = _dates(year)
    result: dict[int, tuple[int, int]] = {}
    for row in (
        OutcomeRecord.objects.filter(
            on__gte=first,
            on__lt=stop,
            situation__in=CHANGE_SITUATIONS,
        )
        .annotate(region_id=F("trajectory__client__region_id"))
        .order_by()
        .values("region_id", "situation")
        .annotate(n=Count("id"))
    ):
        outside, total = result.get(row["region_id"], (0, 0))
        outside += row["n"] if row["situation"] in OUTSIDE_SITUATIONS else 0
        result[row["region_id"]] = (outside, total + row["n"])
    return result
