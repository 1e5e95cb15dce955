"""Template helpers for service cards: text in the visitor's language, contact links."""

import re

from django import template

from koers.directory.models import ContactPoint, Service

register = template.Library()


@register.simple_tag
def service_text(service: Service, field: str, language: str) -> dict:
    """``{% service_text service "description" language as text %}`` → text.value, text.fallback."""
    value, fallback = service.text(field, language)
    return {"value": value, "fallback": fallback}


@register.filter
def contact_href(point: ContactPoint) -> str:
    """A link for a contact channel, or "" when the channel is not a link (walk-in, outreach)."""
    value = point.value.strip()
    digits = re.sub(r"[^\d+]", "", value)
    if not value:
        return ""
    if point.channel == "phone":
        return f"tel:{digits}"
    if point.channel == "sms":
        return f"sms:{digits}"
    if point.channel == "whatsapp":
        return f"https://wa.me/{digits.lstrip('+')}"
    if point.channel == "email":
        return f"mailto:{value}"
    if point.channel in ("web_form", "video") and value.startswith(("https://", "http://")):
        return value
    return ""
