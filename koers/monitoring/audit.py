"""``audit_disclosure``: everything an analyst can obtain, attacked with linear programming.

What is collected (for a period = a calendar year of the dashboard, plus the survey reports,
which are not per year and are always included):

- the survey report for every wave filter (all waves, wave 1, 2, 3, 4) — respondents per
  group, every closed question per group with its base, transitions, direction of change
  (page, CSV and XLSX show the same published numbers);
- the dashboard's questionnaire tables for the year (every region and the "region not
  known" row, their totals and the national totals; a region's view, the national report,
  the PDF/XLSX exports and the comparisons show cells of these same tables);
- every other dashboard table of the year (trajectories, contact requests, safety), each
  attacked on its own: their cells do not overlap the questionnaire's people.

Questionnaire outputs are written over one set of unknowns: for every *frame* (wave number,
year, region, group) and every answer to a question, how many responses. A question's
system holds its own cells and every cell of the respondent counts (the frames' totals);
questions are linked only through those totals, so solving each question's system with
them is the same, for a linear-programming attacker, as solving everything at once. The
attrition table (participants, not responses) is attacked on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.utils import timezone

from koers.outcomes import instrument, reports
from koers.outcomes import selectors as outcome_selectors
from koers.outcomes.models import Wave, WaveStatus
from koers.privacy.attack import Finding, System, audit
from koers.privacy.disclosure import threshold_or_default
from koers.privacy.publishing import MAX_NOISE, Table
from koers.regions.models import Region

from . import selectors, sources

EMPTY_ANSWER = "∅"
#: Stands for "every key of this dimension" (a total); ``None`` is a real key (no region).
_TOTAL = object()
Frame = tuple[int, int, Any, str]  # (wave number, year, region id, group)


@dataclass
class Response:
    pk: int
    frame: Frame
    answers: dict[str, Any]
    options: dict[str, str] = field(default_factory=dict)


@dataclass
class Report:
    period: str
    systems: int = 0
    published: int = 0
    protected: int = 0
    findings: list[tuple[str, Finding]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings


def _responses() -> list[Response]:
    waves = Wave.objects.filter(status=WaveStatus.COMPLETED).values_list(
        "pk",
        "participant_id",
        "number",
        "completed_at",
        "region_id",
        "group",
        "answers",
        "sex_work_status",
        "branch_direction",
        "sector",
        "needs",
    )
    rows = list(waves)
    status_of = {(p, n): s for _pk, p, n, _c, _r, _g, _a, s, *_rest in rows}
    result = []
    for (
        pk,
        participant,
        number,
        completed,
        region,
        group,
        answers,
        status,
        branch,
        sector,
        needs,
    ) in rows:
        year = timezone.localtime(completed).year
        response = Response(pk, (number, year, region, group), answers)
        before = status_of.get((participant, number - 1))
        response.options["transition"] = (
            f"{before}>{status}" if before is not None and status else EMPTY_ANSWER
        )
        response.options["branch"] = branch or "unknown"
        response.options["sector"] = sector or EMPTY_ANSWER
        for domain in instrument.NEED_DOMAINS:
            ticked = f",{domain.value}," in (needs or "")
            response.options[f"needs:{domain.value}"] = "ticked" if ticked else EMPTY_ANSWER
        for item in instrument.CLOSED_ITEMS:
            value = answers.get(item.key)
            answered = value is not None and value != []
            if item.kind == instrument.MULTI:
                in_base = answered or outcome_selectors.was_asked(item, answers, number)
                for option in item.options:
                    ticked = answered and option.value in value
                    state = "ticked" if ticked else ("base" if in_base else EMPTY_ANSWER)
                    response.options[f"{item.key}:{option.value}"] = state
            else:
                known = {o.value for o in item.options}
                response.options[item.key] = (
                    (value if value in known else "other") if answered else EMPTY_ANSWER
                )
        result.append(response)
    return result


class QuestionSystem:
    """One question's unknowns (frame × answer) and everything published over them.

    Atom ``frame_index × len(answers) + answer_index``; predicates are evaluated once per
    frame and once per answer (and cached by label: the respondent counts are published
    into every question's system)."""

    _frame_masks: dict[Hashable, np.ndarray] = {}

    def __init__(self, name: str, frames: list[Frame], answers: Iterable[str]):
        self.name = name
        self.frames = frames
        self.answers = list(dict.fromkeys([*answers, EMPTY_ANSWER]))
        self.answer_index = {a: i for i, a in enumerate(self.answers)}
        self.frame_index = {f: i for i, f in enumerate(frames)}
        self.system = System()
        self.system.atoms = len(frames) * len(self.answers)
        self.truth = np.zeros((len(frames), len(self.answers)), dtype=np.int64)

    def count(self, frame: Frame, answer: str) -> None:
        self.truth[self.frame_index[frame], self.answer_index[answer]] += 1

    def publish(
        self,
        label: Hashable,
        value: int | None,
        frames: Callable[[Frame], bool],
        answers: Callable[[str], bool],
        protective: bool = False,
        shared: bool = False,
    ) -> None:
        frame_mask = self._frame_masks.get(label)
        if frame_mask is None:
            frame_mask = np.fromiter((frames(f) for f in self.frames), bool, len(self.frames))
            self._frame_masks[label] = frame_mask
        answer_mask = np.fromiter((answers(a) for a in self.answers), bool, len(self.answers))
        mask = np.outer(frame_mask, answer_mask)
        atoms = np.flatnonzero(mask.ravel()).tolist()
        truth = int(self.truth[mask].sum())
        target = not shared or self.name == "respondents"
        self.system.publish(
            atoms, value, truth=truth, protective=protective, label=label, target=target
        )


def _every(_value: Any) -> bool:
    return True


def _publish_table(
    scope: Hashable,
    system: QuestionSystem,
    table: Table,
    frames: Callable[[Frame], bool],
    row_frame: Callable[[Hashable], Callable[[Frame], bool]] | None,
    row_answers: Callable[[Hashable], Callable[[str], bool]] | None,
    column_frame: Callable[[Hashable], Callable[[Frame], bool]] | None,
    column_answers: Callable[[Hashable], Callable[[str], bool]] | None,
    shared: bool = False,
) -> None:
    """Write a published table's cells and totals as relations: each row and column key
    narrows either the frames or the answers."""
    n_r, n_c = len(table.row_keys), len(table.column_keys)

    def narrowing(
        key: Hashable | None, keys: list[Hashable], make: Callable | None
    ) -> Callable[[Any], bool]:
        # A total (no key) is the sum over every key of that dimension.
        if make is None:
            return _every
        if key is not _TOTAL:
            return make(key)
        tests = [make(each) for each in keys]
        return lambda value: any(test(value) for test in tests)

    def predicate(row: Hashable | None, column: Hashable | None):
        frame_tests = [
            frames,
            narrowing(row, table.row_keys, row_frame),
            narrowing(column, table.column_keys, column_frame),
        ]
        answer_tests = [
            narrowing(row, table.row_keys, row_answers),
            narrowing(column, table.column_keys, column_answers),
        ]
        return (
            lambda f: all(test(f) for test in frame_tests),
            lambda a: all(test(a) for test in answer_tests),
        )

    def add(r: int, c: int, row: Any, column: Any, value: Any) -> None:
        f, a = predicate(row, column)
        system.publish((scope, table.key, r, c), value, f, a, protective=(r, c) in table.protective)

    for r, row in enumerate(table.row_keys):
        for c, column in enumerate(table.column_keys):
            add(r, c, row, column, table.cells[r][c])
        if table.row_totals is not None:
            add(r, n_c, row, _TOTAL, table.row_totals[r])
    if table.column_totals is not None:
        for c, column in enumerate(table.column_keys):
            add(n_r, c, _TOTAL, column, table.column_totals[c])
        if table.row_totals is not None:
            add(n_r, n_c, _TOTAL, _TOTAL, table.total)


def _in_group(group: Any) -> Callable[[Frame], bool]:
    return lambda frame: frame[3] == group


def _is(value: Any) -> Callable[[Any], bool]:
    return lambda other: other == value


def _frames(responses: list[Response], years: list[int]) -> list[Frame]:
    regions = [r.pk for r in Region.objects.all()] + [None]
    groups = sorted({g.value for g in instrument.GROUPS} | {r.frame[3] for r in responses})
    numbers = range(1, max([4, *[r.frame[0] for r in responses]]) + 1)
    return [(n, y, r, g) for n in numbers for y in years for r in regions for g in groups]


def _publish_multi(
    systems: dict[str, QuestionSystem],
    item: instrument.Item,
    table: Table,
    wave: int | None,
    in_waves: Callable[[Frame], bool],
    groups: list[str],
) -> int:
    """A multi-choice question: each option is its own system (ticked or not), with the
    base (those asked) published beside it."""
    published = 0
    for r, option in enumerate(table.row_keys):
        system = systems[f"{item.key}:{option}"]
        for c, group in enumerate(table.column_keys):
            system.publish(
                (item.key, wave, option, group),
                table.cells[r][c],
                lambda f, w=in_waves, g=group: w(f) and f[3] == g,
                _is("ticked"),
            )
        system.publish(
            (item.key, wave, option, "total"),
            table.row_totals[r],
            in_waves,
            _is("ticked"),
            protective=(r, len(table.column_keys)) in table.protective,
        )
        for c, group in enumerate(groups):
            system.publish(
                (item.key, wave, "base", group),
                table.answered[c],
                lambda f, w=in_waves, g=group: w(f) and f[3] == g,
                lambda a: a != EMPTY_ANSWER,
                shared=r > 0,
            )
        system.publish(
            (item.key, wave, "base", "total"),
            table.answered_total,
            in_waves,
            lambda a: a != EMPTY_ANSWER,
            shared=r > 0,
        )
        published += 2 * len(groups) + 2
    return published


def questionnaire_systems(year: int | None) -> tuple[list[QuestionSystem], int]:
    """Every question's system with the survey reports (all wave filters) and, for
    ``year`` (or every year when ``None``), the dashboard's questionnaire tables."""
    QuestionSystem._frame_masks = {}
    responses = _responses()
    current = timezone.localdate().year
    data_years = sorted({r.frame[1] for r in responses}) or [current]
    years = list(range(min(data_years), max(data_years[-1], current) + 1))
    frames = _frames(responses, years)
    names = ["respondents", "transition", "branch", "sector"]
    names += [f"needs:{d.value}" for d in instrument.NEED_DOMAINS]
    for item in instrument.CLOSED_ITEMS:
        if item.kind == instrument.MULTI:
            names += [f"{item.key}:{o.value}" for o in item.options]
        else:
            names.append(item.key)
    systems: dict[str, QuestionSystem] = {}
    for name in names:
        answers = {r.options.get(name, EMPTY_ANSWER) for r in responses} | {EMPTY_ANSWER}
        systems[name] = QuestionSystem(name, frames, sorted(answers))
        for response in responses:
            systems[name].count(response.frame, response.options.get(name, EMPTY_ANSWER))

    published = 0
    for wave in (None, *range(1, 5)):
        data = reports.build(wave)
        in_waves = (lambda f: True) if wave is None else (lambda f, w=wave: f[0] == w)
        groups = [g for g, _label in reports.GROUP_COLUMNS]
        for system in systems.values():
            for index, group in enumerate(groups):
                system.publish(
                    ("respondents", wave, group),
                    data["respondents"][index],
                    lambda f, w=in_waves, g=group: w(f) and f[3] == g,
                    _every,
                    shared=True,
                )
            system.publish(
                ("respondents", wave, "total"),
                data["respondents_total"],
                in_waves,
                _every,
                shared=True,
            )
            published += len(groups) + 1
        for table in data["items"]:
            item = instrument.ITEM_BY_KEY[table.key]
            if item.kind == instrument.MULTI:
                published += _publish_multi(systems, item, table, wave, in_waves, groups)
                continue
            system = systems[item.key]
            options = set(table.row_keys)
            _publish_table(
                wave,
                system,
                table,
                in_waves,
                None,
                _is,
                _in_group,
                None,
            )
            # Column totals sum the listed options only; the base also counts other values.
            for c, group in enumerate(groups):
                system.publish(
                    (item.key, wave, "answered", group),
                    table.answered[c],
                    lambda f, w=in_waves, g=group: w(f) and f[3] == g,
                    lambda a: a != EMPTY_ANSWER,
                )
            system.publish(
                (item.key, wave, "answered", "total"),
                table.answered_total,
                in_waves,
                lambda a: a != EMPTY_ANSWER,
            )
            del options
            published += (len(table.row_keys) + 1) * (len(groups) + 1) + len(groups) + 1
        if wave is None:
            _publish_table(
                "all",
                systems["transition"],
                data["transitions"],
                _every,
                None,
                lambda before: lambda a, b=before: a.split(">")[0] == b,
                None,
                lambda after: lambda a, b=after: a.split(">")[-1] == b and ">" in a,
            )
            _publish_table(
                "all",
                systems["branch"],
                data["branch"],
                _every,
                None,
                _is,
                _in_group,
                None,
            )
            published += 2 * 20

    for dashboard_year in [year] if year is not None else years:
        published += _dashboard_questionnaires(systems, dashboard_year)
    return list(systems.values()), published


def _dashboard_questionnaires(systems: dict[str, QuestionSystem], year: int) -> int:
    regions = list(Region.objects.order_by("name"))
    sections = selectors.national_tables(year, regions)
    tables = {t.key: t for t in sections[0].tables}
    in_year = lambda f: f[1] == year  # noqa: E731
    by_region = lambda region: lambda f, r=region: f[2] == r  # noqa: E731
    by_group = lambda group: lambda f, g=group: f[3] == g  # noqa: E731
    published = 0

    def spread(
        name: str, key: str, frames: Callable, column_answers: Callable | None, column_frame=None
    ):
        nonlocal published
        table = tables[key]
        for system in [systems[name]] if name != "*" else systems.values():
            _publish_table(
                year,
                system,
                table,
                frames,
                by_region,
                None,
                column_frame,
                column_answers,
                shared=name == "*",
            )
        published += (len(table.row_keys) + 1) * (len(table.column_keys) + 1)

    spread("*", "reach", lambda f: in_year(f) and f[0] == 1, None, by_group)
    spread("*", "respondents", in_year, None, by_group)
    spread("transition", "transitions", in_year, _is)
    spread(
        "branch",
        "branch",
        lambda f: in_year(f) and f[3] != instrument.GROUP_NOT_SEEKING,
        _is,
    )
    spread("sector", "sectors", in_year, _is)
    needs = tables["needs"]
    for c, domain in enumerate(needs.column_keys):
        system = systems[f"needs:{domain}"]
        for r, region in enumerate(needs.row_keys):
            system.publish(
                ("needs", year, region, domain),
                needs.cells[r][c],
                lambda f, g=region: in_year(f) and f[2] == g,
                _is("ticked"),
            )
        if needs.column_totals is not None:
            system.publish(
                ("needs", year, "national", domain), needs.column_totals[c], in_year, _is("ticked")
            )
        published += len(needs.row_keys) + 1
    return published


def table_system(table: Table, truth: dict[tuple[Any, Any], int]) -> System:
    """One dashboard table on its own: its cells are the unknowns."""
    system = System()
    n_r, n_c = len(table.row_keys), len(table.column_keys)
    atoms = [[system.atom((r, c)) for c in range(n_c)] for r in range(n_r)]

    def true(cells: list[tuple[int, int]]) -> int:
        return sum(truth.get((table.row_keys[r], table.column_keys[c]), 0) for r, c in cells)

    def add(cells: list[tuple[int, int]], value: Any, position: tuple[int, int]) -> None:
        system.publish(
            [atoms[r][c] for r, c in cells],
            value,
            truth=true(cells),
            protective=position in table.protective,
            label=(table.key, *position),
        )

    for r in range(n_r):
        for c in range(n_c):
            add([(r, c)], table.cells[r][c], (r, c))
        if table.row_totals is not None:
            add([(r, c) for c in range(n_c)], table.row_totals[r], (r, n_c))
    if table.column_totals is not None:
        for c in range(n_c):
            add([(r, c) for r in range(n_r)], table.column_totals[c], (n_r, c))
        if table.row_totals is not None:
            add([(r, c) for r in range(n_r) for c in range(n_c)], table.total, (n_r, n_c))
    return system


def other_dashboard_tables(year: int) -> list[tuple[Table, dict[tuple[Any, Any], int]]]:
    """The dashboard's non-questionnaire tables of ``year`` with their true counts."""
    regions = list(Region.objects.order_by("name"))
    sections = selectors.national_tables(year, regions)
    indicators = [*sources.contact_indicators(year), *sources.trajectory_reach(year)]
    for _module, source, _title, _description in sources.EXTERNAL:
        indicators += sources.external_indicators("", source, year) or []
    indicators.append(sources.phase_flows(year))
    indicators.append(sources.first_outcome_bands(sources.first_outcome_days(year)))
    truth = {i.key: {where: c.n for where, c in i.counts.items()} for i in indicators}
    return [
        (table, truth[table.key])
        for section in sections[1:]
        for table in section.tables
        if table.key in truth
    ]


def run(year: int | None = None, *, check_shown: bool = True) -> Report:
    k = threshold_or_default()
    report = Report(period=str(year) if year else "all years")
    systems, _published = questionnaire_systems(year)
    for question in systems:
        report.systems += 1
        report.published += len(question.system.relations)
        report.protected += sum(1 for r in question.system.relations if 0 < r.truth < k)
        for finding in audit(question.system, k, MAX_NOISE, check_shown=check_shown):
            report.findings.append((question.name, finding))
    years = [year] if year is not None else selectors.available_years()
    for each in years:
        for table, truth in other_dashboard_tables(each):
            system = table_system(table, truth)
            report.systems += 1
            report.published += len(system.relations)
            report.protected += sum(1 for r in system.relations if 0 < r.truth < k)
            for finding in audit(system, k, MAX_NOISE, check_shown=check_shown):
                report.findings.append((table.key, finding))
    return report


def years_with_data() -> list[int]:
    return selectors.available_years()


def parse_period(value: str | None) -> int | None:
    """``--period 2025`` → 2025; ``None`` → every year. Unknown years are refused."""
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except ValueError:
        raise ValueError(f"unknown period {value!r}: give a calendar year") from None
    if year not in years_with_data():
        raise ValueError(f"unknown period {year}: years with data are {years_with_data()}")
    return year
