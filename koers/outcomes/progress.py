"""How far someone is in the questionnaire, shown as "about N minutes left".

Why not "page N of M": the number of pages depends on the answers (routing), so a count
of the pages visible *now* jumped as answers came in ("1 of 5" → "2 of 10" → "7 of 11").
The time left here is counted over every page that *could still* be shown: a routed page
counts while its condition can still hold (an answer it depends on is not given yet, or
already matches). Moving forward only removes pages from that set, and an answer only
decides conditions, so the time shown never goes up while someone moves forward.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from . import instrument

#: A rough reading-and-answering time per question, in seconds.
SECONDS_PER_ITEM = 15


def _answered(value: Any) -> bool:
    return value not in (None, "", [], ())


def _could_hold(clauses: tuple[instrument.Clause, ...], answers: Mapping[str, Any]) -> bool:
    if not clauses:
        return True
    for clause in clauses:
        if all(
            not _answered(answers.get(key)) or instrument._matches(answers.get(key), allowed)
            for key, allowed in clause.items()
        ):
            return True
    return False


def minutes_left(current: str, answers: Mapping[str, Any], wave_number: int) -> int:
    """Minutes left from the start of page ``current`` to the end (at least 1)."""
    context = instrument.context_answers(answers, wave_number)
    keys = [page.key for page in instrument.PAGES]
    start = keys.index(current) if current in keys else 0
    items: int = sum(
        len(page.items) for page in instrument.PAGES[start:] if _could_hold(page.show_if, context)
    )
    return max(1, math.ceil(items * SECONDS_PER_ITEM / 60))
