"""An activity on a 360 px phone: found in the listing, registered for, a full activity
says so and keeps what was typed, and the registration is cancelled with its code."""

import pytest

from koers.activities.models import Registration
from koers.activities.tests.factories import activity


@pytest.mark.django_db(transaction=True)
def test_find_register_and_cancel_an_activity(browser_page, live_server, axe, users):
    page = browser_page
    one = activity(users["coordinator"].organisation, title_en="CV workshop", capacity=1)
    page.goto(live_server.url + "/en/activities/")
    assert axe(page) == []
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    page.click("main .caseload__name a")
    assert axe(page) == []
    page.fill("input[name=work_name]", "Mira")
    page.check("input[name=channel][value=sms]")
    page.fill("input[name=address]", "06 1234 5678")
    page.click("main button[type=submit]")
    assert "You are registered" in page.content()
    page.screenshot(path="/tmp/shots-outreach/activity-registered.png", full_page=True)
    code = page.locator("strong").last.inner_text()

    # Someone else: the activity is full; what they typed stays.
    page.goto(f"{live_server.url}/en/activities/{one.pk}/")
    page.fill("input[name=work_name]", "Lola")
    page.check("input[name=channel][value=mail]")
    page.fill("input[name=address]", "lola@example.org")
    page.click("main button[type=submit]")
    assert "This activity is full." in page.content()
    assert page.input_value("input[name=work_name]") == "Lola"
    page.screenshot(path="/tmp/shots-outreach/activity-full.png", full_page=True)

    page.goto(live_server.url + "/en/activities/cancel/")
    page.fill("input[name=code]", code)
    page.click("main button[type=submit]")
    assert "is cancelled and deleted" in page.content()
    assert Registration.objects.count() == 0
    assert page.third_party_requests() == []
