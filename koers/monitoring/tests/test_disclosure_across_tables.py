"""A differencing attack on everything the regional dashboard publishes at once.

Each table is suppressed on its own (``koers.privacy.disclosure.suppress_table``), but the
dashboard, the national report and the CSV/XLSX/PDF exports publish many tables about the
same people side by side. An analyst can subtract a number of one table from a number of
another. This test plays that analyst: it builds a year of realistic data with small
groups, takes every published number from the selectors the views use
(``selectors.national_tables`` and ``selectors.comparisons``), writes down every *exact*
linear relation between published numbers (within and across tables), and solves the
resulting linear system for the hidden ones.

The relations, derived from how each table is built (``sources`` and the apps'
``regional_statistics``):

- **within every count table** (regions × categories): each row total is the sum of its
  cells, each column total (national) the sum of its regions, the grand total both;
- **same population, different split** — the row totals (and grand totals) are equal:
  ``reach:trajectories`` (new trajectories by group at opening),
  ``reach:trajectories-quarter`` (per quarter) and ``trajectories:new`` (by phase at the
  start) count the same new trajectories; ``contact:quarter`` and ``contact:outcome`` the
  same contact requests;
- **the median table** publishes the row totals (and grand total) of the time bands
  ``time:first-outcome`` as its first column;
- **nested tables**: a phase change to phase *p* (``trajectories:phases``) is a flow
  from some other phase to *p* (``flows:phases``), per region and nationally;
- **comparisons**: "no sex work in the last 3 months" publishes per region ``x`` =
  ``respondents`` cell *no sex work* and ``n`` = the ``respondents`` row total; "outside the
  branch" publishes ``x`` = ``trajectories:outcomes`` *work outside* + *study* + *benefit*
  and ``n`` = ``x`` + *change within the branch*.

Not used, because they are inequalities or not linear (the attack is about exact
recovery): first-round participants ≤ respondents (``reach`` / ``respondents``), sectors ≤
work outside (a sector is optional), the questionnaire's direction and sector tables
(subsets of respondents), incidents by form (a report counts once per form) against
incidents by perpetrator, trajectories with a first outcome ≤ outcomes recorded, and the
medians (order statistics).

The attack: every relation is a linear equation; the published numbers are substituted
and the hidden ones stay unknown. Gauss–Jordan elimination over the rationals finds every
unknown that a combination of published equations fixes (plus the non-negativity step:
hidden counts that sum to 0 are all 0). The test then asserts that

1. no hidden cell whose true value is small (``0 < n < k``, a primary cell) is determined;
2. no published relation, with every determined number filled in, reveals a sum of hidden
   numbers that is above 0 and below k.

Findings (before the fix in ``selectors.comparisons`` and ``disclosure.suppress_table``):
a comparison published ``x`` and ``n`` that are sums of cells its table hides (Rotterdam:
"6 of 17 respondents stopped" beside a table hiding its 2 not seeking change and those 6;
17 − 9 − 6 = 2), and two small cells in one line beside a shown total gave away their sum.
The row totals shared by tables of the same people are hidden alike (the totals column is
suppressed from the same numbers), which the attack confirms. What stays open is marked
``xfail`` below: a combination of *several* lines can still bound a group below k.
"""

import datetime as dt
import io
from fractions import Fraction
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from conftest import login, make_user
from koers.accounts.models import Role
from koers.contact.models import ContactRequest
from koers.contact.services import Route, close, create_request
from koers.monitoring import selectors, sources
from koers.monitoring.tests.test_dashboard import make_waves
from koers.monitoring.tests.test_reach_and_time import open_case
from koers.organisations.models import Organisation, OrganisationKind
from koers.outcomes import instrument
from koers.privacy.disclosure import threshold_or_default
from koers.regions.models import Region
from koers.safety.tests.factories import make_report
from koers.trajectories import services
from koers.trajectories.models import PhaseChange, SexWorkStatusChange, Trajectory

#: A whole past year, so that the data (and the quarters it falls in) is the same whatever
#: day the test runs.
YEAR = timezone.localdate().year - 1

#: Tables that count the same people per region, split differently: equal row totals.
SAME_POPULATION = [
    ("reach:trajectories", "reach:trajectories-quarter", "trajectories:new"),
    ("contact:quarter", "contact:outcome"),
]
MEDIAN = "time:first-outcome-median"
BANDS = "time:first-outcome"
OUTCOMES = "trajectories:outcomes"
TOTAL = "total"


# (phase, sex-work status) at opening → group: contact+doing = not seeking change,
# orientation+partly = in a change process, execution+not doing = no sex work, "" = not
# recorded.
OPENINGS = {
    "seeking": ("contact", "doing"),
    "changing": ("orientation", "partly"),
    "stopped": ("execution", "not_doing"),
    "unrecorded": ("orientation", ""),
}


def _day(index: int) -> dt.date:
    """Spread openings and requests over the year, more in the second half."""
    return dt.date(YEAR, [1, 2, 4, 6, 8, 10, 11][index % 7], 15)


def _dated(case, on: dt.date) -> None:
    """Move a new file (its opening, first phase and status) to ``on``."""
    Trajectory.objects.filter(pk=case.pk).update(opened_on=on)
    PhaseChange.objects.filter(trajectory=case).update(on=on)
    SexWorkStatusChange.objects.filter(trajectory=case).update(on=on)


@pytest.fixture
def world(worker):
    """Five regions with realistic numbers and the small groups every year has."""
    regions = {r.slug: r for r in Region.objects.all()}
    # Questionnaires. Rotterdam: 2 not seeking change among 17 respondents.
    make_waves(
        regions["amsterdam"],
        {
            instrument.GROUP_CHANGING: 12,
            instrument.GROUP_NO_SEX_WORK: 7,
            instrument.GROUP_NOT_SEEKING: 6,
        },
        year=YEAR,
    )
    make_waves(
        regions["rotterdam"],
        {
            instrument.GROUP_NOT_SEEKING: 2,
            instrument.GROUP_CHANGING: 9,
            instrument.GROUP_NO_SEX_WORK: 6,
        },
        year=YEAR,
    )
    make_waves(
        regions["utrecht"],
        {
            instrument.GROUP_CHANGING: 7,
            instrument.GROUP_NO_SEX_WORK: 6,
            instrument.GROUP_NOT_SEEKING: 5,
        },
        year=YEAR,
    )
    # Trajectories: per region, (opening, outcome situation or None) × how many.
    plan = {
        "amsterdam": [
            ("seeking", "work_outside", 6),
            ("changing", "work_outside", 4),
            ("changing", "study", 2),
            ("stopped", "benefit", 6),
            ("changing", "within_branch_change", 6),
            ("seeking", "no_change", 5),
            ("unrecorded", None, 3),
        ],
        "rotterdam": [
            ("changing", "work_outside", 8),
            ("stopped", "study", 5),
            ("stopped", "benefit", 1),
            ("seeking", "within_branch_change", 7),
            ("changing", None, 4),
        ],
        "utrecht": [
            ("changing", "work_outside", 6),
            ("stopped", "study", 6),
            ("seeking", "benefit", 5),
            ("changing", "no_change", 3),
        ],
        "zwolle": [("seeking", None, 2), ("changing", "work_outside", 1)],
        "groningen": [("seeking", None, 6), ("changing", None, 5), ("stopped", None, 1)],
    }
    for slug, entries in plan.items():
        index = 0
        for opening, situation, count in entries:
            phase, status = OPENINGS[opening]
            for _ in range(count):
                case = open_case(
                    worker, regions[slug], f"{slug}-{index}", phase=phase, sex_work_status=status
                )
                _dated(case, _day(index))
                if situation:
                    sector = "cleaning" if situation == "work_outside" else ""
                    within = "online" if situation == "within_branch_change" else ""
                    services.record_outcome(
                        case,
                        by=worker,
                        situation=situation,
                        sector=sector,
                        within_branch_change=within,
                        on=dt.date(YEAR, 12, 20),
                    )
                moves = []
                if slug == "amsterdam" and index < 6:
                    moves = ["execution", "orientation"] if index < 2 else ["execution"]
                if slug == "utrecht" and index == 0:
                    moves = ["aftercare"]
                for day, phase_to in enumerate(moves, start=1):
                    services.change_phase(
                        case,
                        by=worker,
                        expected_version=None,
                        phase=phase_to,
                        on=dt.date(YEAR, 12, day),
                    )
                index += 1
    # Contact requests (Zwolle: one trajectory and one advice among ten).
    route = Route(worker.organisation, None)
    contacts = {
        "amsterdam": [("trajectory", 6), ("advice_given", 5), ("", 1)],
        "rotterdam": [("trajectory", 7), ("advice_given", 6), ("", 2)],
        "zwolle": [("trajectory", 1), ("advice_given", 1), ("", 8)],
    }
    for slug, entries in contacts.items():
        index = 0
        for outcome, count in entries:
            for _ in range(count):
                request = create_request(
                    token=f"{slug}-{index}",
                    route=route,
                    work_name="X",
                    channel="sms",
                    contact_detail="+31612345678",
                    language="nl",
                    region=regions[slug],
                ).request
                if outcome:
                    close(request, worker, outcome)
                when = dt.datetime.combine(_day(index + 1), dt.time(12))
                ContactRequest.objects.filter(pk=request.pk).update(
                    created_at=timezone.make_aware(when)
                )
                index += 1
    for violence in (["physical"], ["physical", "sexual"], ["emotional"]):
        make_report(
            (), occurred_on=dt.date(YEAR, 6, 1), region=regions["amsterdam"], violence=violence
        )


# --- what is published, what is true, and how the numbers relate ---------------------------


def published_numbers(regions):
    """``{variable: value or None}`` for every number the views publish, and the tables.

    A variable is ``(table key, row, column)`` with ``TOTAL`` for a margin, or
    ``(comparison key, row, "x" | "n")``."""
    sections = selectors.national_tables(YEAR, regions)
    tables = {t.key: t for s in sections for t in s.tables}
    values = {}
    for key, table in tables.items():
        if table.lines is not None:
            continue
        columns = [0] if key == MEDIAN else range(len(table.column_labels))
        for i, row in enumerate(table.cells):
            for j in columns:
                values[(key, i, j)] = row[j]
            if table.row_totals is not None:
                values[(key, i, TOTAL)] = table.row_totals[i]
        if table.column_totals is not None:
            for j in columns:
                values[(key, TOTAL, j)] = table.column_totals[j]
            if table.row_totals is not None:
                values[(key, TOTAL, TOTAL)] = table.total
    for compared in selectors.comparisons(YEAR, regions, sections):
        for i, row in enumerate(compared.rows):
            values[(f"cmp:{compared.key}", i, "x")] = row.successes
            values[(f"cmp:{compared.key}", i, "n")] = row.n
    return values, tables


def true_numbers(regions):
    """The same variables from the raw (unsuppressed) counts of ``sources``."""
    indicators = [
        *sources.questionnaire_indicators(YEAR),
        *sources.contact_indicators(YEAR),
        *sources.trajectory_reach(YEAR),
        sources.phase_flows(YEAR),
    ]
    for module, source, _title, _description in sources.EXTERNAL:
        indicators += sources.external_indicators(module, source, YEAR) or []
    indicators.append(sources.first_outcome_bands(sources.first_outcome_days(YEAR)))
    values, categories = {}, {}
    for indicator in indicators:
        keys = [c for c, _label in indicator.categories]
        categories[indicator.key] = keys
        rows = [r.pk for r in regions] + [None]  # the last row: region not known
        grid = [[indicator.counts.get((row, c), 0) for c in keys] for row in rows]
        for i, row in enumerate(grid):
            for j, n in enumerate(row):
                values[(indicator.key, i, j)] = n
            values[(indicator.key, i, TOTAL)] = sum(row)
        for j in range(len(keys)):
            values[(indicator.key, TOTAL, j)] = sum(row[j] for row in grid)
        values[(indicator.key, TOTAL, TOTAL)] = sum(map(sum, grid))
    for i in [*range(len(regions) + 1), TOTAL]:
        values[(MEDIAN, i, 0)] = values[(BANDS, i, TOTAL)]
    outside = sources.branch_outcome_counts(YEAR)
    respondents = categories["respondents"].index(instrument.GROUP_NO_SEX_WORK)
    for i, region in enumerate(regions):
        values[("cmp:no-sex-work", i, "x")] = values[("respondents", i, respondents)]
        values[("cmp:no-sex-work", i, "n")] = values[("respondents", i, TOTAL)]
        x, n = outside.get(region.pk, (0, 0))
        values[("cmp:outside-branch", i, "x")] = x
        values[("cmp:outside-branch", i, "n")] = n
    return values, categories


def relations(tables, categories, n_regions):
    """``[(total, [addends], why)]``: every exact "total = sum of addends" we know of.

    Tables have a row per region and a last row for what has no region; comparisons have
    the regions only."""
    found = []
    n_rows = n_regions + 1
    indexes = [*range(n_rows), TOTAL]
    for key, table in tables.items():
        if table.lines is not None or key == MEDIAN:
            continue
        columns = list(range(len(table.column_labels)))
        for i in indexes:
            found.append(((key, i, TOTAL), [(key, i, j) for j in columns], f"{key} row"))
        for j in [*columns, TOTAL]:
            found.append(((key, TOTAL, j), [(key, i, j) for i in range(n_rows)], f"{key} col"))
    for group in SAME_POPULATION:
        present = [key for key in group if key in tables]
        for a, b in zip(present, present[1:], strict=False):
            for i in indexes:
                found.append(((a, i, TOTAL), [(b, i, TOTAL)], f"{a} = {b} (same people)"))
    for i in indexes:
        found.append(((MEDIAN, i, 0), [(BANDS, i, TOTAL)], "median table count = bands total"))
    flows = categories["flows:phases"]
    for j, to in enumerate(categories["trajectories:phases"]):
        into = [f for f, key in enumerate(flows) if key.split(">")[1] == to]
        for i in indexes:
            found.append(
                (
                    ("trajectories:phases", i, j),
                    [("flows:phases", i, f) for f in into],
                    "phase changes to p = flows into p",
                )
            )
    group = categories["respondents"].index(instrument.GROUP_NO_SEX_WORK)
    situation = {key: j for j, key in enumerate(categories[OUTCOMES])}
    for i in range(n_regions):
        found.append(
            (("cmp:no-sex-work", i, "x"), [("respondents", i, group)], "comparison x = cell")
        )
        found.append(
            (("cmp:no-sex-work", i, "n"), [("respondents", i, TOTAL)], "comparison n = row total")
        )
        found.append(
            (
                ("cmp:outside-branch", i, "x"),
                [(OUTCOMES, i, situation[s]) for s in sources.OUTSIDE_SITUATIONS],
                "comparison x = outside situations",
            )
        )
        found.append(
            (
                ("cmp:outside-branch", i, "n"),
                [("cmp:outside-branch", i, "x"), (OUTCOMES, i, situation["within_branch_change"])],
                "comparison n = x + within the branch",
            )
        )
    return found


# --- the solver -----------------------------------------------------------------------------


def _reduce(equations):
    """Gauss–Jordan elimination of sparse rational equations ``({var: coef}, rhs)``.

    Returns the pivot rows ``{pivot: ({var: coef}, rhs)}`` of the reduced system."""
    pivots: dict = {}
    for coefficients, rhs in equations:
        row, value = dict(coefficients), Fraction(rhs)
        for var in [v for v in row if v in pivots]:
            if var not in row:
                continue
            factor = row[var]
            pivot_row, pivot_value = pivots[var]
            for other, coef in pivot_row.items():
                row[other] = row.get(other, 0) - factor * coef
                if row[other] == 0:
                    del row[other]
            value -= factor * pivot_value
        row = {v: c for v, c in row.items() if c != 0}
        if not row:
            assert value == 0, "the published numbers contradict a relation"
            continue
        pivot = min(row, key=repr)
        scale = row[pivot]
        row = {v: c / scale for v, c in row.items()}
        value /= scale
        for other, (other_row, other_value) in list(pivots.items()):
            if pivot in other_row:
                factor = other_row[pivot]
                merged = dict(other_row)
                for v, c in row.items():
                    merged[v] = merged.get(v, 0) - factor * c
                    if merged[v] == 0:
                        del merged[v]
                pivots[other] = (merged, other_value - factor * value)
        pivots[pivot] = (row, value)
    return pivots


def attack(published, found):
    """Solve for the hidden numbers. Returns the determined ones ``{var: value}``, the
    reduced system ``{pivot: ({var: coef}, rhs)}`` and the published relations with every
    determined number filled in."""
    base = []
    for total, addends, _why in found:
        coefficients: dict = {}
        rhs = Fraction(0)
        for var, sign in [(total, 1), *[(a, -1) for a in addends]]:
            if published[var] is None:
                coefficients[var] = coefficients.get(var, 0) + sign
            else:
                rhs -= sign * published[var]
        coefficients = {v: Fraction(c) for v, c in coefficients.items() if c}
        if coefficients:
            base.append((coefficients, rhs))
    extra: list = []
    while True:
        pivots = _reduce(base + extra)
        determined = {p: v for p, (row, v) in pivots.items() if len(row) == 1}
        rows = list(pivots.values()) + [_substitute(e, determined) for e in base]
        zeros = []
        for row, value in rows:
            signs = {c > 0 for c in row.values()}
            if len(row) > 1 and len(signs) == 1 and value == 0:
                zeros += [v for v in row if v not in determined]
        if not zeros:
            break
        extra += [({v: Fraction(1)}, Fraction(0)) for v in set(zeros)]
    return determined, pivots, [_substitute(e, determined) for e in base]


def revealed_sums(rows):
    """The sums of two or more hidden numbers that equations with equal weights give."""
    sums = []
    for row, value in rows:
        weights = set(row.values())
        if len(row) > 1 and len(weights) == 1:
            sums.append((sorted(row, key=repr), int(value / weights.pop())))
    return sums


def _substitute(equation, determined):
    row, value = equation
    kept = {}
    for var, coef in row.items():
        if var in determined:
            value -= coef * determined[var]
        else:
            kept[var] = coef
    return kept, value


# --- the test -------------------------------------------------------------------------------


def test_no_hidden_cell_can_be_worked_out_from_all_published_tables(world):
    k = threshold_or_default()
    regions = list(Region.objects.order_by("name"))
    published, tables = published_numbers(regions)
    truth, categories = true_numbers(regions)
    found = relations(tables, categories, len(regions))

    # The model is right: every published number is the true one, every relation holds.
    for var, value in published.items():
        assert value is None or value == truth[var], var
    for total, addends, why in found:
        assert truth[total] == sum(truth[a] for a in addends), (why, total)
    hidden = {var for var, value in published.items() if value is None}
    small = {var for var in hidden if 0 < truth[var] < k}
    assert len(small) >= 8, "the data should have small groups to protect"

    determined, _pivots, substituted = attack(published, found)

    leaked = {var: int(value) for var, value in determined.items() if var in small}
    assert leaked == {}, f"hidden small counts worked out: {leaked}"
    small_sums = [(cells, total) for cells, total in revealed_sums(substituted) if 0 < total < k]
    assert small_sums == [], f"sums of hidden cells below {k} revealed: {small_sums}"


def test_a_comparison_never_shows_a_sum_of_cells_its_table_hides(world, client):
    """The leaks the attack found before the fix, as a reader would do them by hand."""
    regions = list(Region.objects.order_by("name"))
    names = [r.name for r in regions]
    sections = selectors.national_tables(YEAR, regions)
    tables = {t.key: t for s in sections for t in s.tables}
    # What the comparisons would publish unprotected, from the functions behind them.
    raw = {
        "no-sex-work": SimpleNamespace(rows=selectors.comparison(YEAR, regions)),
        "outside-branch": SimpleNamespace(rows=selectors.branch_comparison(YEAR, regions)),
    }
    shown = {c.key: c for c in selectors.comparisons(YEAR, regions, sections)}
    computed = {c.key: c for c in selectors.comparisons(YEAR, regions)}
    assert computed.keys() == shown.keys()
    for key, compared in computed.items():
        assert [r.n for r in compared.rows] == [r.n for r in shown[key].rows]

    # Rotterdam: 2 of 17 respondents are not seeking change. The table hides the 2 and, so
    # that 17 − 9 − 6 does not give it back, the 6 who stopped. The comparison on its own
    # would publish 6 of 17 — and with it the 2.
    rotterdam = names.index("Rotterdam")
    assert tables["respondents"].cells[rotterdam] == [None, 9, None]
    assert tables["respondents"].row_totals[rotterdam] == 17
    assert (raw["no-sex-work"].rows[rotterdam].successes, raw["no-sex-work"].rows[rotterdam].n) == (
        6,
        17,
    )
    assert shown["no-sex-work"].rows[rotterdam].n is None
    # Amsterdam: 2 people went to study. The outcomes table hides them (and 5 "no change");
    # "18 of 24 went outside the branch" minus the 10 in work and the 6 on a benefit is 2.
    amsterdam = names.index("Amsterdam")
    outcomes = tables[OUTCOMES]
    row = dict(zip(outcomes.column_keys, outcomes.cells[amsterdam], strict=True))
    assert row["study"] is None and (row["work_outside"], row["benefit"]) == (10, 6)
    raw_row = raw["outside-branch"].rows[amsterdam]
    assert (raw_row.successes, raw_row.n) == (18, 24)
    assert shown["outside-branch"].rows[amsterdam].n is None
    # Where every cell behind it is shown, the comparison stays: Amsterdam's respondents.
    kept = shown["no-sex-work"].rows[amsterdam]
    assert (kept.successes, kept.n) == (7, 25) and kept.share == pytest.approx(7 / 25)

    # The page and the spreadsheet say the same.
    login(client, make_user("analyst-attack", role=Role.ANALYST, organisation=_municipality()))
    html = client.get(
        reverse("monitoring:dashboard"), {"region": "rotterdam", "year": YEAR}
    ).content.decode()
    assert '<th scope="row">Rotterdam</th><td>6</td><td>17</td>' not in html
    assert '<th scope="row">Rotterdam</th><td class="suppressed">•</td>' in html
    assert '<th scope="row">Amsterdam</th><td>7</td><td>25</td>' in html
    xlsx = client.get(reverse("monitoring:export", kwargs={"fmt": "xlsx"}), {"year": YEAR})
    lines = [
        list(line)
        for line in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True)
    ]
    assert ["Rotterdam", 6, 17] not in [line[:3] for line in lines]
    assert ["Amsterdam", 18, 24] not in [line[:3] for line in lines]
    assert ["Amsterdam", 7, 25] in [line[:3] for line in lines]


def _municipality():
    return Organisation.objects.create(name="Gemeente", kind=OrganisationKind.MUNICIPALITY)


def test_hidden_cells_beside_a_shown_total_never_add_up_to_a_small_group():
    """Two single people hidden in one row beside a shown total are a group of 2: a third
    cell is hidden too, so the hidden cells add up to at least k."""
    from koers.privacy.disclosure import suppress_table

    counts = {("north", "a"): 1, ("north", "b"): 1, ("north", "c"): 20, ("north", "d"): 9}
    counts |= {("south", "a"): 7, ("south", "b"): 8, ("south", "c"): 30, ("south", "d"): 6}
    table = suppress_table(["north", "south"], ["a", "b", "c", "d"], counts, threshold=5)
    north = table.cells[0]
    assert north[0] is None and north[1] is None and table.row_totals[0] == 31
    hidden = [counts[("north", c)] for c, v in zip("abcd", north, strict=True) if v is None]
    assert sum(hidden) >= 5


@pytest.mark.xfail(
    strict=True,
    reason="Known limit of the heuristic (one line at a time): a combination of several "
    "lines can still give a small sum of hidden cells, e.g. Groningen's second half year "
    "(2 + 2 = 4 new trajectories) from the quarter columns and the other regions' rows. "
    "Closing it needs an audited (linear-programming) suppression.",
)
def test_no_combination_of_published_relations_reveals_a_small_sum(world):
    k = threshold_or_default()
    regions = list(Region.objects.order_by("name"))
    published, tables = published_numbers(regions)
    _truth, categories = true_numbers(regions)
    _determined, pivots, _substituted = attack(
        published, relations(tables, categories, len(regions))
    )
    small_sums = [s for s in revealed_sums(pivots.values()) if 0 < s[1] < k]
    assert small_sums == []
