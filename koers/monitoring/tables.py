"""Published tables: a count table after disclosure control, and its CSV/XLSX/PDF forms.

Every number an analyst sees passes through :func:`published`, which applies
``koers.privacy.disclosure.suppress_table`` (primary and complementary suppression with row
and column totals). A hidden cell is ``None`` and is shown with the reason, never as zero.
"""

import csv
import io
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.privacy.disclosure import suppress_table

SUPPRESSED_MARK = "•"
SUPPRESSED_REASON = gettext_lazy(
    "• = not shown: fewer than %(k)s people, or hidden so that such a number cannot be worked out."
)


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

    @property
    def has_suppression(self) -> bool:
        return self.suppressed_count > 0

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


def show(value: Any) -> str:
    if value is None:
        return SUPPRESSED_MARK
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def published(
    key: str,
    title: Any,
    rows: Sequence[tuple[Hashable, Any]],
    columns: Sequence[tuple[Hashable, Any]],
    counts: Mapping[tuple[Hashable, Hashable], int],
    *,
    note: Any = "",
    show_column_totals: bool = True,
    threshold: int | None = None,
) -> Table:
    """Suppress and label a count table (``rows``/``columns`` are (key, label) pairs)."""
    row_keys = [r for r, _label in rows]
    column_keys = [c for c, _label in columns]
    result = suppress_table(row_keys, column_keys, counts, threshold)
    grand = sum(counts.get((r, c), 0) for r in row_keys for c in column_keys)
    return Table(
        key=key,
        title=title,
        row_labels=[label for _r, label in rows],
        column_labels=[label for _c, label in columns],
        cells=result.cells,
        row_totals=result.row_totals,
        column_totals=result.column_totals if show_column_totals else None,
        total=result.total if show_column_totals else None,
        note=note,
        threshold=result.threshold,
        suppressed_count=len(result.suppressed),
        empty=grand == 0,
        column_keys=column_keys,
    )


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


def to_csv(tables: Sequence[Table]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for table in tables:
        writer.writerows(table_rows(table))
        if table.has_suppression:
            writer.writerow([table.suppression_note()])
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
                for cell in sheet[sheet.max_row]:
                    cell.font = Font(bold=True)
        if table.has_suppression:
            sheet.append([table.suppression_note()])
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
    """A plain, tagged-looking PDF of the tables (reportlab), one section per heading."""
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
                [Paragraph(_escape(cell), styles["BodyText"]) for cell in line]
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
            if table.has_suppression:
                story.append(Paragraph(_escape(table.suppression_note()), styles["Italic"]))
            story.append(Spacer(1, 8))
    document.build(story)
    return buffer.getvalue()


def _escape(text: Any) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
