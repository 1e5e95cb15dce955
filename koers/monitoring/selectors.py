"""The regional dashboard: every indicator as one national table (regions × categories)
after disclosure control, from which a region's view is a row.

Why one table per indicator: a region's numbers, the national totals and the comparison all
come from the *same* suppressed table, so no two published queries overlap in a way that
differences out a hidden cell. Filters are limited to whole regions and calendar years
(fixed, non-overlapping periods) for the same reason; anything finer is refused.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.outcomes import instrument
from koers.outcomes.models import Wave, WaveStatus
from koers.privacy.disclosure import threshold_or_default
from koers.regions.models import Region

from . import sources
from .stats import wilson
from .tables import Table, published


@dataclass
class RegionRow:
    """One indicator for one region: its cells with the national totals beside them."""

    table: Table
    region_index: int | None

    @property
    def title(self) -> Any:
        return self.table.title

    @property
    def empty(self) -> bool:
        return self.table.empty

    def pairs(self) -> list[tuple[Any, str, str]]:
        from .tables import show

        national = self.table.column_totals or [None] * len(self.table.column_labels)
        if self.region_index is None:
            return [
                (label, show(n), show(n))
                for label, n in zip(self.table.column_labels, national, strict=True)
            ]
        cells = self.table.cells[self.region_index]
        return [
            (label, show(v), show(n))
            for label, v, n in zip(self.table.column_labels, cells, national, strict=True)
        ]

    @property
    def has_suppression(self) -> bool:
        return self.table.has_suppression


@dataclass
class Section:
    key: str
    title: Any
    tables: list[Table] = field(default_factory=list)
    available: bool = True
    description: Any = ""


def available_years() -> list[int]:
    current = timezone.localdate().year
    first = (
        Wave.objects.filter(status=WaveStatus.COMPLETED)
        .order_by("completed_at")
        .values_list("completed_at", flat=True)
        .first()
    )
    start = timezone.localtime(first).year if first else current
    return list(range(current, min(start, current) - 1, -1))


def national_tables(year: int, regions: list[Region] | None = None) -> list[Section]:
    regions = regions if regions is not None else list(Region.objects.order_by("name"))
    region_rows = [(region.pk, region.name) for region in regions]
    questionnaire = Section("questionnaires", _("Questionnaires"))
    for indicator in sources.questionnaire_indicators(year):
        questionnaire.tables.append(_table(indicator, region_rows))
    sections = [questionnaire]
    for module, source, title, description in sources.EXTERNAL:
        indicators = sources.external_indicators(module, source, year)
        section = Section(source, title, available=indicators is not None, description=description)
        for indicator in indicators or []:
            section.tables.append(_table(indicator, region_rows))
        sections.append(section)
    return sections


def _table(indicator: sources.Indicator, region_rows: list[tuple[int, str]]) -> Table:
    return published(
        indicator.key, indicator.title, region_rows, indicator.categories, indicator.counts
    )


def region_view(
    sections: list[Section], region: Region | None, regions: list[Region]
) -> list[tuple[Section, list[RegionRow]]]:
    index = None if region is None else [r.pk for r in regions].index(region.pk)
    return [
        (section, [RegionRow(table, index) for table in section.tables]) for section in sections
    ]


@dataclass
class Comparison:
    region: str
    successes: int | None
    n: int | None
    share: float | None
    low: float | None
    high: float | None


def comparison(year: int, regions: list[Region]) -> list[Comparison]:
    """Share of respondents with no sex work in the last 3 months, per region, with a 95%
    Wilson interval. Hidden when the count, its complement or the base is below k."""
    from django.db.models import Count, Q

    k = threshold_or_default()
    start, end = sources.year_bounds(year)
    rows = {
        row["region_id"]: row
        for row in Wave.objects.filter(
            status=WaveStatus.COMPLETED,
            completed_at__gte=start,
            completed_at__lt=end,
            region__isnull=False,
        )
        .values("region_id")
        .annotate(n=Count("id"), x=Count("id", filter=Q(group=instrument.GROUP_NO_SEX_WORK)))
    }
    result = []
    for region in regions:
        row = rows.get(region.pk)
        n, x = (row["n"], row["x"]) if row else (0, 0)
        if n == 0 or 0 < x < k or 0 < n - x < k or n < k:
            result.append(
                Comparison(region.name, None if n else 0, None if n else 0, None, None, None)
            )
            continue
        low, high = wilson(x, n)
        result.append(Comparison(region.name, x, n, x / n, low, high))
    return result
