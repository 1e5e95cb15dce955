"""An outreach worker logs a window-area session on a 360 px phone: counted steps, a refused
absurd count that keeps what was typed, and the next session starting from the last place."""

import time

import pytest

from conftest import TEST_PASSWORD
from koers.contact.models import ContactRequest
from koers.directory.tests.factories import make_service
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


@pytest.mark.django_db(transaction=True)
def test_a_contact_card_leads_to_a_request_in_the_right_inbox(
    browser_page, live_server, axe, users
):
    page = browser_page
    service = make_service(
        users["professional_a"].organisation, region_slugs=("amsterdam",), name="Inloop"
    )
    login_in_browser(page, live_server, users["professional_a"], TEST_PASSWORD)
    page.goto(live_server.url + "/en/outreach/cards/")
    page.click("main button[type=submit]")
    assert page.locator("svg").count() >= 1
    assert axe(page) == []
    page.screenshot(path="/tmp/shots-outreach/contact-card.png", full_page=True)
    code = page.locator(".outreach-card__code").inner_text()
    page.click("button.button-link")  # log out: the person who got the card has no account

    page.goto(live_server.url + "/outreach/card/")
    page.fill("input[name=code]", code.lower())
    page.click("main button[type=submit]")
    assert "Inloop" in page.content()
    assert axe(page) == []
    page.fill("input[name=work_name]", "Mira")
    page.check("input[name=channel][value=sms]")
    page.fill("input[name=phone]", "06 1234 5678")
    page.click("main button[type=submit]")
    request = ContactRequest.objects.get()
    assert request.organisation == service.organisation and request.via_outreach
    assert page.third_party_requests() == []
