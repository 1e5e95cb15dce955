"""``{% unread_notices as n %}`` for the staff menu: one count query, only where the menu
is drawn (not on every request, as a context processor would)."""

from typing import Any

from django import template

from koers.notifications.inbox import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notices(context: Any) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return 0
    return unread_count(user)
