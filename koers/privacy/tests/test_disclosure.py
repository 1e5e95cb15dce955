"""Small-cell suppression: nothing below the threshold is published, and no hidden cell can
be recomputed from the totals that are published."""

import random

import pytest
from django.test import override_settings

from koers.privacy.disclosure import suppress_counts, suppress_table


def recompute(table) -> dict[tuple[int, int], int]:
    """What an attacker recovers by repeatedly solving lines with one unknown value."""
    n_r, n_c = len(table.rows), len(table.columns)
    grid = [list(row) + [table.row_totals[i]] for i, row in enumerate(table.cells)]
    grid.append(list(table.column_totals) + [table.total])
    lines = [[(r, c) for c in range(n_c + 1)] for r in range(n_r + 1)]
    lines += [[(r, c) for r in range(n_r + 1)] for c in range(n_c + 1)]
    recovered: dict[tuple[int, int], int] = {}
    progress = True
    while progress:
        progress = False
        for line in lines:
            unknown = [p for p in line if grid[p[0]][p[1]] is None]
            if len(unknown) != 1:
                continue
            total_pos, parts = line[-1], line[:-1]
            (r, c) = unknown[0]
            if unknown[0] == total_pos:
                value = sum(grid[p[0]][p[1]] for p in parts)
            else:
                value = grid[total_pos[0]][total_pos[1]] - sum(
                    grid[p[0]][p[1]] for p in parts if p != unknown[0]
                )
            grid[r][c] = value
            recovered[(r, c)] = value
            progress = True
    return recovered


@override_settings(SUPPRESSION_THRESHOLD=5)
def test_small_cells_are_hidden_and_cannot_be_recomputed_from_totals():
    counts = {("north", "jan"): 12, ("north", "feb"): 2, ("south", "jan"): 9, ("south", "feb"): 14}
    table = suppress_table(["north", "south"], ["jan", "feb"], counts)
    assert table.cell("north", "feb") is None
    assert (0, 1) in table.primary
    assert table.complementary, "a lone hidden cell would be row total minus the rest"
    assert recompute(table) == {}
    assert table.total == 37


@override_settings(SUPPRESSION_THRESHOLD=5)
def test_large_counts_and_zeros_are_published_unchanged():
    table = suppress_table(["a", "b"], ["x", "y"], {("a", "x"): 10, ("a", "y"): 0, ("b", "x"): 7})
    assert table.cells == [[10, 0], [7, 0]]
    assert table.row_totals == [10, 7]
    assert table.suppressed == set()


@override_settings(SUPPRESSION_THRESHOLD=5)
def test_small_totals_are_hidden_too():
    table = suppress_table(["a", "b"], ["x", "y"], {("a", "x"): 3, ("b", "x"): 20, ("b", "y"): 30})
    assert table.row_totals[0] is None
    assert table.cell("a", "x") is None
    assert recompute(table) == {}


def test_threshold_setting_is_used_and_never_below_three():
    with override_settings(SUPPRESSION_THRESHOLD=10):
        assert suppress_counts({"a": 9, "b": 50, "c": 40})["a"] is None
    with override_settings(SUPPRESSION_THRESHOLD=1):
        assert suppress_counts({"a": 2, "b": 50, "c": 40})["a"] is None


@override_settings(SUPPRESSION_THRESHOLD=5)
def test_one_dimensional_counts_protect_the_total():
    shown = suppress_counts({"physical": 2, "sexual": 11, "emotional": 30})
    assert shown["physical"] is None
    assert shown["sexual"] is None, "otherwise total − emotional − sexual reveals physical"
    assert shown["emotional"] == 30


@pytest.mark.parametrize("seed", range(25))
@override_settings(SUPPRESSION_THRESHOLD=5)
def test_random_tables_never_reveal_a_small_cell(seed):
    rng = random.Random(seed)
    rows, columns = list(range(rng.randint(1, 6))), list(range(rng.randint(1, 6)))
    counts = {(r, c): rng.choice([0, 1, 2, 3, 4, 5, 8, 20]) for r in rows for c in columns}
    table = suppress_table(rows, columns, counts)
    recovered = recompute(table)
    for r in rows:
        for c in columns:
            value = counts[(r, c)]
            if 0 < value < 5:
                assert table.cells[r][c] is None
                assert (r, c) not in recovered
