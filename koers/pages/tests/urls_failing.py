"""A test-only URLconf: the real one plus views that fail, to see the error pages."""

from django.conf.urls.i18n import i18n_patterns
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from koers import urls as root

SECRET_DETAIL = "secret-detail-7f3a"


def explode(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(f"database password is {SECRET_DETAIL}")


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation(f"tampered with {SECRET_DETAIL}")


urlpatterns = [
    *root.urlpatterns,
    *i18n_patterns(
        path("boom/", explode),
        path("suspicious/", suspicious),
        prefix_default_language=False,
    ),
]

handler400 = root.handler400
handler403 = root.handler403
handler404 = root.handler404
handler500 = root.handler500
