"""Template helpers for the layout: links to the current page in each language."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import get_language, get_language_info

register = template.Library()


@lru_cache(maxsize=8)
def _language_names(current: str) -> tuple[tuple[str, str, bool], ...]:
    return tuple(
        (code, get_language_info(code)["name_local"].capitalize(), code == current)
        for code, _name in settings.LANGUAGES
    )


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """One entry per language: its own name, a link that chooses it, and whether it is
    the current language. Plain links, so switching works without JavaScript. The link
    goes through ``koers.pages.language.choose``, which remembers the choice and returns
    to this page — query string included, so a search keeps its filters and a self-check
    result its answers — in the other language."""
    request = context.get("request")
    here = request.get_full_path() if request else "/"
    next_query = urlencode({"next": here})
    return [
        {
            "code": code,
            "name": name,
            "url": f"{reverse('choose_language', args=[code])}?{next_query}",
            "current": is_current,
        }
        for code, name, is_current in _language_names(get_language())
    ]
