"""Installable and offline: the web app manifest and the service worker.

What the service worker keeps on the phone is an explicit allow-list and nothing else:

- the information pages (topic information, "help now" with the emergency numbers and the
  confidential adviser's contact, the home page) in every language, and the static files
  they need — fetched when the worker installs, the same for everybody, so the cache says
  nothing about what a person looked at;
- the services of one region, only after the person taps "keep on this phone" on a search
  for that region (a separate cache, removed with one tap, see ``koers/offline.js``).

Every other request (search results, the self-check, contact requests and codes, the
questionnaire, member and staff pages, the quick exit, whatever URL it has) is left to the
network: the worker does not answer it, so it is never cached and behaves exactly as
without a worker — offline it fails like any page, and the quick exit still leaves.
"""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import override
from django.views.decorators.http import require_GET

from koers.accounts.access import public

#: URL names of the pages kept for offline use, in every language.
OFFLINE_PAGES = ("pages:home", "selfcheck:topics", "directory:help_now")
#: Static files those pages use.
OFFLINE_ASSETS = ("koers/koers.css", "koers/quick-exit.js", "koers/offline.js", "koers/mark.svg")
#: The one path prefix (after the language prefix) whose pages a person may keep.
KEPT_PREFIX = "support/keep/"


def offline_urls() -> tuple[list[str], list[str]]:
    """(pages, assets): every URL the worker stores when it installs."""
    pages = []
    for code, _name in settings.LANGUAGES:
        with override(code):
            pages += [reverse(name) for name in OFFLINE_PAGES]
    return pages, [static(path) for path in OFFLINE_ASSETS]


def kept_prefixes() -> list[str]:
    prefixes = []
    for code, _name in settings.LANGUAGES:
        with override(code):
            prefixes.append(reverse("pages:home") + KEPT_PREFIX)
    return prefixes


@public
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    pages, assets = offline_urls()
    config = {"pages": pages, "assets": assets, "kept": kept_prefixes()}
    text = json.dumps(config, sort_keys=True)
    version = hashlib.sha256(text.encode()).hexdigest()[:12]
    body = render_to_string("pages/offline/sw.js", {"config": text, "version": version})
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"  # a new release is picked up on the next visit
    response["Service-Worker-Allowed"] = "/"
    return response


@public
@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    """A neutral name and icon: nothing on a home screen says what Koers is about."""
    data = {
        "name": "Koers",
        "short_name": "Koers",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b4f6c",
        "icons": [
            {"src": static("koers/mark.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "no-cache"
    return response
