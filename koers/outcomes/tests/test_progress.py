"""The questionnaire's progress never goes up or jumps back while someone moves forward,
on every route through the instrument (it used to show "1 of 5" → "2 of 10" → "7 of 11")."""

import itertools
from pathlib import Path

import pytest

from koers.outcomes import instrument
from koers.outcomes.progress import minutes_left

#: Answers that decide routing, as given on the page that asks them.
ROUTES = {
    "A1": ["want_change", "considering", "not_in_branch"],
    "C6": ["yes", "no"],
    "C6_extra": ["yes", "no"],
    "C6_want": ["yes", "no"],
    "D5": ["information", "support", "nothing"],
}


def walks():
    keys = list(ROUTES)
    for values in itertools.product(*ROUTES.values()):
        yield dict(zip(keys, values, strict=True))


@pytest.mark.parametrize("wave_number", [1, 2])
def test_minutes_left_never_go_up_on_any_route(wave_number):
    routes = 0
    for final in walks():
        answers: dict = {}
        page = instrument.next_page(None, answers, wave_number)
        shown = []
        while page is not None:
            shown.append(minutes_left(page.key, answers, wave_number))
            for item in page.items:  # answer this page's routing questions
                if item.key in final:
                    answers[item.key] = final[item.key]
            page = instrument.next_page(page.key, answers, wave_number)
        assert shown == sorted(shown, reverse=True), (final, shown)
        assert shown[-1] >= 1
        routes += 1
    assert routes > 50


def test_the_page_shows_minutes_not_a_page_count():
    template = (
        Path(__file__).resolve().parent.parent / "templates" / "outcomes" / "page.html"
    ).read_text(encoding="utf-8")
    assert "minutes left" in template and "page_count" not in template
