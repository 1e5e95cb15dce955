"""Template context every page needs for the discreet layout."""

from django.conf import settings
from django.http import HttpRequest


def discretion(request: HttpRequest) -> dict:
    return {"QUICK_EXIT_URL": settings.QUICK_EXIT_URL}
