"""The anonymous self-check: three short screens and a result page.

Answers travel in the POSTed form (hidden inputs for the screens not shown), never in the
session or the database, and never in the URL (so they do not end up in the browser history
or server logs). POST is used only to carry answers; nothing is written.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from koers.accounts.access import public

from .answers import Answers
from .forms import SCREENS, SelfCheckForm, answers_query, carried_pairs
from .selectors import self_check_result
from .topics import TOPICS, relevant_topics

LAST_SCREEN = len(SCREENS)


def _screen(
    request: HttpRequest, form: SelfCheckForm, screen: int, *, show_errors: bool
) -> HttpResponse:
    data = form.data if form.is_bound else None
    carried = carried_pairs(data, screen) if data is not None else []
    return render(
        request,
        "selfcheck/step.html",
        {
            "form": form,
            "screen": screen,
            "screens": LAST_SCREEN,
            "fields": [form[name] for name in SCREENS[screen - 1]],
            "carried": carried,
            "show_errors": show_errors,
        },
    )


def _screen_number(raw: str) -> int:
    try:
        return min(max(int(raw), 1), LAST_SCREEN)
    except (TypeError, ValueError):
        return 1


@public
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """Show one screen; on POST validate the screen just answered and show the next one."""
    if request.method == "GET":
        initial = {}
        if (get_language() or "nl") in ("en", "es", "ro"):
            initial["language"] = get_language()
        return _screen(request, SelfCheckForm(initial=initial), 1, show_errors=False)
    screen = _screen_number(request.POST.get("screen", "1"))
    form = SelfCheckForm(request.POST)
    form.is_valid()
    if "back" in request.POST:
        return _screen(request, form, max(screen - 1, 1), show_errors=False)
    if form.screen_errors(screen):
        return _screen(request, form, screen, show_errors=True)
    return _screen(request, form, min(screen + 1, LAST_SCREEN), show_errors=False)


@public
@require_http_methods(["GET", "POST"])
def result(request: HttpRequest) -> HttpResponse:
    """Matching services with reasons, reassurance, topic information and, when the person
    feels unsafe, 112 and the confidential adviser first."""
    if request.method == "GET":
        return redirect("selfcheck:check")
    form = SelfCheckForm(request.POST)
    form.is_valid()
    broken = form.first_screen_with_errors()
    if broken is not None:
        return _screen(request, form, broken, show_errors=True)
    answers = Answers.from_cleaned(form.cleaned_data)
    language = get_language() or "nl"
    outcome = self_check_result(answers)
    return render(
        request,
        "selfcheck/result.html",
        {
            "answers": answers,
            "result": outcome,
            "topics": relevant_topics(answers, language),
            "language": language,
            "answers_query": answers_query(request.POST),
            "carried": carried_pairs(request.POST, LAST_SCREEN)
            + [(name, v) for name in SCREENS[-1] for v in request.POST.getlist(name) if v],
        },
    )


@public
@require_GET
def topics(request: HttpRequest) -> HttpResponse:
    """All topic information on one page (linked from the result page)."""
    return render(request, "selfcheck/topics.html", {"topics": TOPICS})
