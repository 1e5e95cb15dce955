"""The public frame in real Chromium: languages, the quick exit, no third parties, axe-core.

These are the promises a sex worker relies on without being able to check them: the page
speaks her language, one tap leaves Koers without a Back-button trail, and nobody but
Koers learns that she visited.
"""

from urllib.parse import urlparse

import pytest
from django.conf import settings
from playwright.sync_api import Error as PlaywrightError

from koers.pages.tests.test_discretion import public_get_urls
from tests.browser.conftest import SMALL_PHONE

LANGUAGE_HOMES = [("/", "nl"), ("/en/", "en"), ("/es/", "es"), ("/ro/", "ro")]
HARMLESS_PAGE = "<!doctype html><html lang='nl'><title>Weer</title><h1>Het weer</h1></html>"

pytestmark = pytest.mark.django_db(transaction=True)


def exit_pattern() -> str:
    """A route pattern for every URL on the quick-exit host (the network is closed here,
    and a test must never reach a real site)."""
    parsed = urlparse(settings.QUICK_EXIT_URL)
    return f"{parsed.scheme}://{parsed.netloc}/**"


def fulfil_harmless(route) -> None:
    route.fulfill(status=200, content_type="text/html", body=HARMLESS_PAGE)


def test_home_page_in_each_language_marks_its_language(browser_page, live_server):
    headings = {}
    for path, language in LANGUAGE_HOMES:
        browser_page.goto(live_server.url + path)
        assert browser_page.get_attribute("html", "lang") == language
        current = browser_page.locator(".language-switcher a[aria-current='true']")
        assert current.count() == 1
        assert current.get_attribute("hreflang") == language
        headings[language] = browser_page.locator("h1").inner_text()
        assert browser_page.title() == "Koers"
    assert len(set(headings.values())) == 4, headings


def test_language_switcher_leads_to_the_same_page_in_another_language(browser_page, live_server):
    browser_page.goto(live_server.url + "/")
    browser_page.click(".language-switcher a[hreflang='es']")
    browser_page.wait_for_url(live_server.url + "/es/")
    assert browser_page.get_attribute("html", "lang") == "es"
    assert browser_page.locator("[data-quick-exit]").inner_text() == "Salida rápida"


def test_quick_exit_leaves_without_a_way_back(browser, live_server):
    context = browser.new_context(viewport=SMALL_PHONE, locale="nl-NL")
    try:
        page = context.new_page()
        page.route(exit_pattern(), fulfil_harmless)
        page.goto("about:blank")
        page.goto(live_server.url + "/")
        exit_control = page.locator("[data-quick-exit]")
        assert exit_control.inner_text() == "Snel weg"
        exit_control.click()
        page.wait_for_url(settings.QUICK_EXIT_URL)
        assert page.locator("h1").inner_text() == "Het weer"
        page.go_back()
        assert not page.url.startswith(live_server.url), f"Back returned to Koers: {page.url}"
    finally:
        context.close()


def test_quick_exit_is_reachable_after_scrolling(browser_page, live_server):
    browser_page.goto(live_server.url + "/")
    browser_page.mouse.wheel(0, 2000)
    browser_page.wait_for_function("window.scrollY > 0")
    box = browser_page.locator("[data-quick-exit]").bounding_box()
    assert box is not None and 0 <= box["y"] < SMALL_PHONE["height"], box
    assert box["height"] >= 44, "the control must be easy to hit on a phone"


def test_quick_exit_works_without_javascript(browser, live_server):
    context = browser.new_context(viewport=SMALL_PHONE, locale="nl-NL", java_script_enabled=False)
    try:
        page = context.new_page()
        page.route(exit_pattern(), fulfil_harmless)
        page.goto(live_server.url + "/")
        page.click("[data-quick-exit]")
        page.wait_for_url(settings.QUICK_EXIT_URL)
        assert page.locator("h1").inner_text() == "Het weer"
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/", "/account/login/", "/nope/"])
def test_nothing_is_requested_from_another_host(browser_page, live_server, path):
    violations: list[str] = []
    browser_page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    browser_page.goto(live_server.url + path)
    browser_page.wait_for_load_state("networkidle")
    assert browser_page.third_party_requests() == []
    own = [url for url in browser_page.requested if url.startswith(live_server.url)]
    assert any(url.endswith("koers.css") for url in own), "the stylesheet was not loaded"
    assert violations == [], violations


@pytest.mark.parametrize(
    "path", ["/", "/en/", "/es/", "/ro/", "/account/login/", "/nope/", "/en/nope/"]
)
def test_no_serious_accessibility_problems(browser_page, live_server, axe, path):
    browser_page.goto(live_server.url + path)
    problems = axe(browser_page)
    assert problems == [], [
        (problem["id"], problem["help"], [node["target"] for node in problem["nodes"]][:5])
        for problem in problems
    ]


def test_every_public_page_passes_axe_without_third_parties(browser_page, live_server, axe, world):
    """Every page the authorization matrix opens to anonymous visitors, as a phone shows it:
    no serious or critical axe-core finding, and nothing requested from another host."""
    browser_page.set_viewport_size(SMALL_PHONE)
    checked, problems = [], {}
    for label, url in public_get_urls(world):
        try:
            response = browser_page.goto(live_server.url + url)
        except PlaywrightError as error:  # a download (an activity's iCalendar file)
            if "Download is starting" not in str(error):
                raise
            continue
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue  # the HSDS API, the QR code, the health check: no page to read
        found = axe(browser_page)
        if found:
            problems[f"{label} {url}"] = [(p["id"], p["help"]) for p in found]
        checked.append(label)
    assert problems == {}
    assert browser_page.third_party_requests() == []
    assert len(checked) >= 15, checked
