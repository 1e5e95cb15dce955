"""Refuse requests that carry a NUL character, before any view sees them.

PostgreSQL cannot store or compare a string containing NUL (psycopg raises ``ValueError``),
so ``/support/signpost/?region=%00`` — any view that filters on a raw query parameter or a
``str`` path segment — became a 500 on PostgreSQL while SQLite answered normally. Django's
form fields already refuse NUL; parameters read straight from ``request.GET`` and path
segments did not. No legitimate Koers address or form value contains NUL, so the request
is answered with the translated 400 page (``SuspiciousOperation`` → ``handler400``), on
every route, for every app, present and future. ``tests/test_crafted_input.py`` checks it.
"""

from collections.abc import Callable

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse

NUL = "\x00"


class NullCharacterInRequest(SuspiciousOperation):
    """A path, query parameter or form field with a NUL character."""


def _carries_nul(request: HttpRequest) -> bool:
    if NUL in request.path:
        return True
    sources = [request.GET]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        sources.append(request.POST)
    return any(
        NUL in key or any(NUL in value for value in values)
        for source in sources
        for key, values in source.lists()
    )


class NullCharacterMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _carries_nul(request):
            raise NullCharacterInRequest("NUL character in the request")
        return self.get_response(request)
