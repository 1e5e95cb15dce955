"""Report → moderation → warning → number check, in a real Chromium at 360 px."""

import pytest
from django.test import Client

from conftest import TEST_PASSWORD
from koers.regions.models import Region
from koers.safety.models import MemberProfile, MemberStatus, SafetyWarning
from koers.safety.services import new_reference
from tests.browser.conftest import login_in_browser


def verified_member(user) -> MemberProfile:
    profile = MemberProfile.objects.create(
        user=user,
        work_name="Sunny",
        email="sunny@example.org",
        reference=new_reference(),
        status=MemberStatus.VERIFIED,
        notify_by="mail",
    )
    profile.regions.set(Region.objects.filter(slug="amsterdam"))
    return profile


@pytest.mark.django_db(transaction=True)
def test_report_moderate_warn_and_check_a_number(browser_page, live_server, axe, users):
    page = browser_page
    base = live_server.url + "/en/safety"
    amsterdam = Region.objects.get(slug="amsterdam")

    # 1. Someone reports anonymously; a missing form of violence is asked for, input kept.
    page.goto(base + "/report/anonymous/")
    assert page.title() == "Koers"
    assert axe(page) == []
    page.fill("input[name=occurred_on]", "2026-10-03")
    page.select_option("select[name=region]", str(amsterdam.pk))
    page.check("input[name=place_type][value=window]")
    page.check("input[name=perpetrator_type][value=client]")
    page.fill("textarea[name=perpetrator_numbers]", "06 12345678")
    page.click("main button[type=submit]")
    assert page.locator(".errorlist").first.is_visible()
    assert "Tick at least one form of violence" in page.content()
    assert page.input_value("textarea[name=perpetrator_numbers]") == "06 12345678"
    page.check("input[name=violence][value=financial]")
    page.check("input[name=acts][value=non_payment]")
    page.click("main button[type=submit]")
    assert "Thank you for your report" in page.content()

    # 2. The moderator publishes a warning.
    login_in_browser(page, live_server, users["moderator"], TEST_PASSWORD)
    page.goto(base + "/moderation/")
    page.click(page.locator(".safety-queue a").first)
    assert axe(page) == []
    page.check("input[name=decision][value=publish]")
    page.fill("textarea[name=warning_text]", "Client who leaves without paying.")
    page.click("main button[type=submit]")
    assert SafetyWarning.objects.filter(is_published=True).count() == 1

    # 3. A member of the region sees the warning and checks the number.
    page.context.clear_cookies()
    member = users["member"]
    verified_member(member)
    page.goto(live_server.url + "/en/account/login/")
    page.fill("input[name=username]", member.username)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main button[type=submit]")
    page.goto(base + "/warnings/")
    assert "Client who leaves without paying." in page.content()
    assert axe(page) == []
    page.goto(base + "/check/")
    page.fill("input[name=number]", "+31 6 1234 5678")
    page.click("main button[type=submit]")
    text = page.locator(".safety-answers").inner_text()
    assert "1 published warning mentions this number." in text
    assert "financial-economic" in text
    assert axe(page) == []
    page.fill("input[name=number]", "06 23456789")
    page.click("main button[type=submit]")
    assert "No warning does not mean safe" in page.locator(".safety-answers").inner_text()
    assert page.third_party_requests() == []
    assert Client().get("/en/safety/").status_code == 200
