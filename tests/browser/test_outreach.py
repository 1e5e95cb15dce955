"""An outreach worker logs a window-area session on a 360 px phone: counted steps, a refused
absurd count that keeps what was typed, and the next session starting from the last place."""

import time

import pytest

from conftest import TEST_PASSWORD
from koers.outreach.models import FieldworkSession
from koers.regions.models import Municipality
from tests.browser.conftest import login_in_browser

MAX_STEPS = 10


@pytest.mark.django_db(transaction=True)
def test_a_window_area_session_is_logged_on_a_phone(browser_page, live_server, axe, users):
    page = browser_page
    login_in_browser(page, live_server, users["professional_a"], TEST_PASSWORD)
    amsterdam = Municipality.objects.get(name="Amsterdam")
    page.goto(live_server.url + "/en/outreach/new/")
    assert axe(page) == []
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 360, f"the form is {width} px wide on a 360 px phone"

    started = time.monotonic()
    steps = [
        lambda: page.select_option("select[name=venue]", "window"),
        lambda: page.select_option("select[name=municipality]", str(amsterdam.pk)),
        lambda: page.fill("input[name=people_reached]", "10000"),
        lambda: page.fill("input[name=conversations]", "9"),
        lambda: page.fill("input[name=women]", "12"),
        lambda: page.fill("input[name=migrant]", "8"),
        lambda: page.check("input[name=topics][value=safety]"),
        lambda: page.click("main button[type=submit]"),
    ]
    for step in steps:
        step()
    # The typo (10000) is refused with a message; everything else is still there.
    assert "more than we can take as right" in page.content()
    assert page.input_value("input[name=women]") == "12"
    assert page.input_value("select[name=municipality]") == str(amsterdam.pk)
    assert page.is_checked("input[name=topics][value=safety]")
    assert not FieldworkSession.objects.exists()
    fix = [
        lambda: page.fill("input[name=people_reached]", "14"),
        lambda: page.click("main button[type=submit]"),
    ]
    for step in fix:
        step()
    elapsed = time.monotonic() - started
    assert "Session saved" in page.content()
    assert len(steps) <= MAX_STEPS
    assert elapsed < 60
    saved = FieldworkSession.objects.get()
    assert (saved.venue, saved.municipality, saved.people_reached) == ("window", amsterdam, 14)
    page.screenshot(path="/tmp/shots-outreach/outreach-saved.png", full_page=True)

    # The next session at the same place: only the counts to type.
    page.goto(live_server.url + "/en/outreach/new/")
    assert page.input_value("select[name=venue]") == "window"
    page.fill("input[name=people_reached]", "6")
    page.fill("input[name=conversations]", "2")
    page.click("main button[type=submit]")
    assert FieldworkSession.objects.count() == 2
    assert page.third_party_requests() == []
