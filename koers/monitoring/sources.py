"""Where the dashboard's numbers come from — other apps, only through their counting
selectors (``koers.outcomes.statistics``, ``koers.trajectories.statistics``,
``koers.safety.selectors``, ``koers.contact.selectors``).

Each returns, for a period, ``Indicator`` objects from the disclosure-control layer
(``koers.privacy.publishing``): ``counts[(region_id, category)]`` is a ``CellCount`` (a
count with the sum of its records' keys). This module only regroups them — trajectories
by group at opening and per quarter, contact requests per quarter and by outcome, time to
first outcome in bands — and never reads another app's models.
"""

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.contact import selectors as contact_selectors
from koers.contact.vocabulary import Outcome
from koers.outcomes import instrument
from koers.outcomes import statistics as outcome_statistics
from koers.privacy.publishing import EMPTY, CellCount, Indicator
from koers.safety import selectors as safety_selectors
from koers.trajectories import statistics as trajectory_statistics
from koers.trajectories.vocabulary import Phase

__all__ = ["Indicator", "Phase"]


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def questionnaire_indicators(year: int) -> list[Indicator]:
    return outcome_statistics.regional_statistics(*year_bounds(year))


def _with_source(indicators: list[Indicator], source: str) -> list[Indicator]:
    for indicator in indicators:
        indicator.key = f"{source}:{indicator.key}"
        indicator.source = source
    return indicators


def external_indicators(module: str, source: str, year: int) -> list[Indicator] | None:
    """Indicators from a domain app's counting selector (``EXTERNAL``)."""
    function = {
        "trajectories": trajectory_statistics.regional_statistics,
        "safety": safety_selectors.regional_statistics,
    }[source]
    return _with_source(function(*year_bounds(year)), source)


EXTERNAL = [
    (
        "koers.trajectories.statistics",
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


def trajectory_reach(year: int) -> list[Indicator]:
    """New trajectories opened in ``year`` per region of the client: by group at opening and
    per quarter (one GROUP BY in ``trajectories.statistics.openings``)."""
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
    for row in trajectory_statistics.openings(year):
        group = intake_group(row["phase0"], row["status0"])
        by_group.add(row["region_id"], group, row["n"], row["k"])
        per_quarter.add(row["region_id"], quarter_of(row["month"]), row["n"], row["k"])
    return [by_group, per_quarter]


def contact_indicators(year: int) -> list[Indicator]:
    """Contact requests made in ``year`` per region: per quarter and by what came of them
    (including requests already deleted after the retention period, as tallies).

    Contact requests are anonymous and ask nothing about the person's situation, so they
    carry no group; the split is by period and outcome instead (said on the page)."""
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
    first, stop = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    for row in contact_selectors.request_counts(("region", "month", "outcome"), since=first):
        month = row["month"]
        # A request without a region (to the national adviser, no town given) is counted
        # under "region not known" (``region`` None), never left out.
        if month is None or not (first <= month < stop):
            continue
        per_quarter.add(row["region"], quarter_of(month.month), row["count"], row["key"])
        outcomes.add(row["region"], row["outcome"] or "open", row["count"], row["key"])
    return [per_quarter, outcomes]


CHANGE_SITUATIONS = trajectory_statistics.CHANGE_SITUATIONS
OUTSIDE_SITUATIONS = trajectory_statistics.OUTSIDE_SITUATIONS
first_outcome_days = trajectory_statistics.first_outcome_days
phase_flows = trajectory_statistics.phase_flows
branch_outcome_counts = trajectory_statistics.branch_outcome_counts

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


def first_outcome_bands(histograms: dict[Any, dict[int, CellCount]]) -> Indicator:
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
        for days, count in histogram.items():
            where = (region_id, band_of(days))
            indicator.counts[where] = indicator.counts.get(where, EMPTY) + count
    return indicator


def median(histogram: dict[int, Any]) -> float | None:
    """The median of values given as ``{value: how many}`` (mean of the middle two)."""
    histogram = {v: (c.n if isinstance(c, CellCount) else c) for v, c in histogram.items()}
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
