"""Headers that keep a visit discreet on a shared or borrowed phone.

- ``Cache-Control: no-store`` on HTML so Back after a quick exit, or the browser's page
  cache, does not bring a Koers page back from memory or disk; also on every other response
  that does not set its own caching (exports, PDFs, JSON with personal content); static
  files are served before this middleware and keep theirs;
- ``Permissions-Policy`` denies powerful features nobody here needs;
- ``X-Robots-Tag`` keeps logged-in and staff pages out of search engines.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()"
)


class DiscretionHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html"):
            response["Cache-Control"] = "no-store"
        else:
            response.setdefault("Cache-Control", "no-store")
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if not request.path.startswith("/static/"):
            response.setdefault("X-Robots-Tag", "noindex, nofollow")
        return response
