"""Where the dashboard's numbers come from — other apps, only through their selectors.

Each source returns, for one calendar year, ``{indicator: {(region_id, category): count}}``
and the categories with labels. Questionnaires come from ``koers.outcomes``; trajectories
and safety provide (when built) a selector with this contract:

- ``koers.trajectories.selectors.regional_statistics(start, end)`` and
- ``koers.safety.selectors.regional_statistics(start, end)``

each returning a list of ``Indicator`` (key, title, categories [(value, label)], counts
{(region_id, category): n}). Until an app provides it, or when it has no data, the
dashboard says "no data yet" for its sections.
"""

import datetime as dt
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.db import connection
from django.db.models import Count, Q
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


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz)


def questionnaire_indicators(year: int) -> list[Indicator]:
    start, end = year_bounds(year)
    waves = Wave.objects.filter(
        status=WaveStatus.COMPLETED,
        completed_at__gte=start,
        completed_at__lt=end,
        region__isnull=False,
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
  AND later.completed_at >= %s AND later.completed_at < %s AND later.region_id IS NOT NULL
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
