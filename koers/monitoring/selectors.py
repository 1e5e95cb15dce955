"""The regional dashboard: every indicator as one national table (regions × categories)
published through the disclosure-control layer (``koers.privacy.publishing``, the
cell-key method), from which a region's view is a row.

A region's numbers, the national totals and the comparisons are cells of the *same*
published tables (the same people always get the same noise), and filters are whole
regions and calendar years; an unknown region or year is refused with a 404.
"""

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from koers.outcomes import instrument
from koers.outcomes import statistics as outcome_statistics
from koers.privacy.disclosure import threshold_or_default
from koers.privacy.publishing import (
    EMPTY,
    SUPPRESSED_MARK,
    CellCount,
    Table,
    perturb,
    published,
    show,
)
from koers.regions.models import Region

from . import charts, sources
from .stats import wilson


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

    def chart(self) -> Any:
        """The region's (or the nation's) column of the table as an SVG bar chart."""
        if not self.table.chart or self.table.empty:
            return ""
        bars = [
            (label, None if value == SUPPRESSED_MARK else int(value))
            for label, value, _national in self.pairs()
        ]
        return charts.bar_chart(self.table.title, bars, f"chart-{slugify(self.table.key)}")


@dataclass
class Section:
    key: str
    title: Any
    tables: list[Table] = field(default_factory=list)
    available: bool = True
    description: Any = ""


def available_years() -> list[int]:
    current = timezone.localdate().year
    first = outcome_statistics.first_completed()
    start = timezone.localtime(first).year if first else current
    return list(range(current, min(start, current) - 1, -1))


#: The order of the trajectory tables on the page (others follow in the order given).
TRAJECTORY_ORDER = {
    key: index
    for index, key in enumerate(
        [
            "reach:trajectories",
            "reach:trajectories-quarter",
            "trajectories:new",
            "trajectories:phases",
            "flows:phases",
            "trajectories:transitions",
            "trajectories:outcomes",
            "trajectories:sectors",
            "time:first-outcome",
            "time:first-outcome-median",
            "trajectories:referrals",
            "trajectories:aftercare",
        ]
    )
}


def national_tables(year: int, regions: list[Region] | None = None) -> list[Section]:
    regions = regions if regions is not None else list(Region.objects.order_by("name"))
    # The last row counts what has no region (a contact request to the national adviser
    # without a town, a file whose client has none), so that the national totals leave
    # nothing out. It comes after the regions: ``region_view`` indexes rows by region.
    region_rows = [(region.pk, region.name) for region in regions]
    region_rows.append((None, str(_("Region not known"))))
    questionnaire = Section("questionnaires", _("Questionnaires"))
    for indicator in sources.questionnaire_indicators(year):
        questionnaire.tables.append(_table(indicator, region_rows))
    contact = Section(
        "contact",
        _("Contact requests"),
        tables=[_table(i, region_rows) for i in sources.contact_indicators(year)],
    )
    sections = [questionnaire, contact]
    for module, source, title, description in sources.EXTERNAL:
        indicators = sources.external_indicators(module, source, year)
        section = Section(source, title, available=indicators is not None, description=description)
        for indicator in indicators or []:
            section.tables.append(_table(indicator, region_rows))
        if source == "trajectories":
            section.tables[:0] = [_table(i, region_rows) for i in sources.trajectory_reach(year)]
            section.tables.append(_table(sources.phase_flows(year), region_rows))
            histograms = sources.first_outcome_days(year)
            bands = _table(sources.first_outcome_bands(histograms), region_rows)
            section.tables += [bands, median_table(histograms, bands, region_rows)]
            section.tables.sort(key=lambda t: TRAJECTORY_ORDER.get(t.key, len(TRAJECTORY_ORDER)))
            section.available = True
        sections.append(section)
    return sections


def _table(indicator: sources.Indicator, region_rows: list[tuple[int, str]]) -> Table:
    return published(
        indicator.key,
        indicator.title,
        region_rows,
        indicator.categories,
        indicator.counts,
        note=indicator.note,
        show_row_totals=indicator.additive,
    )


NO_VALUE = "–"


def median_table(
    histograms: dict[Any, dict[int, CellCount]], bands: Table, region_rows: list[tuple[Any, str]]
) -> Table:
    """Per region: how many trajectories reached a first outcome this year (the published,
    suppressed row total of ``bands``) and the median number of days it took.

    A median is shown only where at least k trajectories are behind it *and* their number
    is published, so it never describes a group the count table hides."""
    k = bands.threshold
    cells: list[list[int | float | str | None]] = []
    national: dict[int, int] = {}
    hidden = 0
    for index, (region_id, _label) in enumerate(region_rows):
        histogram = {days: count.n for days, count in histograms.get(region_id, {}).items()}
        for days, n in histogram.items():
            national[days] = national.get(days, 0) + n
        n = sum(histogram.values())
        shown_n = bands.row_totals[index] if bands.row_totals is not None else None
        if n == 0:
            cells.append([0, NO_VALUE])
            continue
        middle = sources.median(histogram) if (shown_n is not None and n >= k) else None
        hidden += (shown_n is None) + (middle is None)
        cells.append([shown_n, middle])
    total = sum(national.values())
    national_middle = sources.median(national) if total >= k and bands.total is not None else None
    return Table(
        key="time:first-outcome-median",
        title=_("Median days from opening a trajectory to its first outcome"),
        row_labels=[label for _r, label in region_rows],
        column_labels=[_("Trajectories with a first outcome"), _("Median (days)")],
        cells=cells,
        column_totals=[bands.total, national_middle if total else NO_VALUE],
        note=_("A median is shown only when at least %(k)s trajectories are behind it.") % {"k": k},
        threshold=k,
        suppressed_count=hidden,
        empty=total == 0,
        chart=False,
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


def _compared(name: str, x: CellCount, n: CellCount, k: int) -> Comparison:
    """A region's share with its Wilson interval, from published (perturbed) numbers:
    hidden when the count, its complement or the base is not shown."""
    if n.n == 0:
        return Comparison(name, 0, 0, None, None, None)
    rest = CellCount(n.n - x.n, (n.key - x.key) % 256)
    shown_x, shown_rest, shown_n = perturb(x, k), perturb(rest, k), perturb(n, k)
    if shown_n is None or shown_x is None or shown_rest is None or not shown_x <= shown_n:
        return Comparison(name, None, None, None, None, None)
    low, high = wilson(shown_x, shown_n)
    return Comparison(name, shown_x, shown_n, shown_x / shown_n, low, high)


def comparison(year: int, regions: list[Region]) -> list[Comparison]:
    """Share of respondents with no sex work in the last 3 months, per region, with a 95%
    Wilson interval. Hidden when the count, its complement or the base is not shown."""
    k = threshold_or_default()
    rows = outcome_statistics.no_sex_work_by_region(*sources.year_bounds(year))
    return [_compared(region.name, *rows.get(region.pk, (EMPTY, EMPTY)), k) for region in regions]


def branch_comparison(year: int, regions: list[Region]) -> list[Comparison]:
    """Of the changes recorded in trajectories (outcomes), the share outside the branch
    (work, study or benefit) rather than within it, per region, with a 95% Wilson interval.
    The research found about 80% outside; same hiding rules as :func:`comparison`."""
    k = threshold_or_default()
    rows = sources.branch_outcome_counts(year)
    return [_compared(region.name, *rows.get(region.pk, (EMPTY, EMPTY)), k) for region in regions]


@dataclass
class ComparisonSet:
    key: str
    title: Any
    base: Any
    rows: list[Comparison]
    chart: Any = ""


#: For each comparison, the count table published beside it and the columns whose cells
#: make up its count (``x``) and its base (``n``): ``x`` = the sum of the first, ``n`` =
#: ``x`` + the sum of the second (``None``: ``n`` is the table's row total).
COMPARED_CELLS: dict[str, tuple[str, tuple[str, ...], tuple[str, ...] | None]] = {
    "no-sex-work": ("respondents", (instrument.GROUP_NO_SEX_WORK,), None),
    "outside-branch": (
        "trajectories:outcomes",
        sources.OUTSIDE_SITUATIONS,
        tuple(s for s in sources.CHANGE_SITUATIONS if s not in sources.OUTSIDE_SITUATIONS),
    ),
}


def _hidden_in_table(rows: list[Comparison], key: str, sections: list[Section]) -> list[Comparison]:
    """Hide a region's comparison when its count or base could not be worked out from the
    count table published beside it.

    A comparison publishes sums of that table's cells (``COMPARED_CELLS``). Where the table
    hides one of those cells (a small one, or a complementary one that protects a small
    one), publishing the sum would let an analyst subtract the shown cells from it and get
    the hidden cell back. Where every cell behind it is shown, the comparison adds no
    number the table does not already give."""
    table_key, counted, rest = COMPARED_CELLS[key]
    table = next((t for s in sections for t in s.tables if t.key == table_key), None)
    if table is None or not table.column_keys:
        return rows
    columns = [table.column_keys.index(c) for c in (*counted, *(rest or ()))]
    result = []
    for index, row in enumerate(rows):
        cells = [table.cells[index][j] for j in columns]
        if rest is None:
            cells.append(table.row_totals[index] if table.row_totals is not None else None)
        if row.n and any(cell is None for cell in cells):
            row = Comparison(row.region, None, None, None, None, None)
        result.append(row)
    return result


def comparisons(
    year: int, regions: list[Region], sections: list[Section] | None = None
) -> list[ComparisonSet]:
    """The region-to-region comparisons. A comparison never shows a number the tables
    published with it hide (see :func:`_hidden_in_table`): pass those ``sections`` (from
    :func:`national_tables`, same year and regions) when you have them; otherwise they
    are computed here."""
    if sections is None:
        sections = national_tables(year, regions)
    return [
        ComparisonSet(
            "no-sex-work",
            _("Respondents with no sex work in the last 3 months"),
            _("Respondents"),
            _hidden_in_table(comparison(year, regions), "no-sex-work", sections),
        ),
        ComparisonSet(
            "outside-branch",
            _("Changes recorded in trajectories that went outside the branch"),
            _("Changes recorded"),
            _hidden_in_table(branch_comparison(year, regions), "outside-branch", sections),
        ),
    ]


def comparison_table(compared: ComparisonSet) -> Table:
    """A comparison as a table for the PDF and XLSX exports (hidden rows stay hidden)."""
    title = _("%(title)s, with a 95%% interval (Wilson)") % {"title": compared.title}
    header = [str(title), str(_("Count")), str(compared.base), str(_("Share (%)"))]
    header += [str(_("95% interval, low (%)")), str(_("95% interval, high (%)"))]
    lines = [header]
    for row in compared.rows:
        if row.share is None:
            lines.append([row.region, show(row.successes), show(row.n), "", "", ""])
            continue
        percents = [f"{value * 100:.1f}" for value in (row.share, row.low, row.high)]
        lines.append([row.region, str(row.successes), str(row.n), *percents])
    return Table(
        key=f"comparison:{compared.key}",
        title=title,
        row_labels=[row.region for row in compared.rows],
        column_labels=header[1:],
        cells=[],
        threshold=threshold_or_default(),
        suppressed_count=sum(1 for row in compared.rows if row.n is None),
        empty=all(row.n == 0 for row in compared.rows),
        chart=False,
        lines=lines,
    )
