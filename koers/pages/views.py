"""Public pages of the frame: home, health (the benchmark's floor), and the error pages."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from koers.accounts.access import public


@public
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html")


@public
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """A bare view: no template, no database. Load balancers and the benchmark floor use it."""
    return HttpResponse("ok", content_type="text/plain")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "404.html", status=404)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "403.html", status=403)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return render(request, "400.html", status=400)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without context processors, database or URL reversing: something already
    went wrong, so the page must not depend on anything that might be the cause. It never
    shows the error itself; the traceback goes to the server log only."""
    language = get_language() or settings.LANGUAGE_CODE
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    home = "/" if language == settings.LANGUAGE_CODE else f"/{language}/"
    context = {
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        "LANGUAGE_CODE": language,
        "HOME_URL": home,
    }
    return HttpResponse(loader.get_template("500.html").render(context), status=500)
