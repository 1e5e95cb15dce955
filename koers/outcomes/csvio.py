"""The CSV layout of questionnaire data, for import and export alike (so data round-trips).

One row per participant per wave (only waves taken part in). Columns, in this order:

- ``participant_ref``  the pseudonymous participant reference (``P`` + 12 hex; a new
  reference creates a participant, an existing one adds a wave to them);
- ``wave``             wave number, 1 to ``OUTCOMES_MAX_WAVES``;
- ``completed_on``     date taken part, ``YYYY-MM-DD``;
- ``region``           region slug (``amsterdam``, ``den-haag`` …) or empty;
- ``language``         ``nl``, ``en``, ``es`` or ``ro``;
- ``possible_duplicate`` ``1`` when someone else entered the same link code, else ``0``, and
  ``link_group``       the same short value for participants with the same link code (both
  written by the export, optional on import);
- then one column per questionnaire item in instrument order, named by the item key
  (``A1``, ``B7`` …) holding the answer code; a multi-choice item has one column per
  option instead, ``<item>__<option>`` (``B8__window``), holding ``1`` (ticked), ``0`` (not
  ticked) or empty (question not answered). Empty means not answered.

:func:`columns` is generated from ``instrument``; the import validates every row and cell
and imports nothing when anything is wrong, returning each problem with row and column.
"""

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.regions.models import Region

from . import instrument, services
from .models import EnrolmentSource, Participant, Wave, WaveStatus

FIXED = ["participant_ref", "wave", "completed_on", "region", "language"]
# Written by the export for the researcher, optional on import (issue 12): participants who
# entered the same link code are kept apart; ``possible_duplicate`` is 1 for all of them and
# ``link_group`` (a short pseudonym of the code's keyed hash) says which belong together.
LINKING = ["possible_duplicate", "link_group"]
LANGUAGES = ("nl", "en", "es", "ro")
IMPORTED_GROUP = "group:"


def columns(linking: bool = True) -> list[str]:
    result = list(FIXED) + (LINKING if linking else [])
    for item in instrument.ITEMS:
        if item.kind == instrument.MULTI:
            result += [f"{item.key}__{value}" for value in item.option_values()]
        else:
            result.append(item.key)
    return result


def row_for(wave: Wave, region_slugs: dict[int, str]) -> list[str]:
    answers = wave.answers
    completed = (
        timezone.localtime(wave.completed_at).date().isoformat() if wave.completed_at else ""
    )
    row = [
        wave.participant.ref,
        str(wave.number),
        completed,
        region_slugs.get(wave.region_id, ""),
        wave.language,
        "1" if wave.participant.possible_duplicate else "0",
        link_group(wave.participant.code_hash),
    ]
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


def link_group(code_hash: str | None) -> str:
    """A short stand-in for the link code's keyed hash: equal for equal codes, and without
    the HMAC key it says nothing about the three answers."""
    if not code_hash:
        return ""
    if code_hash.startswith(IMPORTED_GROUP):  # imported: the group as it was exported
        return code_hash[len(IMPORTED_GROUP) :]
    return hashlib.sha256(code_hash.encode()).hexdigest()[:12]


def export_rows(waves) -> list[list[str]]:
    region_slugs = dict(Region.objects.values_list("id", "slug"))
    return [columns()] + [row_for(wave, region_slugs) for wave in waves]


def export_csv(waves) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerows(export_rows(waves))
    return buffer.getvalue()


def completed_waves():
    return (
        Wave.objects.filter(status=WaveStatus.COMPLETED)
        .select_related("participant")
        .order_by("participant__ref", "number")
    )


@dataclass
class Problem:
    row: int  # 1 = the header line
    column: str
    reason: str


@dataclass
class ImportResult:
    problems: list[Problem]
    imported: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def _parse_row(
    line: int, record: dict[str, str], regions: dict[str, Region], problems: list[Problem]
) -> dict[str, Any] | None:
    before = len(problems)

    def bad(column: str, reason: str) -> None:
        problems.append(Problem(line, column, reason))

    ref = record["participant_ref"].strip()
    if not ref or len(ref) > 16:
        bad("participant_ref", _("A participant reference of 1 to 16 characters is required."))
    try:
        number = int(record["wave"])
        if not 1 <= number <= services.max_waves():
            raise ValueError
    except ValueError:
        number = 0
        bad(
            "wave",
            _("Wave must be a whole number from 1 to %(max)s.") % {"max": services.max_waves()},
        )
    try:
        completed = dt.date.fromisoformat(record["completed_on"].strip())
    except ValueError:
        completed = None
        bad("completed_on", _("Use a date as YYYY-MM-DD."))
    region_slug = record["region"].strip()
    if region_slug and region_slug not in regions:
        bad("region", _("Unknown region %(value)s.") % {"value": region_slug})
    language = record["language"].strip() or "nl"
    if language not in LANGUAGES:
        bad("language", _("Language must be one of nl, en, es, ro."))
    answers: dict[str, Any] = {}
    for item in instrument.ITEMS:
        if item.kind == instrument.MULTI:
            cells = {
                value: record[f"{item.key}__{value}"].strip() for value in item.option_values()
            }
            if all(cell == "" for cell in cells.values()):
                continue
            chosen = []
            for value, cell in cells.items():
                if cell not in ("0", "1"):
                    bad(
                        f"{item.key}__{value}",
                        _("Use 1 (ticked) or 0 (not ticked) when the question was answered."),
                    )
                elif cell == "1":
                    chosen.append(value)
            answers[item.key] = chosen
            continue
        cell = record[item.key].strip()
        if cell == "":
            continue
        if item.kind == instrument.SINGLE:
            if cell not in item.option_values():
                bad(
                    item.key,
                    _("%(value)s is not an answer code of this question.") % {"value": cell},
                )
            answers[item.key] = cell
        elif item.kind == instrument.NUMBER:
            try:
                number_value = int(cell)
                if not item.minimum <= number_value <= item.maximum:
                    raise ValueError
                answers[item.key] = number_value
            except ValueError:
                bad(
                    item.key,
                    _("Enter a whole number from %(min)s to %(max)s.")
                    % {"min": item.minimum, "max": item.maximum},
                )
        else:
            answers[item.key] = cell
    if "A1" not in answers and not any(p.column == "A1" for p in problems[before:]):
        bad("A1", _("The situation question (A1) is required."))
    if len(problems) > before:
        return None
    return {
        "ref": ref,
        "number": number,
        "completed": completed,
        "region": regions.get(region_slug),
        "language": language,
        "possible_duplicate": (record.get("possible_duplicate") or "").strip() == "1",
        "link_group": (record.get("link_group") or "").strip()[:40],
        "answers": answers,
        "line": line,
    }


def import_csv(text: str) -> ImportResult:
    """Validate everything, then import all rows in one transaction — or nothing."""
    problems: list[Problem] = []
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    expected = columns(linking=False)
    header = reader.fieldnames or []
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c not in expected and c not in LINKING]
    for column in missing:
        problems.append(Problem(1, column, _("This column is missing.")))
    for column in unknown:
        problems.append(Problem(1, column, _("Unknown column.")))
    if problems:
        return ImportResult(problems)
    regions = {region.slug: region for region in Region.objects.all()}
    parsed = []
    seen: dict[tuple[str, int], int] = {}
    for line, record in enumerate(reader, start=2):
        if None in record or any(value is None for value in record.values()):
            problems.append(
                Problem(line, "", _("This row has a different number of cells than the header."))
            )
            continue
        row = _parse_row(line, record, regions, problems)
        if row is None:
            continue
        key = (row["ref"], row["number"])
        if key in seen:
            problems.append(
                Problem(
                    line,
                    "wave",
                    _("Same participant and wave as row %(row)s.") % {"row": seen[key]},
                )
            )
            continue
        seen[key] = line
        parsed.append(row)
    existing = set(
        Wave.objects.filter(participant__ref__in={r["ref"] for r in parsed}).values_list(
            "participant__ref", "number"
        )
    )
    for row in parsed:
        if (row["ref"], row["number"]) in existing:
            problems.append(
                Problem(row["line"], "wave", _("This participant already has this wave in Koers."))
            )
    if problems:
        return ImportResult(problems)
    if not parsed:
        return ImportResult([Problem(1, "", _("The file has no data rows."))])
    with transaction.atomic():
        participants = {
            p.ref: p for p in Participant.objects.filter(ref__in={r["ref"] for r in parsed})
        }
        for row in sorted(parsed, key=lambda r: (r["ref"], r["number"])):
            completed_at = timezone.make_aware(
                dt.datetime.combine(row["completed"], dt.time(12, 0))
            )
            participant = participants.get(row["ref"])
            if participant is None:
                participant = Participant.objects.create(
                    ref=row["ref"],
                    source=EnrolmentSource.IMPORT,
                    region=row["region"],
                    language=row["language"],
                    possible_duplicate=row["possible_duplicate"],
                    code_hash=(IMPORTED_GROUP + row["link_group"]) if row["link_group"] else None,
                    enrolled_at=completed_at,
                    max_waves=int(settings.OUTCOMES_MAX_WAVES),
                )
                participants[row["ref"]] = participant
            wave = Wave(
                participant=participant,
                number=row["number"],
                opens_at=completed_at,
                status=WaveStatus.COMPLETED,
                answers=row["answers"],
                language=row["language"],
                started_at=completed_at,
                completed_at=completed_at,
                region=row["region"],
            )
            services.derive(wave)
            wave.save()
    return ImportResult([], imported=len(parsed))
