"""Per-address limits on enrolling and resuming the questionnaire (issue 12).

The same approach as the contact limits (``koers.contact.ratelimit``): the visitor's
address comes from ``koers.pages.client_address`` (``TRUSTED_PROXY_COUNT``-aware), only a
keyed hash of it is stored, and events older than a day are deleted on every check. A copy
rather than an import because domain apps do not import each other.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from koers.pages.client_address import client_ip
from koers.privacy.keys import keyed_hash

from .models import AttemptEvent

WINDOW = timedelta(hours=1)
MAX_AGE = timedelta(days=1)

LIMITS = {
    "enrol": lambda: settings.OUTCOMES_ENROLMENTS_PER_HOUR,
    "resume": lambda: settings.OUTCOMES_RESUME_ATTEMPTS_PER_HOUR,
}


def hit(request: HttpRequest, scope: str) -> bool:
    """Count one attempt; ``False`` when the address is over the limit for ``scope``."""
    now = timezone.now()
    AttemptEvent.objects.filter(at__lt=now - MAX_AGE).delete()
    address = client_ip(request) or "unknown"
    address_hash = keyed_hash(f"outcomes-ratelimit:{scope}:{address}")
    recent = AttemptEvent.objects.filter(
        scope=scope, address_hash=address_hash, at__gte=now - WINDOW
    ).count()
    if recent >= LIMITS[scope]():
        return False
    AttemptEvent.objects.create(scope=scope, address_hash=address_hash, at=now)
    return True
