"""Template helpers for the layout: links to the current page in each language."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


@lru_cache(maxsize=2048)
def _links_for_path(path: str, current: str) -> tuple[tuple[str, str, str, bool], ...]:
    """(code, name, url, current) per language for one path.

    ``translate_url`` resolves and reverses the path against the whole URLconf, once per
    language — the biggest cost of rendering a simple page (see benchmarks/README.md). The
    result depends only on the path and the active language, so it is cached per process.
    Only the path is a key: query strings (which may hold what a visitor typed) are never
    kept in this process-wide cache.
    """
    return tuple(
        (
            code,
            get_language_info(code)["name_local"].capitalize(),
            translate_url(path, code),
            code == current,
        )
        for code, _name in settings.LANGUAGES
    )


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """One entry per language: its own name, the current page's URL in it, and whether
    it is the current language. Plain links, so switching works without JavaScript; the
    query string is carried over so a search keeps its filters in the other language."""
    request = context.get("request")
    path = request.path if request else "/"
    query = request.META.get("QUERY_STRING", "") if request else ""
    suffix = f"?{query}" if query else ""
    return [
        {"code": code, "name": name, "url": url + suffix, "current": is_current}
        for code, name, url, is_current in _links_for_path(path, get_language())
    ]
