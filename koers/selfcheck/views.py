"""The anonymous self-check: three short screens and a result page.

Every page a person sees is a GET page (post/redirect/get), so Back between steps works
and switching language keeps the page: each screen posts its answers, and the answer is
a redirect to the next screen or the result with every answer so far in one encrypted,
short-lived token in the URL (see :mod:`koers.selfcheck.tokens`). Nothing is written:
no session, no database. A screen with an error is shown directly (nothing was accepted
yet), with everything typed kept.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from koers.accounts.access import public

from . import tokens
from .answers import Answers
from .forms import SCREENS, SelfCheckForm, answers_query, carried_pairs
from .selectors import self_check_result
from .topics import TOPICS, relevant_topics

LAST_SCREEN = len(SCREENS)


def _screen(
    request: HttpRequest,
    form: SelfCheckForm,
    screen: int,
    *,
    show_errors: bool,
    expired: bool = False,
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
            "expired": expired,
        },
    )


def _screen_number(raw: str | None) -> int:
    try:
        return min(max(int(raw or 1), 1), LAST_SCREEN)
    except (TypeError, ValueError):
        return 1


def _to(name: str, data: QueryDict, **params: object) -> HttpResponseRedirect:
    """303 to ``name`` with the answers in ``data`` sealed into the URL."""
    query = urlencode({**params, "s": tokens.seal(answers_query(data))})
    return HttpResponseRedirect(f"{reverse(name)}?{query}", status=303)


def _answers_from_url(request: HttpRequest) -> tuple[QueryDict | None, bool]:
    """The answers in the URL's token, and whether a token was there but no longer works."""
    token = request.GET.get("s", "")
    data = tokens.unseal(token)
    return data, bool(token) and data is None


@public
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """GET: one screen (answers so far from the URL's token). POST: check the screen just
    answered, then go on to the next one (or back) as a GET page."""
    if request.method == "GET":
        data, expired = _answers_from_url(request)
        if data is None:
            initial = {}
            if (get_language() or "nl") in ("en", "es", "ro"):
                initial["language"] = get_language()
            form = SelfCheckForm(initial=initial)
            return _screen(request, form, 1, show_errors=False, expired=expired)
        form = SelfCheckForm(data)
        form.is_valid()
        screen = _screen_number(request.GET.get("screen"))
        return _screen(request, form, screen, show_errors=False)
    screen = _screen_number(request.POST.get("screen", "1"))
    form = SelfCheckForm(request.POST)
    form.is_valid()
    if "back" in request.POST:
        return _to("selfcheck:check", request.POST, screen=max(screen - 1, 1))
    if form.screen_errors(screen):
        return _screen(request, form, screen, show_errors=True)
    if screen == LAST_SCREEN:
        return _to("selfcheck:result", request.POST)
    return _to("selfcheck:check", request.POST, screen=screen + 1)


@public
@require_http_methods(["GET", "POST"])
def result(request: HttpRequest) -> HttpResponse:
    """Matching services with reasons, reassurance, topic information and, when the person
    feels unsafe, 112 and the confidential adviser first."""
    if request.method == "POST":
        form = SelfCheckForm(request.POST)
        form.is_valid()
        broken = form.first_screen_with_errors()
        if broken is not None:
            return _screen(request, form, broken, show_errors=True)
        return _to("selfcheck:result", request.POST)
    data, _expired = _answers_from_url(request)
    if data is None:
        return redirect("selfcheck:check")
    form = SelfCheckForm(data)
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
            "answers_query": answers_query(data),
            "change_url": f"{reverse('selfcheck:check')}?"
            + urlencode({"screen": 1, "s": request.GET.get("s", "")}),
        },
    )


@public
@require_GET
def topics(request: HttpRequest) -> HttpResponse:
    """All topic information on one page (linked from the home page, the search and the
    result page)."""
    return render(request, "selfcheck/topics.html", {"topics": TOPICS})
