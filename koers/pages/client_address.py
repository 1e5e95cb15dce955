"""The visitor's address: one notion for every per-address limit.

The contact rate limit (``koers.contact.ratelimit``) and the login lockout (django-axes,
through ``AXES_CLIENT_IP_CALLABLE``) both use :func:`client_ip`. Without a proxy it is
``REMOTE_ADDR``. Behind ``TRUSTED_PROXY_COUNT`` proxies that each append the address they
received the request from to ``X-Forwarded-For``, the visitor is the Nth address from the
right: everything further left was written by the visitor and could be anything.

Written here rather than with django-ipware because the rule is this one line, and ipware's
guessing over many headers is exactly what would let a visitor choose their own address.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

#: Longer than any written IPv6 address; longer entries are not addresses.
MAX_ADDRESS_LENGTH = 64


def _address(raw: str) -> str | None:
    """``raw`` as a normalised IP address, or ``None`` when it is not one."""
    text = (raw or "").strip()
    if not text or len(text) > MAX_ADDRESS_LENGTH:
        return None
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def trusted_proxy_count() -> int:
    try:
        return max(int(settings.TRUSTED_PROXY_COUNT or 0), 0)
    except (TypeError, ValueError):
        return 0


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, or ``None`` when even ``REMOTE_ADDR`` is not an address.

    With ``TRUSTED_PROXY_COUNT = 0`` (the default) ``X-Forwarded-For`` is ignored, so it
    cannot be spoofed. With N > 0 it is the Nth entry from the right of
    ``X-Forwarded-For``; a missing, short or malformed header falls back to ``REMOTE_ADDR``.
    """
    meta = getattr(request, "META", None) or {}
    remote = _address(meta.get("REMOTE_ADDR", ""))
    count = trusted_proxy_count()
    if count == 0:
        return remote
    header = meta.get("HTTP_X_FORWARDED_FOR", "")
    entries = header.split(",") if isinstance(header, str) and header.strip() else []
    if len(entries) < count:
        return remote
    return _address(entries[-count]) or remote
