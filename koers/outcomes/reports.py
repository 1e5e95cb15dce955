"""Survey reports as published tables, for the page and the CSV/XLSX exports: attrition
per wave, every closed question per group with percentages, sex-work status transitions,
and within/outside-branch outcomes.

Every number goes through the disclosure-control layer (``koers.privacy.publishing``, the
cell-key method): a response's record key is the same here as on the regional dashboard,
so "all waves" minus the waves one by one, or this report beside the dashboard, gives
noise, not a person. Percentages are computed from the published numbers. A single-choice
question's base is those who answered it; a multi-choice question's base is those who were
asked it (ticking nothing is an answer too), and its options have no column total (one
person can tick several).
"""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.privacy.disclosure import threshold_or_default
from koers.privacy.publishing import MAX_NOISE, Table, published, published_line, show
from koers.privacy.publishing import to_csv as tables_to_csv
from koers.privacy.publishing import to_xlsx as tables_to_xlsx

from . import instrument, selectors, services
from .models import WaveStatus

GROUP_COLUMNS = [(g.value, g.label) for g in instrument.GROUPS]
BRANCH_LABELS = [
    ("within", gettext_lazy("Within the branch")),
    ("outside", gettext_lazy("Outside the branch")),
    ("unknown", gettext_lazy("Not (yet) known")),
]


def attrition_table(max_wave: int = 4) -> Table:
    rows = selectors.attrition(max_wave=max_wave)
    columns = [
        ("took_part", gettext_lazy("Took part")),
        *[(reason.value, reason.label) for reason in selectors.ATTRITION_REASONS],
        ("pending", gettext_lazy("Not yet due or still open")),
    ]
    counts = {(row.wave, column): count for row in rows for column, count in row.cells.items()}
    return published(
        "attrition",
        gettext_lazy("Attrition per wave"),
        [(row.wave, _("Wave %(n)s") % {"n": row.wave}) for row in rows],
        columns,
        counts,
        note=gettext_lazy(
            "Everyone who took part in wave 1, per later wave: took part, did not (and why)."
        ),
        show_column_totals=False,
    )


def item_table(item_report: selectors.ItemReport) -> Table:
    item = item_report.item
    keys = [g for g, _label in GROUP_COLUMNS]
    counts = {(o.value, g): o.counts[g] for o in item_report.options for g in keys}
    table = published(
        item.key,
        f"{item.key}. {item.label}",
        [(o.value, o.label) for o in item_report.options],
        GROUP_COLUMNS,
        counts,
        show_column_totals=item.kind == instrument.SINGLE,
    )
    # The base: for a single-choice question those who answered (the column totals, the
    # same people, so the same published numbers); for a multi-choice one those asked.
    answered, table.answered_total = published_line({g: item_report.answered[g] for g in keys})
    table.answered = [answered[g] for g in keys]
    # Percentages on those in the group who answered (hidden when the count is hidden).
    table.percentages = [
        [
            None if cell is None or not answered[g] else round(100 * cell / answered[g], 1)
            for cell, g in zip(row, keys, strict=True)
        ]
        for row in table.cells
    ]
    total_base = table.answered_total
    table.total_percentages = [
        None if total is None or not total_base else round(100 * total / total_base, 1)
        for total in table.row_totals
    ]
    table.is_multi = item.kind == instrument.MULTI
    table.lines = item_lines(table)
    return table


def item_lines(table: Table) -> list[list[str]]:
    """Export lines: per group the count and the percentage of those who answered."""
    header = [str(table.title)]
    for _g, label in GROUP_COLUMNS:
        header += [f"{label} (n)", f"{label} (%)"]
    header += [_("Total") + " (n)", _("Total") + " (%)"]
    lines = [header]
    for index, label in enumerate(table.row_labels):
        line = [str(label)]
        for count, percentage in zip(table.cells[index], table.percentages[index], strict=True):
            line += [show(count), show(percentage) if count is not None else show(None)]
        total = table.row_totals[index]
        line += [
            show(total),
            show(table.total_percentages[index]) if total is not None else show(None),
        ]
        lines.append(line)
    answered = [_("Asked") if getattr(table, "is_multi", False) else _("Answered")]
    for value in table.answered:
        answered += [show(value), ""]
    answered += [show(table.answered_total), ""]
    lines.append(answered)
    return lines


def transition_table() -> Table:
    statuses = [(s.value, s.label) for s in instrument.SEX_WORK_STATUSES]
    return published(
        "transitions",
        gettext_lazy("Sex-work status: one wave (rows) to the next (columns)"),
        statuses,
        statuses,
        selectors.transitions(),
    )


def branch_table() -> Table:
    return published(
        "branch",
        gettext_lazy("Direction of change: within or outside the branch, per group"),
        BRANCH_LABELS,
        GROUP_COLUMNS,
        {(direction, group): n for (group, direction), n in selectors.branch_outcomes().items()},
    )


class UnknownWave(ValueError):
    """A wave filter that is not a wave of the study."""


def wave_filter(wave: Any) -> int | None:
    """The wave asked for (1 … the last wave), ``None`` for all; anything else refused."""
    if wave in (None, ""):
        return None
    try:
        number = int(wave)
    except (TypeError, ValueError):
        raise UnknownWave(wave) from None
    if not 1 <= number <= services.max_waves():
        raise UnknownWave(wave)
    return number


def build(wave: Any = None) -> dict[str, Any]:
    """Everything on the survey-report page; ``wave`` limits the questions to one wave
    (raises :class:`UnknownWave` for a value that is not a wave)."""
    wave_number = wave_filter(wave)
    waves = selectors.completed(wave=wave_number)
    survey = selectors.survey_report(waves)
    respondents, respondents_total = published_line(
        {g: survey.respondents[g] for g, _label in GROUP_COLUMNS}
    )
    return {
        "wave": wave_number,
        "groups": GROUP_COLUMNS,
        "respondents": [respondents[g] for g, _label in GROUP_COLUMNS],
        "respondents_total": respondents_total,
        "attrition": attrition_table(),
        "items": [item_table(r) for r in survey.items],
        "transitions": transition_table(),
        "branch": branch_table(),
        "statuses": WaveStatus,
        "threshold": threshold_or_default(),
        "max_noise": MAX_NOISE,
    }


def all_tables(data: dict[str, Any]) -> list[Table]:
    return [data["attrition"], data["transitions"], data["branch"], *data["items"]]


def to_csv(data: dict[str, Any]) -> str:
    return tables_to_csv(all_tables(data))


def to_xlsx(data: dict[str, Any]) -> bytes:
    return tables_to_xlsx(all_tables(data), sheet_title="Survey report")
