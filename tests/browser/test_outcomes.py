"""Wave 1 of the questionnaire on a 360 px phone, without JavaScript-dependent steps:
accessible (axe), nothing requested from third parties, answers end up in the reports."""

import pytest

from koers.outcomes import selectors
from koers.outcomes.models import Wave, WaveStatus


@pytest.mark.django_db(transaction=True)
def test_wave_one_on_a_phone(browser_page, live_server, axe):
    page = browser_page
    page.goto(f"{live_server.url}/en/questionnaire/?via=public")
    assert page.title() == "Koers"
    assert axe(page) == []
    page.fill("input[name=name]", "Maria")
    page.fill("input[name=birth_year]", "1990")
    page.fill("input[name=birth_city]", "Utrecht")
    page.click("main button[type=submit]")

    # A: situation (required) — ticked by tapping the label, as on a phone.
    page.get_by_label("I am considering other work, within or outside the branch").check()
    assert axe(page) == []
    page.click("button[name=next]")
    # B: an out-of-range number is refused at the question, other answers stay.
    page.get_by_label("Woman").check()
    page.fill("input[name=B7]", "140")
    page.click("button[name=next]")
    assert page.locator(".errorlist", has_text="Enter a whole number from 0 to 100.").is_visible()
    assert page.get_by_label("Woman").is_checked()
    assert axe(page) == []
    page.fill("input[name=B7]", "24")
    page.click("button[name=next]")
    # Every further page: accept what is there and go on until the thank-you page.
    for _ in range(12):
        if "/done/" in page.url:
            break
        page.click("button[name=next]")
    assert "/done/" in page.url
    assert page.locator("h1").inner_text() == "Thank you for taking part"
    assert axe(page) == []
    # Choose how to be invited for wave 2.
    page.get_by_role("radio", name="E-mail").check()
    page.fill("input[name=address]", "maria@example.org")
    page.click("main form button[type=submit]")
    assert page.locator(".message--success").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    assert page.third_party_requests() == []

    wave = Wave.objects.get(number=1)
    assert wave.status == WaveStatus.COMPLETED and wave.answers["B7"] == 24
    assert Wave.objects.get(number=2).status == WaveStatus.SCHEDULED
    assert selectors.attrition()[0].took_part == 1


@pytest.mark.django_db(transaction=True)
def test_questionnaire_start_page_on_a_phone(browser_page, live_server, axe):
    """What works today without a POST: the start page at 360 px, in every language."""
    page = browser_page
    for prefix in ("", "/en", "/es", "/ro"):
        page.goto(f"{live_server.url}{prefix}/questionnaire/?via=public")
        assert page.title() == "Koers"
        assert axe(page) == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.goto(f"{live_server.url}/questionnaire/continue/")
    assert axe(page) == []
    assert page.third_party_requests() == []
