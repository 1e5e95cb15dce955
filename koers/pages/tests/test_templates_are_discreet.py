"""Scans of every template and static file in Koers.

The Content-Security-Policy blocks inline scripts, inline styles and event-handler
attributes, so such markup would silently break a page; a reference to another site
would tell a third party that someone looked at Koers. Both are caught here, in the
source, before a browser ever meets them.
"""

import re
from pathlib import Path

from django.conf import settings

PACKAGE = Path(settings.PACKAGE_DIR)
TEMPLATE_SUFFIXES = {".html", ".txt", ".xml"}
STATIC_SUFFIXES = {".css", ".js", ".svg", ".html", ".json", ".txt", ".webmanifest"}
# XML namespace names inside SVG files are identifiers, never fetched.
NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}

TAG = re.compile(r"<[a-zA-Z][^>]*>", re.DOTALL)
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
URL = re.compile(r"""https?://[^\s"'<>(){}]+""", re.IGNORECASE)


def files(kind: str, suffixes: set[str]) -> list[Path]:
    found = [
        path
        for path in PACKAGE.rglob("*")
        if path.is_file() and kind in path.relative_to(PACKAGE).parts and path.suffix in suffixes
    ]
    return sorted(found)


def templates() -> list[Path]:
    return files("templates", TEMPLATE_SUFFIXES)


def static_files() -> list[Path]:
    return files("static", STATIC_SUFFIXES)


def where(path: Path, text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"{path.relative_to(PACKAGE.parent)}:{line}"


def test_the_scan_sees_the_templates_and_static_files():
    names = {path.name for path in templates()} | {path.name for path in static_files()}
    assert {"base.html", "home.html", "500.html", "koers.css", "quick-exit.js"} <= names


def test_no_template_holds_inline_script_style_or_event_handlers():
    problems = []
    for path in templates():
        text = path.read_text(encoding="utf-8")
        for match in INLINE_SCRIPT.finditer(text):
            problems.append(
                f"{where(path, text, match.start())}: inline <script> (use a static file)"
            )
        for match in STYLE_ELEMENT.finditer(text):
            problems.append(f"{where(path, text, match.start())}: <style> element (use koers.css)")
        for tag in TAG.finditer(text):
            markup = tag.group(0)
            if STYLE_ATTRIBUTE.search(markup):
                problems.append(f"{where(path, text, tag.start())}: style= attribute (use a class)")
            if EVENT_HANDLER.search(markup):
                problems.append(f"{where(path, text, tag.start())}: on…= event handler attribute")
            if JAVASCRIPT_URL.search(markup):
                problems.append(f"{where(path, text, tag.start())}: javascript: URL")
    assert not problems, "The Content-Security-Policy would block:\n" + "\n".join(problems)


def test_no_template_or_static_file_points_at_another_site():
    allowed = {settings.QUICK_EXIT_URL} | NAMESPACES
    problems = []
    for path in templates() + static_files():
        text = path.read_text(encoding="utf-8")
        for match in URL.finditer(text):
            if match.group(0) not in allowed:
                problems.append(f"{where(path, text, match.start())}: {match.group(0)}")
    assert not problems, (
        "Templates and static files must not reference other sites (a request there tells "
        "them someone visited Koers):\n" + "\n".join(problems)
    )


def test_the_scan_would_catch_what_it_looks_for():
    """Guard against a regex that matches nothing: each pattern finds its example."""
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js" defer></script>')
    assert STYLE_ATTRIBUTE.search('<p class="a" style="color:red">')
    assert EVENT_HANDLER.search('<button onclick="go()">')
    assert not EVENT_HANDLER.search('<a href="/" data-one="x">')
    assert JAVASCRIPT_URL.search('<a href="javascript:void(0)">')
    assert URL.search('<img src="https://tracker.example/pixel.gif">')
