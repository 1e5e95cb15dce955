"""The front door in a real browser, in all four languages on a 360 px screen: the
self-check, the reasons, a contact request, its status by code, and a professional who
sees and assigns it. axe-core finds nothing serious; nothing is requested from a third
party."""

import pytest

from conftest import TEST_PASSWORD, make_user
from koers.accounts.models import Role
from koers.contact.models import ContactRequest
from koers.organisations.models import Organisation, OrganisationKind
from koers.regions.models import Municipality, Region
from koers.selfcheck.tests.factories import make_service
from tests.browser.conftest import SMALL_PHONE, RecordingPage, login_in_browser

PREFIX = {"nl": "", "en": "/en", "es": "/es", "ro": "/ro"}


def world():
    region, _ = Region.objects.get_or_create(slug="amsterdam", defaults={"name": "Amsterdam"})
    Municipality.objects.get_or_create(
        name="Amsterdam", defaults={"region": region, "is_lead": True}
    )
    organisation = Organisation.objects.create(
        name="Steunpunt Test", kind=OrganisationKind.SPECIALISED
    )
    organisation.regions.add(region)
    Organisation.objects.create(
        name="Vertrouwenspunt Test", kind=OrganisationKind.CONFIDENTIAL_ADVISER, is_national=True
    )
    make_service(organisation, "Thuis Amsterdam", regions=[region], languages=["es", "ro", "en"])
    return make_user("pro-browser", role=Role.PROFESSIONAL, organisation=organisation)


def assert_accessible(page, axe):
    violations = axe(page)
    assert violations == [], (
        page.url,
        [(v["id"], v["help"], [n["html"] for n in v["nodes"]][:3]) for v in violations],
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["nl", "en", "es", "ro"])
def test_selfcheck_to_contact_request_to_inbox(browser_page, live_server, axe, language):
    professional = world()
    page = browser_page
    base = live_server.url + PREFIX[language]

    page.goto(f"{base}/check/")
    assert page.title() == "Koers"
    assert_accessible(page, axe)
    page.check("input[name=situation][value=considering]")
    page.check("input[name=direction][value=within]")
    page.click("button[name=next]")
    assert_accessible(page, axe)  # screen 2
    page.check("input[name=needs][value=housing]")
    page.check("input[name=unsafe][value=no]")
    page.click("button[name=next]")
    assert_accessible(page, axe)  # screen 3
    page.fill("input[name=town]", "Amsterdam")
    page.select_option("select[name=language]", "es")
    page.click("button[name=next]")

    assert page.locator(".selfcheck-match").count() >= 1
    assert page.locator(".selfcheck-reasons li").count() >= 3
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page, axe)

    page.click(page.locator(".selfcheck-match .selfcheck-contact button").first)
    page.fill("input[name=work_name]", "Lola")
    page.check("input[name=channel][value=whatsapp]")
    page.fill("input[name=phone]", "12")
    page.click("main form button[type=submit]")
    assert page.locator("#id_phone_error").is_visible()
    assert page.input_value("input[name=work_name]") == "Lola"
    page.fill("input[name=phone]", "06 1234 5678")
    page.check("input[name=share_answers]")
    assert_accessible(page, axe)
    page.click("main form button[type=submit]")

    code = page.locator("[data-reference-code]").inner_text().strip()
    assert len(code) == 11
    assert_accessible(page, axe)

    page.goto(f"{base}/contact/status/")
    page.fill("input[name=code]", code)
    page.click("main form button[type=submit]")
    assert page.locator("[data-status=new]").is_visible()
    assert_accessible(page, axe)

    login_in_browser(page, live_server, professional, TEST_PASSWORD)
    page.goto(f"{base}/contact/inbox/")
    page.click(page.locator(".caseload__name a").first)
    assert page.locator("[data-work-name]").inner_text() == "Lola"
    assert page.locator(".contact-profile").is_visible()
    assert_accessible(page, axe)
    page.select_option("select[name=contact_person]", str(professional.pk))
    page.click(page.locator("input[name=action][value=assign] ~ button"))
    assert page.locator("[data-contact-person]").inner_text() == professional.username
    assert page.locator(".messages .message--success").is_visible()
    assert_accessible(page, axe)  # the request page with its flash message
    page.goto(f"{base}/contact/inbox/")
    assert professional.username in page.locator(".caseload__facts").first.inner_text()
    assert_accessible(page, axe)  # the inbox after assigning

    assert page.third_party_requests() == []


@pytest.mark.django_db(transaction=True)
def test_selfcheck_and_contact_request_work_without_javascript(browser, live_server):
    world()
    context = browser.new_context(viewport=SMALL_PHONE, locale="en-GB", java_script_enabled=False)
    requested: list[str] = []
    try:
        raw = context.new_page()
        raw.on("request", lambda request: requested.append(request.url))
        page = RecordingPage(raw, requested, live_server.url)
        page.goto(f"{live_server.url}/en/check/")
        page.check("input[name=situation][value=changing]")
        page.check("input[name=direction][value=outside]")
        page.click("button[name=next]")
        page.check("input[name=needs][value=housing]")
        page.check("input[name=unsafe][value=no]")
        page.click("button[name=next]")
        page.fill("input[name=town]", "Amsterdam")
        page.select_option("select[name=language]", "es")
        page.click("button[name=next]")

        match = page.locator(".selfcheck-match").first
        assert "Thuis Amsterdam" in match.inner_text()
        reasons = match.locator(".selfcheck-reasons").inner_text()
        assert "Because you ticked “housing”" in reasons and "Speaks Spanish" in reasons
        assert page.evaluate("document.documentElement.scrollWidth") <= SMALL_PHONE["width"]

        page.click(match.locator(".selfcheck-contact button"))
        page.fill("input[name=work_name]", "Lola")
        page.check("input[name=channel][value=sms]")
        page.fill("input[name=phone]", "06 1234 5678")
        page.check("input[name=share_answers]")
        page.click("main form button[type=submit]")

        code = page.locator("[data-reference-code]").inner_text().strip()
        assert len(code) == 11
        item = ContactRequest.objects.get()
        assert item.service.name_nl == "Thuis Amsterdam" and item.channel == "sms"
        assert item.answers_dict()["needs"] == ["housing"]
        assert page.third_party_requests() == []
    finally:
        context.close()
