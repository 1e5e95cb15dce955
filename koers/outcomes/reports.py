"""Survey reports as published tables (after disclosure control), for the page and the
CSV/XLSX exports: attrition per wave, every closed question per group with percentages on
those who answered, sex-work status transitions, and within/outside-branch outcomes."""

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.monitoring.tables import Table, published, show
from koers.monitoring.tables import to_csv as tables_to_csv
from koers.monitoring.tables import to_xlsx as tables_to_xlsx
from koers.privacy.disclosure import suppress_counts

from . import instrument, selectors
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
    counts = {}
    for row in rows:
        counts[(row.wave, "took_part")] = row.took_part
        counts[(row.wave, "pending")] = row.pending
        for reason, n in row.reasons.items():
            counts[(row.wave, reason)] = n
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
    answered = suppress_counts({g: item_report.answered[g] for g in keys})
    table.answered = [answered[g] for g in keys]
    answered_total = item_report.answered[selectors.TOTAL] or 0
    table.answered_total = None if 0 < answered_total < table.threshold else answered_total
    # Percentages on those in the group who answered (hidden when the count is hidden).
    table.percentages = [
        [
            None if cell is None or not answered[g] else round(100 * cell / answered[g], 1)
            for cell, g in zip(row, keys, strict=True)
        ]
        for row in table.cells
    ]
    total_base = answered_total
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
    answered = [_("Answered")]
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


def build(wave: Any = None) -> dict[str, Any]:
    """Everything on the survey-report page; ``wave`` limits the questions to one wave."""
    try:
        wave_number = int(wave) if wave else None
    except ValueError:
        wave_number = None
    waves = selectors.completed(wave=wave_number)
    survey = selectors.survey_report(waves)
    respondents = suppress_counts({g: survey.respondents[g] for g, _label in GROUP_COLUMNS})
    return {
        "wave": wave_number,
        "groups": GROUP_COLUMNS,
        "respondents": [respondents[g] for g, _label in GROUP_COLUMNS],
        "respondents_total": survey.respondents[selectors.TOTAL],
        "attrition": attrition_table(),
        "items": [item_table(r) for r in survey.items],
        "transitions": transition_table(),
        "branch": branch_table(),
        "statuses": WaveStatus,
    }


def all_tables(data: dict[str, Any]) -> list[Table]:
    return [data["attrition"], data["transitions"], data["branch"], *data["items"]]


def to_csv(data: dict[str, Any]) -> str:
    return tables_to_csv(all_tables(data))


def to_xlsx(data: dict[str, Any]) -> bytes:
    return tables_to_xlsx(all_tables(data), sheet_title="Survey report")
