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
    # (The address bar shows the questionnaire's start on every page of the flow: the
    # quick exit's history rewriting, issue 12; so the heading tells where we are.)
    for _ in range(12):
        if page.locator("h1").inner_text() == "Thank you for taking part":
            break
        page.click("button[name=next]")
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


@pytest.mark.django_db(transaction=True)
def test_regional_dashboard_for_an_analyst(browser_page, live_server, axe, region_amsterdam):
    """The dashboard in a real browser: accessible (axe), every chart an SVG image with a
    title beside its data table, hidden cells marked, nothing from third parties."""
    from django.utils import timezone

    from conftest import TEST_PASSWORD, make_user
    from koers.accounts.models import Role
    from koers.organisations.models import Organisation, OrganisationKind
    from koers.trajectories import services
    from tests.browser.conftest import login_in_browser

    org = Organisation.objects.create(name="Org A", kind=OrganisationKind.SPECIALISED)
    worker = make_user("worker-a", role=Role.PROFESSIONAL, organisation=org)
    city = Organisation.objects.create(name="Gemeente", kind=OrganisationKind.MUNICIPALITY)
    analyst = make_user("analyst-a", role=Role.ANALYST, organisation=city)
    amsterdam = region_amsterdam  # seeded again if an earlier transactional test emptied it
    for index in range(7):
        case = services.open_trajectory(
            work_name=f"A{index}",
            channel="phone",
            language="en",
            organisation=org,
            contact_person=worker,
            region=amsterdam,
            sex_work_status="doing" if index else "not_doing",
        )
        services.record_outcome(case, by=worker, situation="study")
    page = browser_page
    login_in_browser(page, live_server, analyst, TEST_PASSWORD)
    page.goto(f"{live_server.url}/en/monitoring/?region=amsterdam&year={timezone.localdate().year}")
    assert page.locator("h1").inner_text() == "Regional monitoring"
    violations = axe(page)
    assert violations == [], [(v["id"], [n["html"] for n in v["nodes"]]) for v in violations]
    charts = page.locator("svg.chart[role=img]")
    # One chart per table with data (new trajectories by group and per quarter, by phase at
    # the start, outcomes, time to first outcome) and one per region comparison.
    assert charts.count() >= 7
    assert page.locator("svg.chart title").count() == charts.count()
    assert page.locator("td.suppressed").count() >= 1
    assert page.get_by_text("Median days from opening a trajectory to its first outcome").count()
    page.goto(f"{live_server.url}/en/monitoring/national/")
    violations = axe(page)
    assert violations == [], [(v["id"], [n["html"] for n in v["nodes"]]) for v in violations]
    assert page.third_party_requests() == []
