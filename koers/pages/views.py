"""Public pages of the frame: home, browsing safely, the quick exit, health (the
benchmark's floor), and the error pages."""

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template import loader
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from koers.accounts.access import public


@public
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html")


@public
@require_GET
def browse_safely(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/browse_safely.html")


#: Asks the browser to forget Koers's cookies, storage and cached pages on the way out.
CLEAR_SITE_DATA = '"cache", "cookies", "storage"'


@csrf_exempt  # it only ends a session: a forged request can do no more than log someone out
@public
@require_http_methods(["GET", "POST"])
def quick_exit(request: HttpRequest) -> HttpResponse:
    """End any logged-in session and every piece of session state (self-check, contact,
    questionnaire), then leave for ``QUICK_EXIT_URL``. The quick-exit script posts here in
    the background while it leaves; without JavaScript the link itself comes here."""
    logout(request)  # flushes the session, also for someone who was never logged in
    if request.method == "POST":
        response = HttpResponse(status=204)
    else:
        response = HttpResponseRedirect(settings.QUICK_EXIT_URL)
    response["Clear-Site-Data"] = CLEAR_SITE_DATA
    response["Cache-Control"] = "no-store"
    return response


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
