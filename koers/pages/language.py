"""The visitor's language: a first visit lands in it, and an explicit choice is kept.

- A visit to ``/`` (the Dutch home) is redirected once to ``/en/``, ``/es/`` or ``/ro/``
  when the browser prefers that language (``Accept-Language``) and the visitor has not
  chosen a language on this phone. Only ``/``: a link to any other page opens as linked.
- Choosing a language (the links at the top of every page) goes through
  :func:`choose`, which stores the choice in a *functional* cookie (the language code and
  nothing else; no tracking, also mentioned under "Browse safely") and returns to the same
  page, with the same query string, in the chosen language — so filters, a self-check
  result and a questionnaire page are kept. A Dutch choice then stops the redirect.

Why not Django's ``set_language`` view: it changes the language only on POST, and the
language links must work as plain links without JavaScript.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import translate_url
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import (
    get_language_from_path,
    get_supported_language_variant,
    override,
)
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.http import require_GET

from koers.accounts.access import public

#: One year: the choice is kept until the visitor picks another or clears cookies.
COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGES = {code for code, _name in settings.LANGUAGES}


def chosen_language(request: HttpRequest) -> str | None:
    """The language chosen on this phone (the cookie), if any and still offered."""
    value = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return value if value in LANGUAGES else None


def preferred_language(request: HttpRequest) -> str:
    """The first language in ``Accept-Language`` that Koers offers, else Dutch."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")[:500]
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def home_url(language: str) -> str:
    return "/" if language == settings.LANGUAGE_CODE else f"/{language}/"


class FirstVisitLanguageMiddleware:
    """Sends a visit to ``/`` to the home page in the chosen or preferred language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/" and request.method in ("GET", "HEAD"):
            language = chosen_language(request) or preferred_language(request)
            response: HttpResponse
            if language != settings.LANGUAGE_CODE:
                response = HttpResponseRedirect(home_url(language))
            else:
                response = self.get_response(request)
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
            return response
        return self.get_response(request)


@public
@require_GET
def choose(request: HttpRequest, code: str) -> HttpResponse:
    """Remember ``code`` and go back to ``next`` (a page of this site) in that language."""
    if code not in LANGUAGES:
        raise Http404
    target = request.GET.get("next", "")
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = home_url(code)
    else:
        # The path is resolved in its own language (its prefix), then reversed in ``code``.
        with override(get_language_from_path(target) or settings.LANGUAGE_CODE):
            target = translate_url(target, code)
    response = HttpResponseRedirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=COOKIE_AGE,
        path="/",
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response
