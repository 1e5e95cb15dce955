"""The one way a count reaches someone without case access: the cell-key method.

Every table, chart, CSV/XLSX/PDF export, survey report, comparison and statistics feed
that shows a number about people builds it here, with :func:`published` (a table) or
:func:`published_line` (counts of disjoint groups with their total); the only output
formats are :data:`OUTPUT_TYPES`.

Why the cell-key method (and not suppression per table)
-------------------------------------------------------
Suppressing small cells table by table fails as soon as a reader holds two tables about the
same people: "all waves" minus the three waves shown gives back the hidden fourth (issue
#11 found 188 such cells). Statistical offices that publish flexible tables (the ONS's
Integrated Data Service, the ABS TableBuilder, Eurostat's census hub) use the *cell-key
method* instead, and so does Koers:

1. every counted record (a questionnaire response, a participant, a trajectory, a contact
   request, an incident report) has a fixed, random **record key** 0–255
   (:func:`record_key`); it never changes and never leaves the server;
2. a cell's **cell key** is the sum of the record keys of the people in it, modulo 256;
   the same set of people therefore always gets the same cell key, whatever page, filter
   or export it is reached through;
3. the published value is the true count plus the noise the **perturbation table**
   (``ptable``, :func:`ptable_value`) gives for (count, cell key): between −D and +D
   (:data:`MAX_NOISE`), mostly 0 (half of all cells), ±1 (40 %), rarely ±2 or ±3;
4. **threshold**: a count below k (``SUPPRESSION_THRESHOLD``) is never shown, and neither
   is a perturbed value below k; 0 is shown as 0 (an empty cell says nothing about anyone).

So subtracting two outputs gives the difference of their noise, not a person: to pin a
hidden cell an attacker has to undo the noise of every cell in the chain, and each adds
±D of doubt. ``manage.py audit_disclosure`` plays that attacker with a linear-programming
solver over everything published for a period.

Totals are cells too: a row or column total is the count of the people in that row (or
column), perturbed once with their own cell key; it is *not* the sum of the perturbed
cells shown, and may differ from it by a few. Percentages are computed from the published
numbers, so they agree with what is shown.

Where a hidden cell stands in a line (row or column) whose other numbers and total are
shown, the line alone bounds it; when that bound is narrower than k values the total of
that line is hidden too (:func:`_protect_lines`). What several lines and tables together
reveal is what the audit measures.

We follow the method of the ONS package ``cell-key-perturbation`` (record keys 0–255, cell
key = sum mod 256, a ptable indexed by count and cell key) rather than calling it: it
tabulates microdata held in a pandas data frame, whereas our counts are grouped in the
database (the sums of record keys are one more aggregate in the same ``GROUP BY``), and its
shipped ptable (threshold 10, rounding to 5) is coarser than our groups allow. Our ptable
is generated from the noise distribution below, for the threshold in force.

Record keys: rather than a column in four apps' tables, a record's key is a keyed
permutation of its primary key (``(A·id + B_kind) mod P mod 256``, with A and B drawn once
at random and stored in :class:`~koers.privacy.models.CellKeySecret`). It has the
properties the method needs — fixed, different per record, unpredictable without the
secret — and it can be summed by the database in the query that counts.
"""

from __future__ import annotations

import csv
import hashlib
import io
import secrets
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db.models import BigIntegerField, F, IntegerField, Q, Sum, Value
from django.db.models.functions import Cast, Coalesce, Mod
from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.privacy.disclosure import threshold_or_default
from koers.privacy.models import CellKeySecret

#: Record keys and cell keys run from 0 to KEY_RANGE − 1 (as in the ONS package).
KEY_RANGE = 256
#: The largest noise the ptable adds or takes away (public: readers are told).
MAX_NOISE = 3
#: How many of the 256 cell keys give each noise (half none, 40 % ±1, rarely ±2/±3).
NOISE_WEIGHTS = {0: 128, 1: 51, -1: 51, 2: 10, -2: 10, 3: 3, -3: 3}
#: A prime modulus for the keyed permutation of record ids.
_P = 2_147_483_647

SUPPRESSED_MARK = "•"
SUPPRESSED_REASON = gettext_lazy(
    "• = not shown: fewer than %(k)s people, or hidden so that such a number cannot be worked out."
)
METHOD_NOTE = gettext_lazy(
    "To protect the people counted, every number has been changed by at most %(d)s "
    "(the same group of people always gets the same change), numbers below %(k)s are not "
    "shown, and totals are counted from the true numbers and changed once, so a total can "
    "differ a little from the sum of the numbers shown."
)


# --- record keys and cell keys -----------------------------------------------------------


@dataclass(frozen=True)
class CellCount:
    """A true count with the sum of its records' keys (mod 256): what the layer needs."""

    n: int = 0
    key: int = 0

    def __add__(self, other: CellCount) -> CellCount:
        return CellCount(self.n + other.n, (self.key + other.key) % KEY_RANGE)


EMPTY = CellCount()


@lru_cache(maxsize=8)
def _secret(seed: str) -> tuple[int, int]:
    digest = hashlib.sha256(seed.encode()).digest()
    a = int.from_bytes(digest[:8], "big") % (_P - 1) + 1
    b = int.from_bytes(digest[8:16], "big") % _P
    return a, b


def secret() -> tuple[int, int]:
    """(A, B) of the keyed permutation: from ``CELL_KEY_SEED`` when set (tests, the
    benchmark), else drawn once at random and stored in the database."""
    seed = settings.CELL_KEY_SEED
    if not seed:
        row = CellKeySecret.objects.filter(pk=1).first()
        if row is None:
            row, _created = CellKeySecret.objects.get_or_create(
                pk=1, defaults={"seed": secrets.token_hex(32)}
            )
        seed = row.seed
    return _secret(seed)


def kind_offset(kind: str, b: int) -> int:
    digest = hashlib.sha256(f"{kind}:{b}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % _P


def record_key(kind: str, pk: int) -> int:
    """The fixed record key (0–255) of record ``pk`` of ``kind`` (e.g. ``"wave"``)."""
    a, b = secret()
    return ((a * int(pk) + kind_offset(kind, b)) % _P) % KEY_RANGE


def key_sum(kind: str, field_name: str = "pk", filter: Q | None = None) -> Any:  # noqa: A002
    """An aggregate: the sum of the record keys of the grouped rows (use beside ``Count``)."""
    a, b = secret()
    expression = Mod(
        Mod(Cast(F(field_name), BigIntegerField()) * Value(a) + Value(kind_offset(kind, b)), _P),
        KEY_RANGE,
    )
    return Coalesce(Sum(expression, filter=filter, output_field=IntegerField()), 0)


class Tally:
    """Counts with their key sums, built one record at a time (for counts made in Python)."""

    def __init__(self, kind: str):
        self.kind = kind
        self.cells: dict[Hashable, CellCount] = {}

    def add(self, cell: Hashable, pk: int) -> None:
        key = record_key(self.kind, pk)
        old = self.cells.get(cell, EMPTY)
        self.cells[cell] = CellCount(old.n + 1, (old.key + key) % KEY_RANGE)

    def get(self, cell: Hashable) -> CellCount:
        return self.cells.get(cell, EMPTY)


def cell(n: int, key: int) -> CellCount:
    return CellCount(int(n or 0), int(key or 0) % KEY_RANGE)


# --- the perturbation table -------------------------------------------------------------


def _noise_for(cell_key: int) -> int:
    position = 0
    for noise in (-3, -2, -1, 0, 1, 2, 3):
        position += NOISE_WEIGHTS[noise]
        if cell_key < position:
            return noise
    return 0


@lru_cache(maxsize=16)
def _noise_by_key(count_class: int) -> tuple[int, ...]:
    """The noise for each cell key, shuffled per count class so that a cell key gives
    different noise for different counts (as the ONS ptable does)."""
    order = list(range(KEY_RANGE))
    digest = hashlib.sha256(f"koers-ptable-{count_class}".encode()).digest()
    seed = int.from_bytes(digest, "big")
    for index in range(KEY_RANGE - 1, 0, -1):  # Fisher–Yates with a fixed, public stream
        seed, pick = divmod(seed * 6364136223846793005 + 1442695040888963407, index + 1)
        seed %= 2**256
        order[index], order[pick] = order[pick], order[index]
    return tuple(_noise_for(order[k]) for k in range(KEY_RANGE))


def ptable_value(n: int, cell_key: int, threshold: int | None = None) -> int | None:
    """The published value of a true count ``n`` with ``cell_key``; ``None`` = not shown."""
    k = threshold_or_default(threshold)
    if n <= 0:
        return 0
    if n < k:
        return None
    value = n + _noise_by_key(n % 32)[cell_key % KEY_RANGE]
    return value if value >= k else None


def perturb(count: CellCount, threshold: int | None = None) -> int | None:
    return ptable_value(count.n, count.key, threshold)


def hidden_range(threshold: int) -> tuple[int, int]:
    """What "not shown" tells a reader who knows this method: between 1 and k − 1 + D."""
    return 1, threshold - 1 + MAX_NOISE


# --- tables -------------------------------------------------------------------------------


@dataclass
class Indicator:
    """Counts from one domain app for the dashboard: ``counts[(region_id, category)]``."""

    key: str
    title: Any
    categories: list[tuple[str, Any]]
    counts: dict[tuple[Any, str], CellCount] = field(default_factory=dict)
    note: Any = ""
    source: str = ""
    #: False for multi-choice categories (one person in several): no column totals.
    additive: bool = True

    def add(self, region_id: Any, category: str, n: int, key: int) -> None:
        where = (region_id, category)
        self.counts[where] = self.counts.get(where, EMPTY) + cell(n, key)


@dataclass
class Table:
    key: str
    title: Any
    row_labels: list[Any]
    column_labels: list[Any]
    cells: list[list[int | float | str | None]]
    row_totals: list[int | None] | None = None
    column_totals: list[int | None] | None = None
    total: int | None = None
    note: Any = ""
    threshold: int = 0
    suppressed_count: int = 0
    percent_columns: list[str] = field(default_factory=list)
    empty: bool = False
    chart: bool = True
    lines: list[list[str]] | None = None
    #: The category behind each column (``published`` fills it in), to find a cell by key.
    column_keys: list[Hashable] = field(default_factory=list)
    row_keys: list[Hashable] = field(default_factory=list)
    #: True when the numbers went through the cell-key method (see METHOD_NOTE).
    perturbed: bool = True
    #: Positions hidden because the line around them would have bounded a hidden cell.
    protective: set[tuple[int, int]] = field(default_factory=set)

    @property
    def has_suppression(self) -> bool:
        return self.suppressed_count > 0

    @property
    def rows(self) -> list[Hashable]:
        return self.row_keys

    def cell(self, row: Hashable, column: Hashable) -> int | float | str | None:
        return self.cells[self.row_keys.index(row)][self.column_keys.index(column)]

    def display_rows(self) -> list[tuple[Any, list[str], str | None]]:
        rows = []
        for index, label in enumerate(self.row_labels):
            values = [show(v) for v in self.cells[index]]
            total = show(self.row_totals[index]) if self.row_totals is not None else None
            rows.append((label, values, total))
        return rows

    def display_column_totals(self) -> list[str] | None:
        if self.column_totals is None:
            return None
        return [show(v) for v in self.column_totals]

    def suppression_note(self) -> str:
        return str(SUPPRESSED_REASON) % {"k": self.threshold} if self.has_suppression else ""

    def method_note(self) -> str:
        if not self.perturbed:
            return ""
        return str(METHOD_NOTE) % {"d": MAX_NOISE, "k": self.threshold}


def show(value: Any) -> str:
    if value is None:
        return SUPPRESSED_MARK
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _protect_lines(
    grid: list[list[CellCount]],
    shown: list[list[int | None]],
    hidden_primary: set[tuple[int, int]],
    k: int,
    lines: list[list[tuple[int, int]]],
) -> set[tuple[int, int]]:
    """Hide a line's total when that line alone bounds a hidden cell to fewer than k values.

    For a hidden cell h in a line whose total is shown: h = total − the others, so h lies in
    [p_T − D − Σ upper(others), p_T + D − Σ lower(others)], where a shown value p has bounds
    [max(k, p − D), p + D] and a hidden one [1, k − 1 + D] (0 is exact)."""
    low_h, high_h = hidden_range(k)
    protective: set[tuple[int, int]] = set()
    changed = True
    while changed:
        changed = False
        for line in lines:
            total_pos = line[-1]
            if shown[total_pos[0]][total_pos[1]] is None:
                continue
            p_total = shown[total_pos[0]][total_pos[1]]
            bounds = []
            for r, c in line[:-1]:
                value = shown[r][c]
                if value is None:
                    bounds.append((low_h, high_h) if (r, c) in hidden_primary else (0, 10**9))
                elif value == 0:
                    bounds.append((0, 0))
                else:
                    bounds.append((max(k, value - MAX_NOISE), value + MAX_NOISE))
            for index, (r, c) in enumerate(line[:-1]):
                if (r, c) not in hidden_primary:
                    continue
                others = bounds[:index] + bounds[index + 1 :]
                low = max(low_h, p_total - MAX_NOISE - sum(b[1] for b in others))
                high = min(high_h, p_total + MAX_NOISE - sum(b[0] for b in others))
                if high - low + 1 < k:
                    shown[total_pos[0]][total_pos[1]] = None
                    protective.add(total_pos)
                    changed = True
                    break
    return protective


def published(
    key: str,
    title: Any,
    rows: Sequence[tuple[Hashable, Any]],
    columns: Sequence[tuple[Hashable, Any]],
    counts: Mapping[tuple[Hashable, Hashable], CellCount],
    *,
    note: Any = "",
    show_column_totals: bool = True,
    show_row_totals: bool = True,
    threshold: int | None = None,
) -> Table:
    """A count table as published: every cell and total perturbed with its own cell key.

    Totals are published only over lines that split people into disjoint groups: pass
    ``show_row_totals=False`` when one person can be in several columns (a multi-choice
    question, a report with several forms of violence) and ``show_column_totals=False``
    when one can be in several rows; such a total counts nobody in particular and would
    only add relations."""
    k = threshold_or_default(threshold)
    row_keys = [r for r, _label in rows]
    column_keys = [c for c, _label in columns]
    for value in counts.values():
        if not isinstance(value, CellCount):
            raise TypeError("published() takes CellCount values (a count with its key sum)")
    n_r, n_c = len(row_keys), len(column_keys)
    grid = [[counts.get((r, c), EMPTY) for c in column_keys] for r in row_keys]
    for line in grid:
        line.append(sum(line, EMPTY))
    grid.append([sum((grid[r][c] for r in range(n_r)), EMPTY) for c in range(n_c + 1)])
    shown = [[perturb(grid[r][c], k) for c in range(n_c + 1)] for r in range(n_r + 1)]
    primary = {(r, c) for r in range(n_r + 1) for c in range(n_c + 1) if shown[r][c] is None}
    lines = []
    if show_row_totals:
        lines += [[(r, c) for c in range(n_c + 1)] for r in range(n_r)]
    if show_column_totals:
        lines += [[(r, c) for r in range(n_r + 1)] for c in range(n_c)]
    if show_row_totals and show_column_totals:
        lines += [[(r, n_c) for r in range(n_r + 1)], [(n_r, c) for c in range(n_c + 1)]]
    protective = _protect_lines(grid, shown, primary, k, lines)
    hidden = sum(
        1
        for r in range(n_r + 1 if show_column_totals else n_r)
        for c in range(n_c + 1 if show_row_totals else n_c)
        if shown[r][c] is None
    )
    return Table(
        key=key,
        title=title,
        row_labels=[label for _r, label in rows],
        column_labels=[label for _c, label in columns],
        cells=[[shown[r][c] for c in range(n_c)] for r in range(n_r)],
        row_totals=[shown[r][n_c] for r in range(n_r)] if show_row_totals else None,
        column_totals=[shown[n_r][c] for c in range(n_c)] if show_column_totals else None,
        total=shown[n_r][n_c] if (show_column_totals and show_row_totals) else None,
        note=note,
        threshold=k,
        suppressed_count=hidden,
        empty=grid[n_r][n_c].n == 0,
        column_keys=column_keys,
        row_keys=row_keys,
        protective=protective,
    )


def published_line(
    parts: Mapping[Hashable, CellCount], threshold: int | None = None
) -> tuple[dict[Hashable, int | None], int | None]:
    """Counts of disjoint groups with their total (one line, protected as a line)."""
    keys = list(parts)
    table = published(
        "line",
        "",
        [("line", "")],
        [(key, "") for key in keys],
        {("line", key): value for key, value in parts.items()},
        show_column_totals=False,
        threshold=threshold,
    )
    return {key: table.cells[0][i] for i, key in enumerate(keys)}, table.row_totals[0]


# --- output formats -----------------------------------------------------------------------

#: The header every response made here carries, so a test can check an export went
#: through the layer.
LAYER_HEADER = "X-Koers-Disclosure-Control"
LAYER_VERSION = "cell-key-1"


def table_rows(table: Table) -> list[list[str]]:
    if table.lines:
        return table.lines
    header = [str(table.title), *[str(c) for c in table.column_labels]]
    if table.row_totals is not None:
        header.append(_("Total"))
    lines = [header]
    for label, values, total in table.display_rows():
        lines.append([str(label), *values, *([total] if total is not None else [])])
    totals = table.display_column_totals()
    if totals is not None:
        lines.append(
            [_("Total"), *totals, *([show(table.total)] if table.row_totals is not None else [])]
        )
    return lines


def _notes(table: Table) -> list[str]:
    return [note for note in (table.suppression_note(), table.method_note()) if note]


def to_csv(tables: Sequence[Table]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for table in tables:
        writer.writerows(table_rows(table))
        for note in _notes(table):
            writer.writerow([note])
        writer.writerow([])
    return buffer.getvalue()


def to_xlsx(tables: Sequence[Table], sheet_title: str = "Koers") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title[:31]
    for table in tables:
        for index, line in enumerate(table_rows(table)):
            sheet.append([_number(v) for v in line])
            if index == 0:
                for item in sheet[sheet.max_row]:
                    item.font = Font(bold=True)
        for note in _notes(table):
            sheet.append([note])
        sheet.append([])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _number(value: str) -> Any:
    try:
        return int(value)
    except (TypeError, ValueError):
        try:
            return float(value)
        except (TypeError, ValueError):
            return value


def to_pdf(title: str, sections: Sequence[tuple[str, Sequence[Table]]]) -> bytes:
    """A plain PDF of the tables (reportlab), one section per heading."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4), title=title, author="Koers")
    styles = getSampleStyleSheet()
    story: list[Any] = [Paragraph(_escape(title), styles["Title"])]
    for heading, tables in sections:
        story.append(Paragraph(_escape(heading), styles["Heading2"]))
        for table in tables:
            if table.empty:
                story.append(
                    Paragraph(_escape(f"{table.title}: {_('No data yet.')}"), styles["Normal"])
                )
                continue
            data = [
                [Paragraph(_escape(item), styles["BodyText"]) for item in line]
                for line in table_rows(table)
            ]
            pdf_table = PdfTable(data, repeatRows=1)
            pdf_table.setStyle(
                TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story.append(pdf_table)
            for note in _notes(table):
                story.append(Paragraph(_escape(note), styles["Italic"]))
            story.append(Spacer(1, 8))
    document.build(story)
    return buffer.getvalue()


def _escape(text: Any) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


#: Every output format the layer writes: (content type, renderer name). A view that
#: publishes counts declares its formats with :func:`output_formats`; a format not listed
#: here is refused when the view's module is imported.
OUTPUT_TYPES: dict[str, str] = {
    "html": "text/html; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def output_formats(*formats: str) -> frozenset[str]:
    """The formats a view offers; raises at import time for one the layer does not know."""
    unknown = [fmt for fmt in formats if fmt not in OUTPUT_TYPES]
    if unknown:
        raise ImproperlyConfiguredOutput(
            f"output type(s) {', '.join(unknown)} are not written by koers.privacy.publishing"
        )
    return frozenset(formats)


class ImproperlyConfiguredOutput(Exception):
    """An output type the disclosure-control layer does not know."""


def response(body: str | bytes, fmt: str, filename: str) -> HttpResponse:
    """An export of published tables, marked as having gone through this layer."""
    result = HttpResponse(body, content_type=OUTPUT_TYPES[fmt])
    result["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    result[LAYER_HEADER] = LAYER_VERSION
    return result
