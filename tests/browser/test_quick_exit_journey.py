"""Issue 12 item 4 in real Chromium: the quick exit ends the session and leaves no way
back to a result, a code or a member page.

The harmless site cannot load here (closed network): Playwright answers for its host, and
a test never reaches a real site."""

from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.utils import timezone

from conftest import TEST_PASSWORD
from koers.regions.models import Region
from koers.safety import services as safety_services
from koers.safety.tests.factories import make_report
from tests.browser.conftest import SMALL_PHONE
from tests.browser.test_safety import verified_member
from tests.browser.test_selfcheck import world

SHOTS = "/tmp/shots-safeguard"
HARMLESS_PAGE = "<!doctype html><html lang='nl'><title>Weer</title><h1>Het weer</h1></html>"
WARNING_TEXT = "Client who leaves without paying."

pytestmark = pytest.mark.django_db(transaction=True)


def _context(browser, *, route_exit: bool = True, **options):
    context = browser.new_context(viewport=SMALL_PHONE, locale="en-GB", **options)
    if not route_exit:
        return context
    parsed = urlparse(settings.QUICK_EXIT_URL)
    context.route(
        f"{parsed.scheme}://{parsed.netloc}/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body=HARMLESS_PAGE),
    )
    return context


def _log_in_member(page, live_server, member) -> None:
    page.goto(live_server.url + "/en/account/login/")
    page.fill("input[name=username]", member.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")


def _publish_warning(moderator) -> None:
    safety_services.publish_warning(
        make_report(),
        text=WARNING_TEXT,
        regions=Region.objects.filter(slug="amsterdam"),
        expires_at=safety_services.add_months(timezone.now(), 12),
        by=moderator,
    )


def _next(page, selector="button[name=next]") -> None:
    with page.expect_navigation():
        page.click(selector)


def test_home_support_result_warnings_quick_exit_then_back_three_times(browser, live_server, users):
    world()
    member = users["member"]
    verified_member(member)
    _publish_warning(users["moderator"])
    context = _context(browser)
    page = context.new_page()
    try:
        _log_in_member(page, live_server, member)
        base = live_server.url + "/en"
        page.goto(base + "/")
        page.goto(base + "/support/")
        page.goto(base + "/check/")
        page.check("input[name=situation][value=considering]")
        page.check("input[name=direction][value=within]")
        _next(page)
        page.check("input[name=needs][value=housing]")
        page.check("input[name=unsafe][value=no]")
        _next(page)
        page.fill("input[name=town]", "Amsterdam")
        _next(page)
        assert page.locator(".selfcheck-match").count() >= 1  # the result page
        page.goto(base + "/safety/warnings/")
        assert WARNING_TEXT in page.content()
        page.screenshot(path=f"{SHOTS}/exit-1-warnings.png")

        page.click("[data-quick-exit]")
        page.wait_for_url(settings.QUICK_EXIT_URL)
        assert page.locator("h1").inner_text() == "Het weer"

        for step in range(1, 4):
            page.go_back()
            page.wait_for_load_state()
            page.screenshot(path=f"{SHOTS}/exit-back-{step}.png")
            content = page.content()
            assert WARNING_TEXT not in content, (step, page.url)
            assert page.locator(".selfcheck-match").count() == 0, (step, page.url)
            assert "/safety/" not in page.url, (step, page.url)
        # The session is over: the member pages ask for a login again.
        page.goto(base + "/safety/warnings/")
        assert "/account/login/" in page.url
    finally:
        context.close()


def test_shift_three_times_leaves_and_logs_out(browser, live_server, users):
    member = users["member"]
    verified_member(member)
    _publish_warning(users["moderator"])
    context = _context(browser)
    page = context.new_page()
    try:
        _log_in_member(page, live_server, member)
        page.goto(live_server.url + "/en/safety/warnings/")
        assert WARNING_TEXT in page.content()
        # Shift as a modifier (a capital letter) does not count.
        page.keyboard.press("Shift+A")
        page.keyboard.press("Shift")
        status = page.locator("[data-quick-exit-status]")
        assert status.inner_text() == "Shift: press 2 more times to leave."
        page.keyboard.press("Shift")
        assert status.inner_text() == "Shift: press 1 more time to leave."
        with page.expect_navigation():
            page.keyboard.press("Shift")
        page.wait_for_url(settings.QUICK_EXIT_URL)
        page.go_back()
        page.wait_for_load_state()
        assert WARNING_TEXT not in page.content()
        page.goto(live_server.url + "/en/safety/warnings/")
        assert "/account/login/" in page.url
    finally:
        context.close()


def test_quick_exit_without_javascript_also_logs_out(browser, live_server, users, settings):
    """Without JavaScript the link goes through /exit/, whose redirect Playwright cannot
    intercept: the exit target (a setting) points at a local neutral page instead."""
    settings.QUICK_EXIT_URL = live_server.url + "/health/"
    member = users["member"]
    verified_member(member)
    context = _context(browser, route_exit=False, java_script_enabled=False)
    page = context.new_page()
    try:
        _log_in_member(page, live_server, member)
        page.goto(live_server.url + "/en/safety/warnings/")
        with page.expect_navigation():
            page.click("[data-quick-exit]")
        page.wait_for_url(settings.QUICK_EXIT_URL)
        page.go_back()
        page.wait_for_load_state()
        assert "/account/login/" in page.url, page.url
        assert WARNING_TEXT not in page.content()
    finally:
        context.close()
