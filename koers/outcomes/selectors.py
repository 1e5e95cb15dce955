"""Reads for outcome monitoring: attrition per wave, survey reports per group, sex-work
status transitions between consecutive waves, and within/outside-branch outcomes.

Every report is built from ``instrument``: adding a question or category there adds it here.
Percentages are computed on the respondents of that group who answered the question.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from koers.privacy.publishing import EMPTY, CellCount, Tally

from . import instrument
from .models import Participant, Wave, WaveStatus

ATTRITION_REASONS = (
    WaveStatus.NO_CONTACT,
    WaveStatus.DECLINED,
    WaveStatus.NO_RESPONSE,
    WaveStatus.STUDY_ENDED,
)
PENDING = (WaveStatus.SCHEDULED, WaveStatus.OPEN)


@dataclass
class AttritionRow:
    wave: int
    took_part: int
    reasons: dict[str, int]
    pending: int
    #: The same counts with their record keys (participants), for publishing.
    cells: dict[str, CellCount] = field(default_factory=dict)

    @property
    def did_not(self) -> int:
        return sum(self.reasons.values())


def attrition(
    participants: QuerySet[Participant] | None = None, max_wave: int = 4
) -> list[AttritionRow]:
    """Per wave, every participant who took part in wave 1: took part, did not (and why),
    or not yet due. Someone who left (declined, study ended) counts under that reason for
    every later wave too, as in the study's attrition tables."""
    participants = participants if participants is not None else Participant.objects.all()
    statuses: dict[int, dict[int, str]] = defaultdict(dict)
    declined = set(participants.filter(declined_at__isnull=False).values_list("id", flat=True))
    for participant_id, number, status in Wave.objects.filter(
        participant__in=participants
    ).values_list("participant_id", "number", "status"):
        statuses[participant_id][number] = status
    rows = []
    for number in range(1, max_wave + 1):
        tally = Tally("participant")
        for participant_id, waves in statuses.items():
            if waves.get(1) != WaveStatus.COMPLETED:
                continue
            column = _attrition_column(waves, number, participant_id in declined)
            if column is not None:
                tally.add(column, participant_id)
        reasons = {reason.value: tally.get(reason.value).n for reason in ATTRITION_REASONS}
        rows.append(
            AttritionRow(
                number,
                tally.get("took_part").n,
                reasons,
                tally.get("pending").n,
                cells=dict(tally.cells),
            )
        )
    return rows


def _attrition_column(waves: dict[int, str], number: int, declined: bool) -> str | None:
    """Where one participant counts for wave ``number``: took part, a reason, or pending."""
    reasons = {reason.value for reason in ATTRITION_REASONS}
    status = waves.get(number)
    if status is None:  # no wave created: carry the reason of the last wave that ended
        earlier = [waves[n] for n in sorted(waves) if n < number]
        last = earlier[-1] if earlier else None
        if last in reasons:
            return last
        if last == WaveStatus.COMPLETED:  # said no to the next wave, or reached the maximum
            return WaveStatus.DECLINED.value if declined else WaveStatus.STUDY_ENDED.value
        return None
    if status == WaveStatus.COMPLETED:
        return "took_part"
    if status in reasons:
        return str(status)
    if status in PENDING:
        return "pending"
    return None


@dataclass
class OptionRow:
    value: str
    label: Any
    counts: dict[str, CellCount]  # group value (and "total") → respondents who chose it


@dataclass
class ItemReport:
    item: instrument.Item
    #: The base per group: for a single-choice question those who answered it; for a
    #: multi-choice question those who were asked it (ticking nothing is an answer).
    answered: dict[str, CellCount]
    options: list[OptionRow]

    def percentage(self, count: int, group: str) -> float | None:
        base = self.answered.get(group, EMPTY).n
        return round(100 * count / base, 1) if base else None


@dataclass
class SurveyReport:
    groups: list[instrument.Group]
    respondents: dict[str, CellCount]
    items: list[ItemReport] = field(default_factory=list)


TOTAL = "total"

#: The page each item is on (an item is asked when its page and its own condition hold).
_PAGE_OF = {item.key: page for page in instrument.PAGES for item in page.items}


def was_asked(item: instrument.Item, answers: dict[str, Any], wave_number: int) -> bool:
    """Whether the questionnaire showed ``item`` to this respondent (its routing held)."""
    context = instrument.context_answers(answers, wave_number)
    page = _PAGE_OF.get(item.key)
    if page is not None and not instrument.holds(page.show_if, context):
        return False
    return instrument.holds(item.show_if, context)


def completed(region: Any = None, wave: int | None = None) -> QuerySet[Wave]:
    waves = Wave.objects.filter(status=WaveStatus.COMPLETED)
    if region is not None:
        waves = waves.filter(region=region)
    if wave is not None:
        waves = waves.filter(number=wave)
    return waves


def survey_report(waves: QuerySet[Wave] | None = None) -> SurveyReport:
    """Counts of every closed question, per group and in total, with record keys."""
    waves = waves if waves is not None else completed()
    base = Tally("wave")
    chosen = Tally("wave")
    respondents = Tally("wave")
    closed = instrument.CLOSED_ITEMS
    rows = waves.values_list("pk", "number", "group", "answers").iterator(chunk_size=2000)
    for pk, number, group, answers in rows:
        respondents.add(group, pk)
        respondents.add(TOTAL, pk)
        for item in closed:
            value = answers.get(item.key)
            answered = value is not None and value != []
            if item.kind == instrument.MULTI:
                if not (answered or was_asked(item, answers, number)):
                    continue
            elif not answered:
                continue
            base.add((item.key, group), pk)
            base.add((item.key, TOTAL), pk)
            if not answered:
                continue
            for option in value if isinstance(value, list) else (value,):
                chosen.add((item.key, group, option), pk)
                chosen.add((item.key, TOTAL, option), pk)
    keys = [g.value for g in instrument.GROUPS] + [TOTAL]
    report = SurveyReport(list(instrument.GROUPS), {k: respondents.get(k) for k in keys})
    for item in closed:
        report.items.append(
            ItemReport(
                item,
                {k: base.get((item.key, k)) for k in keys},
                [
                    OptionRow(
                        option.value,
                        option.label,
                        {k: chosen.get((item.key, k, option.value)) for k in keys},
                    )
                    for option in item.options
                ],
            )
        )
    return report


def transitions(waves: QuerySet[Wave] | None = None) -> dict[tuple[str, str], CellCount]:
    """Sex-work status at wave n → wave n+1, over consecutive completed waves; a
    transition carries the record key of its later wave."""
    waves = waves if waves is not None else completed()
    by_participant: dict[int, dict[int, tuple[int, str]]] = defaultdict(dict)
    for pk, participant_id, number, status in waves.values_list(
        "pk", "participant_id", "number", "sex_work_status"
    ):
        by_participant[participant_id][number] = (pk, status)
    tally = Tally("wave")
    for statuses in by_participant.values():
        for number, (_pk, status) in statuses.items():
            following = statuses.get(number + 1)
            if following and following[1]:
                tally.add((status, following[1]), following[0])
    return dict(tally.cells)


def branch_outcomes(waves: QuerySet[Wave] | None = None) -> dict[tuple[str, str], CellCount]:
    """(group, within/outside/unknown) → respondents."""
    waves = waves if waves is not None else completed()
    tally = Tally("wave")
    for pk, group, direction in waves.values_list("pk", "group", "branch_direction"):
        tally.add((group, direction or "unknown"), pk)
    return dict(tally.cells)


def sectors(waves: QuerySet[Wave] | None = None) -> Counter:
    waves = waves if waves is not None else completed()
    counter: Counter = Counter()
    for answers in waves.filter(group=instrument.GROUP_NO_SEX_WORK).values_list(
        "answers", flat=True
    ):
        if answers.get("E3"):
            counter[answers["E3"]] += 1
    return counter


def call_tasks_for(organisation: Any) -> QuerySet:
    from .models import CallTask

    return (
        CallTask.objects.filter(
            organisation=organisation, done_at__isnull=True, wave__status=WaveStatus.OPEN
        )
        .select_related("wave__participant")
        .order_by("created_at")
    )


def wave_by_id(wave_id: int) -> Wave | None:
    """The wave a browser's session holds open (the questionnaire's only way in)."""
    return Wave.objects.select_related("participant").filter(pk=wave_id).first()
