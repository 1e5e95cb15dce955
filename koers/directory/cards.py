"""What a search result card shows of one service, as plain values.

Language-independent on purpose: channel, weekday, spoken-language and cost *codes*, whose
labels the renderer (``templatetags/directory_tags.result_card``) looks up in the
visitor's language. So the same cards serve every language, and the in-memory search
index (:mod:`koers.directory.search_index`) keeps one card per service and hands it out
as it is: treat cards as read-only once built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

from .models import Service


class ContactLine(NamedTuple):
    """One way to reach a service: channel code, what to use on it, and a link (or "")."""

    channel: str
    value: str
    href: str


@dataclass(slots=True)
class ServiceCard:
    """A result card's data: the service (with ``organisation`` set) and its details."""

    service: Service
    region_names: list[str] = field(default_factory=list)  # by name
    contacts: list[ContactLine] = field(default_factory=list)  # by channel
    walk_in_addresses: list[str] = field(default_factory=list)
    hours: tuple[tuple[int, str, str], ...] = ()  # (weekday, "HH:MM", "HH:MM"), in order
    languages: tuple[str, ...] = ()  # spoken-language codes, in order


def contact_link(channel: str, value: str) -> str:
    """A link for a contact channel, or "" when the channel is not a link (walk-in, outreach)."""
    value = value.strip()
    if not value:
        return ""
    digits = re.sub(r"[^\d+]", "", value)
    if channel == "phone":
        return f"tel:{digits}"
    if channel == "sms":
        return f"sms:{digits}"
    if channel == "whatsapp":
        return f"https://wa.me/{digits.lstrip('+')}"
    if channel == "email":
        return f"mailto:{value}"
    if channel in ("web_form", "video") and value.startswith(("https://", "http://")):
        return value
    return ""
