"""Issue 12 item 2 in real Chromium: the bulk number check answers every line as the single
check would, and a warning looks different from "no warnings"."""

import pytest
from django.utils import timezone

from conftest import TEST_PASSWORD
from koers.regions.models import Region
from koers.safety import services
from koers.safety.tests.factories import make_report
from tests.browser.test_safety import verified_member

pytestmark = pytest.mark.django_db(transaction=True)


def test_bulk_check_warns_every_repeat_and_reports_bad_lines(browser_page, live_server, axe, users):
    services.publish_warning(
        make_report(numbers=("+31612345678",), violence=["physical"]),
        text="Hits.",
        regions=Region.objects.filter(slug="amsterdam"),
        expires_at=services.add_months(timezone.now(), 12),
        by=users["moderator"],
    )
    member = users["member"]
    verified_member(member)
    page = browser_page
    page.goto(live_server.url + "/en/account/login/")
    page.fill("input[name=username]", member.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main button[type=submit]")
    page.goto(live_server.url + "/en/safety/check/bulk/")
    assert "The single and the bulk check count the same way" in page.content()
    page.fill(
        "textarea[name=numbers]",
        "06 12345678\n0623456789\nnot a number\n+31 6 1234 5678\n0031612345678",
    )
    page.click("main button[type=submit]")
    answers = page.locator(".check-answer")
    assert answers.count() == 5
    kinds = [answers.nth(i).get_attribute("class").split("--")[1] for i in range(5)]
    assert kinds == ["hit", "clear", "unread", "hit", "hit"]
    hit = answers.nth(0)
    assert hit.locator("h3").inner_text().startswith("!")
    assert "Warning: +31612345678" in hit.locator("h3").inner_text()
    assert "No warnings: +31623456789" in answers.nth(1).locator("h3").inner_text()
    assert "“not a number” is not a phone number" in answers.nth(2).inner_text()
    # A hit and a no-hit differ in colour as well (besides heading and icon).
    hit_colour = hit.evaluate("el => getComputedStyle(el).borderLeftColor")
    clear_colour = answers.nth(1).evaluate("el => getComputedStyle(el).borderLeftColor")
    assert hit_colour != clear_colour
    # What was typed stays in the box.
    assert "not a number" in page.input_value("textarea[name=numbers]")
    assert axe(page) == []
    page.screenshot(path="/tmp/shots-safeguard/bulk-check.png", full_page=True)
    assert page.third_party_requests() == []
