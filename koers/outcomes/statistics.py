"""Counting selectors over completed questionnaires, per region, for a period.

Every number is a ``GROUP BY`` with the sum of the counted responses' record keys
(``koers.privacy.publishing.key_sum("wave")``), so the disclosure-control layer can perturb
it. The monitoring dashboard reads these; this module knows nothing of it.
"""

import datetime as dt
from typing import Any

from django.db import connection
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from koers.privacy.publishing import CellCount, Indicator, cell, key_sum, kind_offset, secret

from . import instrument
from .models import Wave, WaveStatus


def completed_between(start: dt.datetime, end: dt.datetime) -> Any:
    return Wave.objects.filter(
        status=WaveStatus.COMPLETED, completed_at__gte=start, completed_at__lt=end
    )


def regional_statistics(start: dt.datetime, end: dt.datetime) -> list[Indicator]:
    """Questionnaire counts per region for responses completed in ``[start, end)``."""
    waves = completed_between(start, end)
    groups = [(g.value, g.label) for g in instrument.GROUPS]
    reach = Indicator("reach", _("New questionnaire participants by group (first round)"), groups)
    for row in (
        waves.filter(number=1)
        .values("region_id", "group")
        .annotate(n=Count("id"), k=key_sum("wave"))
    ):
        reach.add(row["region_id"], row["group"], row["n"], row["k"])
    respondents = Indicator(
        "respondents", _("Questionnaire respondents by group (all rounds)"), groups
    )
    for row in waves.values("region_id", "group").annotate(n=Count("id"), k=key_sum("wave")):
        respondents.add(row["region_id"], row["group"], row["n"], row["k"])
    branch = Indicator(
        "branch",
        _("Direction of change (in a change process or stopped)"),
        [("within", _("Within the branch")), ("outside", _("Outside the branch"))],
    )
    for row in (
        waves.exclude(group=instrument.GROUP_NOT_SEEKING)
        .filter(branch_direction__in=["within", "outside"])
        .values("region_id", "branch_direction")
        .annotate(n=Count("id"), k=key_sum("wave"))
    ):
        branch.add(row["region_id"], row["branch_direction"], row["n"], row["k"])
    sector_item = instrument.ITEM_BY_KEY["E3"]
    sectors = Indicator(
        "sectors",
        _("Sector of new work (people who stopped)"),
        [(o.value, o.label) for o in sector_item.options],
    )
    for row in (
        waves.exclude(sector="")
        .values("region_id", "sector")
        .annotate(n=Count("id"), k=key_sum("wave"))
    ):
        sectors.add(row["region_id"], row["sector"], row["n"], row["k"])
    domains = [(o.value, o.label) for o in instrument.NEED_DOMAINS]
    needs = Indicator(
        "needs", _("Unmet needs: support wanted, per life domain"), domains, additive=False
    )
    aggregates: dict[str, Any] = {}
    for value, _label in domains:
        chosen = Q(needs__contains=f",{value},")
        aggregates[f"n_{value}"] = Count("id", filter=chosen)
        aggregates[f"k_{value}"] = key_sum("wave", filter=chosen)
    for row in waves.exclude(needs="").values("region_id").annotate(**aggregates):
        for value, _label in domains:
            needs.add(row["region_id"], value, row[f"n_{value}"], row[f"k_{value}"])
    transitions = Indicator(
        "transitions",
        _("Sex-work status from one round to the next"),
        [
            (f"{a.value}>{b.value}", f"{a.label} → {b.label}")
            for a in instrument.SEX_WORK_STATUSES
            for b in instrument.SEX_WORK_STATUSES
        ],
    )
    for region_id, before, after, n, k in transition_rows(start, end):
        transitions.add(region_id, f"{before}>{after}", n, k)
    return [reach, respondents, transitions, branch, sectors, needs]


TRANSITION_SQL = """
SELECT later.region_id, earlier.sex_work_status, later.sex_work_status, COUNT(*),
       SUM(((CAST(later.id AS BIGINT) * %s + %s) %% 2147483647) %% 256)
FROM outcomes_wave later
JOIN outcomes_wave earlier
  ON earlier.participant_id = later.participant_id AND earlier.number = later.number - 1
WHERE later.status = %s AND earlier.status = %s
  AND later.completed_at >= %s AND later.completed_at < %s
GROUP BY later.region_id, earlier.sex_work_status, later.sex_work_status
"""


def transition_rows(start: dt.datetime, end: dt.datetime) -> list[tuple[Any, str, str, int, int]]:
    """One self-join in SQL: a transition counts in the year (and region) of the later wave,
    with the record keys of the later waves (the same key as in every other wave count)."""
    a, b = secret()
    with connection.cursor() as cursor:
        cursor.execute(
            TRANSITION_SQL,
            [a, kind_offset("wave", b), WaveStatus.COMPLETED, WaveStatus.COMPLETED, start, end],
        )
        return [(r, x, y, int(n), int(k or 0)) for r, x, y, n, k in cursor.fetchall()]


def no_sex_work_by_region(
    start: dt.datetime, end: dt.datetime
) -> dict[Any, tuple[CellCount, CellCount]]:
    """``{region_id: (no sex work in the last 3 months, all respondents)}``."""
    result = {}
    for row in (
        completed_between(start, end)
        .filter(region__isnull=False)
        .values("region_id")
        .annotate(
            n=Count("id"),
            k=key_sum("wave"),
            x=Count("id", filter=Q(group=instrument.GROUP_NO_SEX_WORK)),
            xk=key_sum("wave", filter=Q(group=instrument.GROUP_NO_SEX_WORK)),
        )
    ):
        result[row["region_id"]] = (cell(row["x"], row["xk"]), cell(row["n"], row["k"]))
    return result


def first_completed() -> dt.datetime | None:
    return (
        Wave.objects.filter(status=WaveStatus.COMPLETED)
        .order_by("completed_at")
        .values_list("completed_at", flat=True)
        .first()
    )
