"""A small rate limit per client address, without third parties.

Only a keyed hash of the address is stored, with the scope and the time; events older than
the window are deleted on every check (and by ``purge_contact_requests``), so nothing is
kept for more than a day. Written here instead of using django-ratelimit because that
package keys its cache by the readable address.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from koers.pages.client_address import client_ip
from koers.privacy.keys import keyed_hash

from .models import RateLimitEvent

WINDOW = timedelta(hours=1)
MAX_AGE = timedelta(days=1)

LIMITS = {
    "request": lambda: settings.CONTACT_REQUESTS_PER_HOUR,
    "status": lambda: settings.CONTACT_STATUS_CHECKS_PER_HOUR,
}


def client_address(request: HttpRequest) -> str:
    """The client's address (see ``koers.pages.client_address``; ``TRUSTED_PROXY_COUNT``)."""
    return client_ip(request) or "unknown"


def hit(request: HttpRequest, scope: str) -> bool:
    """Count one attempt; ``False`` when the address is over the limit for ``scope``."""
    now = timezone.now()
    RateLimitEvent.objects.filter(at__lt=now - MAX_AGE).delete()
    address_hash = keyed_hash(f"ratelimit:{scope}:{client_address(request)}")
    recent = RateLimitEvent.objects.filter(
        scope=scope, address_hash=address_hash, at__gte=now - WINDOW
    ).count()
    if recent >= LIMITS[scope]():
        return False
    RateLimitEvent.objects.create(scope=scope, address_hash=address_hash, at=now)
    return True
