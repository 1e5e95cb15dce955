"""The panel layout: questionnaire data for import and export alike, as CSV or XLSX, so a panel
study round-trips without loss (issue 16). This docstring is the layout's documentation.

One row per participant per wave that ended, **whether or not they took part**. Waves still to
come (scheduled or open) are not written. Columns, in this order:

- ``participant_ref``  the pseudonymous participant reference (``P`` + 12 hex; up to 16
  characters; a new reference creates a participant, an existing one adds waves to them);
- ``wave``             wave number, 1 to ``OUTCOMES_MAX_WAVES``;
- ``status``           what happened in that wave: ``took_part``, ``screened_out``,
  ``no_contact`` (wrong or no contact details), ``declined``, ``no_response`` or
  ``study_ended`` (study period ended); empty means ``took_part`` (files in the older layout);
- ``invited_on``       the date the wave opened (the invitation), ``reminder_1_on`` and
  ``reminder_2_on`` the reminders, ``completed_on`` the date taken part. Each date is
  ``YYYY-MM-DD``, month-only ``YYYY-MM``, or empty for unknown; the import also reads
  ``DD-MM-YYYY`` (how Dutch Excel shows dates) and writes it back as ``YYYY-MM-DD``;
- ``region``           region slug (``amsterdam``, ``den-haag`` …) or empty;
- ``language``         ``nl``, ``en``, ``es``, ``ro`` or empty;
- ``possible_duplicate`` ``1`` when someone else entered the same link code, else ``0``, and
  ``link_group``       the same short value for participants with the same link code;
- then one column per questionnaire item in instrument order, named by the item key
  (``A1``, ``B7`` …) holding the answer code; a multi-choice item has one column per option
  instead, ``<item>__<option>`` (``B8__window``), holding ``1`` (ticked), ``0`` (not ticked)
  or empty (not answered). Empty means not answered. Answers belong to ``took_part`` and
  ``screened_out`` rows only.

Reading a file:

- CSV in UTF-8 with or without a byte-order mark, separated by commas or semicolons (what
  Dutch Excel writes); another separator is refused with a message naming it. XLSX: the first
  sheet, same header.
- Only ``participant_ref`` and ``wave`` are required. A missing date or identifying column is
  empty for every row; a missing question column means the question was not asked, said once
  in the report. An unknown column is refused.
- Everything is checked before anything is written; one problem anywhere (unknown status,
  date in another format, duplicate participant-wave, a wave before the participant's first
  wave taken part, a wave Koers already has …) refuses the whole file, listing every problem
  by row and column. A wave that is only scheduled in Koers is replaced by the imported row.
- A ``took_part`` row whose G1 answer is ``no`` marks the participant as having declined
  further waves (as in the live questionnaire, which also writes the next wave as
  ``declined``).
- Participants still within the study period get their next wave scheduled, with reminders
  as for live participants: when their last wave was taken part (and G1 was not ``no``), the
  maximum number of waves is not reached, and the next wave opens
  ``OUTCOMES_WAVE_INTERVAL_DAYS`` after it, not after ``OUTCOMES_STUDY_END`` and not so long
  ago that its answering window (``OUTCOMES_WAVE_WINDOW_DAYS``) has passed.

Dates of imported waves are kept as written (month-only and unknown included) and exported
unchanged; for reports, a month-only date counts as the first of that month and an unknown
date taken part leaves the wave out of date-filtered counts.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from koers.regions.models import Region

from . import instrument, services
from .models import EnrolmentSource, Participant, Wave, WaveStatus

IDENTIFYING = ["participant_ref", "wave"]
FIXED = [
    "participant_ref",
    "wave",
    "status",
    "invited_on",
    "reminder_1_on",
    "reminder_2_on",
    "completed_on",
    "region",
    "language",
    "possible_duplicate",
    "link_group",
]
DATE_COLUMNS = ("invited_on", "reminder_1_on", "reminder_2_on", "completed_on")
LANGUAGES = ("nl", "en", "es", "ro")
IMPORTED_GROUP = "group:"
TOOK_PART = "took_part"
# The layout's status words and the wave statuses they stand for.
STATUS_TO_WAVE = {
    TOOK_PART: WaveStatus.COMPLETED,
    "screened_out": WaveStatus.SCREENED_OUT,
    "no_contact": WaveStatus.NO_CONTACT,
    "declined": WaveStatus.DECLINED,
    "no_response": WaveStatus.NO_RESPONSE,
    "study_ended": WaveStatus.STUDY_ENDED,
}
WAVE_TO_STATUS = {wave: word for word, wave in STATUS_TO_WAVE.items()}
WITH_ANSWERS = (TOOK_PART, "screened_out")
INVITED = (
    WaveStatus.COMPLETED,
    WaveStatus.SCREENED_OUT,
    WaveStatus.NO_CONTACT,
    WaveStatus.NO_RESPONSE,
)
SEPARATORS = {",": "comma", ";": "semicolon"}
XLSX_MAGIC = b"PK\x03\x04"
DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")
MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def question_columns() -> list[str]:
    result: list[str] = []
    for item in instrument.ITEMS:
        if item.kind == instrument.MULTI:
            result += [f"{item.key}__{value}" for value in item.option_values()]
        else:
            result.append(item.key)
    return result


def columns() -> list[str]:
    return FIXED + question_columns()


# --- export ---------------------------------------------------------------------------------


def link_group(code_hash: str | None) -> str:
    """A short stand-in for the link code's keyed hash: equal for equal codes, and without
    the HMAC key it says nothing about the three answers."""
    if not code_hash:
        return ""
    if code_hash.startswith(IMPORTED_GROUP):  # imported: the group as it was exported
        return code_hash[len(IMPORTED_GROUP) :]
    return hashlib.sha256(code_hash.encode()).hexdigest()[:12]


def ended_waves() -> QuerySet[Wave]:
    """Every wave that ended, taken part or not (the rows of the layout)."""
    return (
        Wave.objects.filter(status__in=list(WAVE_TO_STATUS))
        .select_related("participant")
        .prefetch_related("reminders")
        .order_by("participant__ref", "number")
    )


def _day(value: dt.datetime | None) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def _live_dates(wave: Wave) -> dict[str, str]:
    reminders = {reminder.sequence: reminder.sent_at for reminder in wave.reminders.all()}
    invited = wave.status in INVITED or bool(reminders) or wave.started_at is not None
    return {
        "invited_on": _day(wave.opens_at) if invited else "",
        "reminder_1_on": _day(reminders.get(1)),
        "reminder_2_on": _day(reminders.get(2)),
        "completed_on": _day(wave.completed_at),
    }


def _answer_cells(answers: dict[str, Any]) -> list[str]:
    row: list[str] = []
    for item in instrument.ITEMS:
        value = answers.get(item.key)
        if item.kind == instrument.MULTI:
            if value is None:
                row += [""] * len(item.options)
            else:
                row += ["1" if option in value else "0" for option in item.option_values()]
        else:
            row.append("" if value is None else str(value))
    return row


def row_for(wave: Wave, region_slugs: dict[int, str]) -> list[str]:
    dates = {**_live_dates(wave), **wave.panel_dates}
    participant = wave.participant
    return [
        participant.ref,
        str(wave.number),
        WAVE_TO_STATUS[WaveStatus(wave.status)],
        *(dates.get(name, "") for name in DATE_COLUMNS),
        region_slugs.get(wave.region_id or 0, ""),
        wave.language,
        "1" if participant.possible_duplicate else "0",
        link_group(participant.code_hash),
        *_answer_cells(wave.answers),
    ]


def export_rows(waves: Iterable[Wave] | None = None) -> list[list[str]]:
    region_slugs = dict(Region.objects.values_list("id", "slug"))
    chosen = ended_waves() if waves is None else waves
    return [columns()] + [row_for(wave, region_slugs) for wave in chosen]


def export_csv(waves: Iterable[Wave] | None = None) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(export_rows(waves))
    return buffer.getvalue()


def export_xlsx(waves: Iterable[Wave] | None = None) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("panel")
    for row in export_rows(waves):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- reading files --------------------------------------------------------------------------


@dataclass
class Problem:
    row: int  # 1 = the header line
    column: str
    reason: str


@dataclass
class ImportResult:
    problems: list[Problem]
    imported: int = 0
    scheduled: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class Refused(Exception):
    """The file cannot be read as a table at all (one problem, on the header line)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.reason)
        self.problem = problem


def _separator_name(character: str) -> str:
    names = {
        "\t": _("tabs"),
        "|": _("vertical bars (|)"),
        ":": _("colons (:)"),
        " ": _("spaces"),
        ",": _("commas"),
        ";": _("semicolons"),
    }
    return names.get(character, repr(character))


def detect_separator(first_line: str) -> str:
    """Comma or semicolon, whichever the header uses; anything else is refused by name."""
    counts = {separator: first_line.count(separator) for separator in SEPARATORS}
    best = max(counts, key=lambda separator: counts[separator])
    if counts[best]:
        return best
    for other in ("\t", "|", ":", " "):
        if other in first_line.strip():
            raise Refused(
                Problem(
                    1,
                    "",
                    _(
                        "The columns are separated by %(found)s. Separate them by commas or "
                        "semicolons (in Excel: save as CSV UTF-8)."
                    )
                    % {"found": _separator_name(other)},
                )
            )
    return ","


def read_csv(text: str) -> list[list[str]]:
    text = text.lstrip("\ufeff")
    first_line = text.split("\n", 1)[0]
    separator = detect_separator(first_line)
    return [row for row in csv.reader(io.StringIO(text), delimiter=separator)]


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(raw: bytes) -> list[list[str]]:
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any unreadable workbook is one problem
        raise Refused(Problem(1, "", _("This is not a readable XLSX file."))) from error
    sheet = workbook.worksheets[0]
    rows = [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def read_table(raw: bytes) -> list[list[str]]:
    """The file's rows as text cells: XLSX by its signature, otherwise UTF-8 CSV."""
    if raw.startswith(XLSX_MAGIC):
        return read_xlsx(raw)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise Refused(
            Problem(1, "", _("The file is not UTF-8 text. Save it as CSV UTF-8 and try again."))
        ) from error
    return read_csv(text)


# --- checking rows --------------------------------------------------------------------------


def parse_date(cell: str) -> tuple[str, dt.date | None]:
    """(the text to keep, the date for reports); raises ValueError for other formats."""
    cell = cell.strip()
    if not cell:
        return "", None
    month = MONTH.match(cell)
    if month:
        day = dt.date(int(month[1]), int(month[2]), 1)
        return cell, day
    dutch = DUTCH_DATE.match(cell)
    if dutch:
        day = dt.date(int(dutch[3]), int(dutch[2]), int(dutch[1]))
        return day.isoformat(), day
    if len(cell) != 10:
        raise ValueError(cell)
    day = dt.date.fromisoformat(cell)
    return day.isoformat(), day


@dataclass
class Row:
    line: int
    ref: str
    number: int
    status: str
    dates: dict[str, str]
    days: dict[str, dt.date | None]
    region: Region | None
    language: str
    possible_duplicate: bool
    link_group: str
    answers: dict[str, Any]


class RowChecker:
    """Checks one record (a dict of the file's columns) and collects its problems."""

    def __init__(self, header: Sequence[str], regions: dict[str, Region]) -> None:
        self.present = set(header)
        self.regions = regions
        self.problems: list[Problem] = []

    def bad(self, line: int, column: str, reason: str) -> None:
        self.problems.append(Problem(line, column, reason))

    def check(self, line: int, record: dict[str, str]) -> Row | None:
        before = len(self.problems)
        ref = record.get("participant_ref", "").strip()
        if not ref or len(ref) > 16:
            self.bad(
                line,
                "participant_ref",
                _("A participant reference of 1 to 16 characters is required."),
            )
        number = self._wave(line, record.get("wave", ""))
        status = record.get("status", "").strip() or TOOK_PART
        if status not in STATUS_TO_WAVE:
            self.bad(
                line,
                "status",
                _("Unknown status %(value)s. Use one of: %(choices)s.")
                % {"value": status, "choices": ", ".join(STATUS_TO_WAVE)},
            )
        dates: dict[str, str] = {}
        days: dict[str, dt.date | None] = {}
        for name in DATE_COLUMNS:
            try:
                dates[name], days[name] = parse_date(record.get(name, ""))
            except ValueError:
                self.bad(line, name, _("Use a date as YYYY-MM-DD, YYYY-MM or leave it empty."))
        region_slug = record.get("region", "").strip()
        if region_slug and region_slug not in self.regions:
            self.bad(line, "region", _("Unknown region %(value)s.") % {"value": region_slug})
        language = record.get("language", "").strip()
        if language and language not in LANGUAGES:
            self.bad(line, "language", _("Language must be one of nl, en, es, ro."))
        answers = self._answers(line, record, status)
        if len(self.problems) > before:
            return None
        return Row(
            line=line,
            ref=ref,
            number=number,
            status=status,
            dates=dates,
            days=days,
            region=self.regions.get(region_slug),
            language=language,
            possible_duplicate=record.get("possible_duplicate", "").strip() == "1",
            link_group=record.get("link_group", "").strip()[:40],
            answers=answers,
        )

    def _wave(self, line: int, cell: str) -> int:
        try:
            number = int(cell.strip())
            if not 1 <= number <= services.max_waves():
                raise ValueError(cell)
        except ValueError:
            self.bad(
                line,
                "wave",
                _("Wave must be a whole number from 1 to %(max)s.") % {"max": services.max_waves()},
            )
            return 0
        return number

    def _answers(self, line: int, record: dict[str, str], status: str) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        for item in instrument.ITEMS:
            if item.kind == instrument.MULTI:
                self._multi(line, item, record, answers)
            else:
                self._single(line, item, record.get(item.key, "").strip(), answers)
        if answers and status not in WITH_ANSWERS:
            self.bad(
                line,
                "status",
                _("Only a wave taken part (or screened out) has answers; this one is %(value)s.")
                % {"value": status},
            )
        if (
            status == TOOK_PART
            and "A1" in self.present
            and "A1" not in answers
            and not any(p.row == line and p.column == "A1" for p in self.problems)
        ):
            self.bad(line, "A1", _("The situation question (A1) is required."))
        return answers

    def _multi(
        self, line: int, item: instrument.Item, record: dict[str, str], answers: dict[str, Any]
    ) -> None:
        # An option column left out of the file reads as "not ticked" when others answer.
        cells = {
            value: record[f"{item.key}__{value}"].strip()
            for value in item.option_values()
            if f"{item.key}__{value}" in record
        }
        if all(cell == "" for cell in cells.values()):
            return
        chosen = []
        for value, cell in cells.items():
            if cell not in ("0", "1"):
                self.bad(
                    line,
                    f"{item.key}__{value}",
                    _("Use 1 (ticked) or 0 (not ticked) when the question was answered."),
                )
            elif cell == "1":
                chosen.append(value)
        answers[item.key] = chosen

    def _single(self, line: int, item: instrument.Item, cell: str, answers: dict[str, Any]) -> None:
        if cell == "":
            return
        if item.kind == instrument.SINGLE:
            if cell not in item.option_values():
                self.bad(
                    line,
                    item.key,
                    _("%(value)s is not an answer code of this question.") % {"value": cell},
                )
            answers[item.key] = cell
        elif item.kind == instrument.NUMBER:
            try:
                value = int(cell)
                if not (item.minimum or 0) <= value <= (item.maximum or value):
                    raise ValueError(cell)
                answers[item.key] = value
            except ValueError:
                self.bad(
                    line,
                    item.key,
                    _("Enter a whole number from %(min)s to %(max)s.")
                    % {"min": item.minimum, "max": item.maximum},
                )
        else:
            answers[item.key] = cell


# --- importing ------------------------------------------------------------------------------


def _check_header(header: list[str]) -> tuple[list[Problem], list[str]]:
    known = set(columns())
    problems = [
        Problem(1, column, _("This column is required."))
        for column in IDENTIFYING
        if column not in header
    ]
    problems += [
        Problem(1, column, _("Unknown column.")) for column in header if column not in known
    ]
    seen: set[str] = set()
    for column in header:
        if column in seen:
            problems.append(Problem(1, column, _("This column appears twice.")))
        seen.add(column)
    notes = []
    missing = [column for column in question_columns() if column not in header]
    if missing and not problems:
        notes.append(
            _(
                "%(count)s question columns are not in the file (from %(first)s): those "
                "questions count as not asked in every row."
            )
            % {"count": len(missing), "first": missing[0]}
        )
    return problems, notes


def _check_waves(rows: list[Row], problems: list[Problem]) -> None:
    """Duplicates, waves Koers already has, and waves before a participant's first wave."""
    seen: dict[tuple[str, int], int] = {}
    for row in rows:
        key = (row.ref, row.number)
        if key in seen:
            problems.append(
                Problem(
                    row.line,
                    "wave",
                    _("Same participant and wave as row %(row)s.") % {"row": seen[key]},
                )
            )
        seen.setdefault(key, row.line)
    existing: dict[str, dict[int, str]] = {}
    for ref, number, status in Wave.objects.filter(
        participant__ref__in={row.ref for row in rows}
    ).values_list("participant__ref", "number", "status"):
        existing.setdefault(ref, {})[number] = status
    first: dict[str, int] = {}
    for row in rows:
        if row.status in WITH_ANSWERS:
            first[row.ref] = min(first.get(row.ref, row.number), row.number)
    for ref, waves in existing.items():
        first[ref] = min([first.get(ref, 99), *waves])
    for row in rows:
        known = existing.get(row.ref, {}).get(row.number)
        if known is not None and known != WaveStatus.SCHEDULED:
            problems.append(
                Problem(row.line, "wave", _("This participant already has this wave in Koers."))
            )
        if row.number < first.get(row.ref, 99) and row.status not in WITH_ANSWERS:
            problems.append(
                Problem(
                    row.line,
                    "wave",
                    _(
                        "Wave %(wave)s is before this participant's first wave: someone "
                        "cannot miss a wave before they took part."
                    )
                    % {"wave": row.number},
                )
            )


def _moment(day: dt.date | None) -> dt.datetime | None:
    if day is None:
        return None
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def _write(rows: list[Row], now: dt.datetime) -> int:
    refs = {row.ref for row in rows}
    replaced = {(row.ref, row.number) for row in rows}
    scheduled = Wave.objects.filter(participant__ref__in=refs, status=WaveStatus.SCHEDULED)
    for wave_id, ref, number in scheduled.values_list("id", "participant__ref", "number"):
        if (ref, number) in replaced:  # only the wave the file brings, nobody else's
            Wave.objects.filter(id=wave_id).delete()
    participants = {p.ref: p for p in Participant.objects.filter(ref__in=refs)}
    for row in sorted(rows, key=lambda r: (r.ref, r.number)):
        completed_at = _moment(row.days["completed_on"])
        opens_at = _moment(row.days["invited_on"]) or completed_at or now
        participant = participants.get(row.ref)
        if participant is None:
            participant = Participant.objects.create(
                ref=row.ref,
                source=EnrolmentSource.IMPORT,
                region=row.region,
                language=row.language or "nl",
                possible_duplicate=row.possible_duplicate,
                code_hash=(IMPORTED_GROUP + row.link_group) if row.link_group else None,
                enrolled_at=opens_at,
                max_waves=int(settings.OUTCOMES_MAX_WAVES),
            )
            participants[row.ref] = participant
        status = STATUS_TO_WAVE[row.status]
        wave = Wave(
            participant=participant,
            number=row.number,
            opens_at=opens_at,
            status=status,
            answers=row.answers,
            language=row.language,
            started_at=completed_at,
            completed_at=completed_at if status == WaveStatus.COMPLETED else None,
            closed_at=None if status == WaveStatus.COMPLETED else (completed_at or opens_at),
            region=row.region,
            panel_dates=row.dates,
        )
        if status == WaveStatus.COMPLETED:
            services.derive(wave)
        wave.save()
        if row.answers.get("G1") == "no" and participant.declined_at is None:
            participant.declined_at = completed_at or opens_at
            participant.save(update_fields=["declined_at"])
    return _schedule_next(participants.values(), now)


def _schedule_next(participants: Iterable[Participant], now: dt.datetime) -> int:
    """The next wave for imported participants still within the study period."""
    end = services.study_end()
    scheduled = 0
    for participant in participants:
        last = participant.waves.order_by("-number").first()
        if (
            last is None
            or last.status != WaveStatus.COMPLETED
            or last.completed_at is None
            or participant.declined_at is not None
            or last.number >= participant.max_waves
        ):
            continue
        opens_at = last.completed_at + services.wave_interval()
        if (end and opens_at.date() > end) or opens_at + services.wave_window() <= now:
            continue
        Wave.objects.create(
            participant=participant,
            number=last.number + 1,
            opens_at=opens_at,
            status=WaveStatus.SCHEDULED,
            region=participant.region,
        )
        scheduled += 1
    return scheduled


def import_rows(table: list[list[str]], now: dt.datetime | None = None) -> ImportResult:
    """Validate everything, then import all rows in one transaction — or nothing."""
    if not table or not any(cell.strip() for cell in table[0]):
        return ImportResult([Problem(1, "", _("The file is empty."))])
    header = [cell.strip() for cell in table[0]]
    problems, notes = _check_header(header)
    if problems:
        return ImportResult(problems)
    checker = RowChecker(header, {region.slug: region for region in Region.objects.all()})
    rows: list[Row] = []
    for line, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            checker.bad(line, "", _("This row has a different number of cells than the header."))
            continue
        row = checker.check(line, dict(zip(header, cells, strict=True)))
        if row is not None:
            rows.append(row)
    problems = checker.problems
    _check_waves(rows, problems)
    if problems:
        return ImportResult(sorted(problems, key=lambda p: p.row))
    if not rows:
        return ImportResult([Problem(1, "", _("The file has no data rows."))])
    with transaction.atomic():
        scheduled = _write(rows, now or timezone.now())
    return ImportResult([], imported=len(rows), scheduled=scheduled, notes=notes)


def import_csv(text: str, now: dt.datetime | None = None) -> ImportResult:
    try:
        table = read_csv(text)
    except Refused as refused:
        return ImportResult([refused.problem])
    return import_rows(table, now)


def import_file(raw: bytes, now: dt.datetime | None = None) -> ImportResult:
    """A CSV (comma or semicolon, UTF-8 with or without BOM) or XLSX file."""
    try:
        table = read_table(raw)
    except Refused as refused:
        return ImportResult([refused.problem])
    return import_rows(table, now)
