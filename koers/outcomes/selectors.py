"""Reads for outcome monitoring: attrition per wave, survey reports per group, sex-work
status transitions between consecutive waves, and within/outside-branch outcomes.

Every report is built from ``instrument``: adding a question or category there adds it here.
Percentages are computed on the respondents of that group who answered the question.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

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
        took_part = 0
        pending = 0
        reasons = {reason.value: 0 for reason in ATTRITION_REASONS}
        for participant_id, waves in statuses.items():
            if waves.get(1) != WaveStatus.COMPLETED:
                continue
            status = waves.get(number)
            if status is None:  # no wave created: carry the reason of the last wave that ended
                earlier = [waves[n] for n in sorted(waves) if n < number]
                last = earlier[-1] if earlier else None
                if last in reasons:
                    reasons[last] += 1
                elif (
                    last == WaveStatus.COMPLETED
                ):  # said no to the next wave, or reached the maximum
                    key = (
                        WaveStatus.DECLINED
                        if participant_id in declined
                        else WaveStatus.STUDY_ENDED
                    )
                    reasons[key] += 1
                continue
            if status == WaveStatus.COMPLETED:
                took_part += 1
            elif status in reasons:
                reasons[status] += 1
            elif status in PENDING:
                pending += 1
        rows.append(AttritionRow(number, took_part, reasons, pending))
    return rows


@dataclass
class OptionRow:
    value: str
    label: Any
    counts: dict[str, int]  # group value (and "total") → respondents who chose it


@dataclass
class ItemReport:
    item: instrument.Item
    answered: dict[str, int]
    options: list[OptionRow]

    def percentage(self, count: int, group: str) -> float | None:
        base = self.answered.get(group, 0)
        return round(100 * count / base, 1) if base else None


@dataclass
class SurveyReport:
    groups: list[instrument.Group]
    respondents: dict[str, int]
    items: list[ItemReport] = field(default_factory=list)


TOTAL = "total"


def completed(region: Any = None, wave: int | None = None) -> QuerySet[Wave]:
    waves = Wave.objects.filter(status=WaveStatus.COMPLETED)
    if region is not None:
        waves = waves.filter(region=region)
    if wave is not None:
        waves = waves.filter(number=wave)
    return waves


def survey_report(waves: QuerySet[Wave] | None = None) -> SurveyReport:
    """Counts and percentages of every closed question, per group and in total."""
    waves = waves if waves is not None else completed()
    answered: dict[str, Counter] = defaultdict(Counter)
    chosen: dict[str, Counter] = defaultdict(Counter)
    respondents: Counter = Counter()
    closed = instrument.CLOSED_ITEMS
    for group, answers in waves.values_list("group", "answers").iterator(chunk_size=2000):
        respondents[group] += 1
        respondents[TOTAL] += 1
        for item in closed:
            value = answers.get(item.key)
            if value is None or value == []:
                continue
            answered[item.key][group] += 1
            answered[item.key][TOTAL] += 1
            counter = chosen[item.key]
            for option in value if isinstance(value, list) else (value,):
                counter[(group, option)] += 1
                counter[(TOTAL, option)] += 1
    keys = [g.value for g in instrument.GROUPS] + [TOTAL]
    report = SurveyReport(list(instrument.GROUPS), {k: respondents.get(k, 0) for k in keys})
    for item in closed:
        counter = chosen[item.key]
        report.items.append(
            ItemReport(
                item,
                {k: answered[item.key].get(k, 0) for k in keys},
                [
                    OptionRow(
                        option.value,
                        option.label,
                        {k: counter.get((k, option.value), 0) for k in keys},
                    )
                    for option in item.options
                ],
            )
        )
    return report


def transitions(waves: QuerySet[Wave] | None = None) -> dict[tuple[str, str], int]:
    """Sex-work status at wave n → wave n+1, over consecutive completed waves."""
    waves = waves if waves is not None else completed()
    by_participant: dict[int, dict[int, str]] = defaultdict(dict)
    for participant_id, number, status in waves.values_list(
        "participant_id", "number", "sex_work_status"
    ):
        by_participant[participant_id][number] = status
    counts: Counter = Counter()
    for statuses in by_participant.values():
        for number, status in statuses.items():
            following = statuses.get(number + 1)
            if following:
                counts[(status, following)] += 1
    return dict(counts)


def branch_outcomes(waves: QuerySet[Wave] | None = None) -> dict[tuple[str, str], int]:
    """(group, within/outside/unknown) → respondents."""
    waves = waves if waves is not None else completed()
    rows = waves.values("group", "branch_direction").annotate(n=Count("id"))
    return {(row["group"], row["branch_direction"] or "unknown"): row["n"] for row in rows}


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
