"""Reference pages for the benchmark: what a logged-in request costs before a page does
anything of its own.

The floor (``/health/``) loads no session and no user. Every staff page also loads the
session, the user, the second-factor device and the memberships, and renders the layout
(``base.html`` with the staff menu); every member page the session, the user and the
layout. These views do exactly that and nothing more, so the benchmark can show how much
of a logged-in page's ratio is this fixed cost and how much is the page's own work.

They exist only in the benchmark's URLconf (``benchmarks/urls.py``), never in Koers's.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from koers.accounts.access import member_required, staff_required


@staff_required()
def staff_bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@staff_required()
def staff_layout(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")


@member_required
def member_bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@member_required
def member_layout(request: HttpRequest) -> HttpResponse:
    return render(request, "base.html")
