"""Small-cell suppression for published counts (statistical disclosure control).

Written here (about a hundred lines) rather than taken from a package because the
maintained tools (sdcMicro, tau-Argus) are R/Java programs for micro-data; we only need
the two classic rules for count tables:

- **primary suppression**: a count ``0 < n < settings.SUPPRESSION_THRESHOLD`` is hidden
  (zero is published: an empty cell says nothing about a person);
- **complementary suppression**: in a table with row and column totals, a line (a row with
  its total, a column with its total) must never hold exactly one hidden value, or that
  value is its total minus the others. We keep hiding the smallest further value in such a
  line (a non-zero cell first, the total as a last resort) until no line has one hidden
  value. Totals below the threshold are hidden too. A line whose total is shown must also
  not hide cells that add up to a small number (two hidden 1s beside a shown total are a
  group of 2): such a line gets a further hidden value the same way.

This stops recomputation from single rows and columns. It is the usual heuristic, not an
optimal (linear-programming) solution; callers publish nothing finer than these tables.
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings


def threshold_or_default(threshold: int | None = None) -> int:
    """The threshold in force: the argument, else the setting; never below 3."""
    value = settings.SUPPRESSION_THRESHOLD if threshold is None else threshold
    return max(3, int(value))


def is_small(count: int, threshold: int) -> bool:
    return 0 < count < threshold


@dataclass
class SuppressedTable:
    """A 2-D count table ready to publish: hidden values are ``None``.

    ``primary`` and ``complementary`` hold the positions hidden for each reason, as
    ``(row, column)`` indexes into the full grid where index ``len(rows)`` / ``len(columns)``
    is the totals row / column.
    """

    rows: list[Hashable]
    columns: list[Hashable]
    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    total: int | None
    threshold: int
    primary: set[tuple[int, int]] = field(default_factory=set)
    complementary: set[tuple[int, int]] = field(default_factory=set)

    def cell(self, row: Hashable, column: Hashable) -> int | None:
        return self.cells[self.rows.index(row)][self.columns.index(column)]

    @property
    def suppressed(self) -> set[tuple[int, int]]:
        return self.primary | self.complementary


def _lines(n_rows: int, n_columns: int) -> list[list[tuple[int, int]]]:
    """Every additive line of the grid with margins; the total's position comes last."""
    lines = [[(r, c) for c in range(n_columns + 1)] for r in range(n_rows + 1)]
    lines += [[(r, c) for r in range(n_rows + 1)] for c in range(n_columns + 1)]
    return lines


def _exposed(
    line: list[tuple[int, int]], hidden: set[tuple[int, int]], grid: list[list[int]], limit: int
) -> bool:
    """Whether a line gives away something hidden: a lone hidden value (its total minus the
    rest), or, with the total shown, hidden cells whose sum (the total minus the shown
    cells) is a small number — two people hidden in one line are still a group of two."""
    secret = [pos for pos in line if pos in hidden]
    if len(secret) == 1:
        return True
    if not secret or line[-1] in hidden:
        return False
    return is_small(sum(grid[r][c] for r, c in secret), limit)


def suppress_table(
    rows: Sequence[Hashable],
    columns: Sequence[Hashable],
    counts: Mapping[tuple[Hashable, Hashable], int],
    threshold: int | None = None,
) -> SuppressedTable:
    """Build the table of ``counts[(row, column)]`` (missing = 0) with margins, suppressed."""
    limit = threshold_or_default(threshold)
    rows, columns = list(rows), list(columns)
    n_r, n_c = len(rows), len(columns)
    grid = [[int(counts.get((r, c), 0)) for c in columns] for r in rows]
    for r in range(n_r):
        grid[r].append(sum(grid[r]))
    grid.append([sum(grid[r][c] for r in range(n_r)) for c in range(n_c + 1)])

    primary = {
        (r, c) for r in range(n_r + 1) for c in range(n_c + 1) if is_small(grid[r][c], limit)
    }
    hidden = set(primary)
    changed = True
    while changed:
        changed = False
        for line in _lines(n_r, n_c):
            if not _exposed(line, hidden, grid, limit):
                continue
            candidates = [pos for pos in line[:-1] if pos not in hidden]
            nonzero = [pos for pos in candidates if grid[pos[0]][pos[1]] > 0]
            pool = nonzero or candidates or [pos for pos in line if pos not in hidden]
            if not pool:
                continue
            hidden.add(min(pool, key=lambda pos: (grid[pos[0]][pos[1]], pos)))
            changed = True

    def shown(r: int, c: int) -> int | None:
        return None if (r, c) in hidden else grid[r][c]

    return SuppressedTable(
        rows=rows,
        columns=columns,
        cells=[[shown(r, c) for c in range(n_c)] for r in range(n_r)],
        row_totals=[shown(r, n_c) for r in range(n_r)],
        column_totals=[shown(n_r, c) for c in range(n_c)],
        total=shown(n_r, n_c),
        threshold=limit,
        primary=primary,
        complementary=hidden - primary,
    )


def suppress_counts(
    counts: Mapping[Hashable, int], threshold: int | None = None
) -> dict[Hashable, int | None]:
    """A 1-D list of counts whose total is published: same rules, one line."""
    keys = list(counts)
    table = suppress_table(keys, ["count"], {(k, "count"): v for k, v in counts.items()}, threshold)
    return {key: table.cells[i][0] for i, key in enumerate(keys)}
