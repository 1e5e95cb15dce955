"""Smoke test of the browser fixture itself: the home page loads in real Chromium."""

import pytest


@pytest.mark.django_db(transaction=True)
def test_home_page_loads_in_chromium(browser_page, live_server):
    browser_page.goto(live_server.url + "/")
    assert browser_page.title() == "Koers"
    assert browser_page.third_party_requests() == []
