# ruff: noqa: E501
"""The public side on a 360 px phone, as a sex worker uses it (issue 14's "done when"):
typing "cv" finds CV help in Dutch and Romanian; a Romanian browser lands in Romanian;
Back works through the self-check; every public page passes axe at 360 and 1280 px, also
with form errors shown."""

import pytest

from koers.directory.tests.factories import make_service
from koers.organisations.models import Organisation, OrganisationKind
from koers.regions.models import Municipality, Region

from .conftest import CHROMIUM_ARGS, SMALL_PHONE, RecordingPage  # noqa: F401

CV_NL = (
    "Hulp bij je cv en sollicitatiebrief",
    "Een jobcoach schrijft samen met jou je cv en brief.",
)
CV_RO = (
    "Ajutor cu CV-ul și scrisoarea de intenție",
    "Un coach de carieră scrie împreună cu tine CV-ul.",
)


@pytest.fixture
def cv_help():
    region, _ = Region.objects.get_or_create(slug="utrecht", defaults={"name": "Utrecht"})
    Municipality.objects.get_or_create(name="Utrecht", defaults={"region": region, "is_lead": True})
    org = Organisation.objects.create(name="Steunpunt Utrecht", kind=OrganisationKind.SPECIALISED)
    make_service(
        org,
        region_slugs=["utrecht"],
        domains=["work_income"],
        name=CV_NL[0],
        description=CV_NL[1],
        translations={"ro": CV_RO},
        no_need_to_stop=True,
    )
    make_service(
        org,
        region_slugs=["utrecht"],
        domains=["housing"],
        name="Woonhulp",
        description="Een kamer zoeken.",
    )
    adviser = Organisation.objects.create(
        name="Vertrouwenspunt", kind=OrganisationKind.CONFIDENTIAL_ADVISER, is_national=True
    )
    make_service(
        adviser,
        national=True,
        domains=["safety"],
        name="Vertrouwenspersoon",
        description="Bel anoniem.",
    )


def shot(page, name):
    import os

    os.makedirs("/tmp/shots-public", exist_ok=True)
    page.screenshot(path=f"/tmp/shots-public/{name}.png", full_page=True)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("prefix,language", [("/", "nl"), ("/ro/", "ro")])
def test_typing_cv_finds_cv_help(browser_page, live_server, axe, cv_help, prefix, language):
    page = browser_page
    page.goto(f"{live_server.url}{prefix}support/")
    page.fill("#id_q", "cv")
    page.click("form[role=search] button[type=submit]")
    name = CV_NL[0] if language == "nl" else CV_RO[0]
    assert page.get_by_role("heading", name=name).is_visible()
    assert page.get_by_text("Woonhulp").count() == 0
    assert page.input_value("#id_q") == "cv"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    shot(page, f"cv-{language}")
    assert axe(page) == []
    assert page.third_party_requests() == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_romanian_phone_lands_in_romanian(browser, live_server):
    context = browser.new_context(viewport=SMALL_PHONE, locale="ro-RO")
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    assert page.url == f"{live_server.url}/ro/"
    assert page.get_attribute("html", "lang") == "ro"
    # Choosing Dutch is remembered: the next visit to / stays Dutch.
    page.click("nav.language-switcher a[lang=nl]")
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/")
    assert page.get_attribute("html", "lang") == "nl"
    shot(page, "romanian-chose-dutch")
    context.close()


def walk_the_self_check(page, live_server, prefix):
    page.goto(f"{live_server.url}{prefix}check/")
    page.check("input[name=situation][value=considering]")
    page.check("input[name=direction][value=outside]")
    page.click("button[name=next]")
    assert page.locator("input[name=needs]").count() > 0
    page.check("input[name=needs][value=work_income]")
    page.click("button[name=next]")
    page.fill("#id_town", "Utrecht")
    page.click("button[name=next]")
    assert page.get_by_role("heading", name=CV_NL[0] if prefix == "/" else CV_RO[0]).is_visible()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("prefix", ["/", "/ro/"])
def test_back_through_the_self_check_step_by_step(browser, live_server, cv_help, prefix):
    """Every step is a GET page, so the browser's Back goes through the steps with the
    answers kept and never shows "Confirm form resubmission". (Without JavaScript: with
    it, the quick exit's history rewrite — issue 12 — turns every step's entry into the
    check's start, see the next test.)"""
    context = browser.new_context(viewport=SMALL_PHONE, locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    walk_the_self_check(page, live_server, prefix)
    shot(page, f"selfcheck-result-{prefix.strip('/') or 'nl'}")
    # Back: the third screen again; the town field does not keep typed text on purpose
    # (autocomplete off: the phone does not remember towns).
    page.go_back()
    assert page.locator("#id_town").is_visible()
    page.go_back()
    assert page.locator("input[name=needs][value=work_income]").is_checked()
    page.go_back()
    assert page.locator("input[name=situation][value=considering]").is_checked()
    page.go_forward()
    page.go_forward()
    page.go_forward()
    assert page.get_by_role("heading", name=CV_NL[0] if prefix == "/" else CV_RO[0]).is_visible()
    # Switching language keeps the result.
    page.click("nav.language-switcher a[lang=en]")
    assert "/en/check/result/" in page.url
    assert page.get_by_role("heading", name="What could help you").is_visible()
    context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_back_with_javascript_lands_on_the_check_not_on_a_resubmission(
    browser_page, live_server, cv_help
):
    page = browser_page
    walk_the_self_check(page, live_server, "/ro/")
    page.go_back()
    assert page.locator("input[name=situation]").count() > 0  # the check itself, no error
    assert "/ro/check/" in page.url
    page.go_forward()
    # Switching language on the result keeps it (the links carry its token).
    walk_the_self_check(page, live_server, "/ro/")
    page.click("nav.language-switcher a[lang=en]")
    # (the address bar then shows the check's start: the quick exit rewrites it)
    assert page.get_by_role("heading", name="What could help you").is_visible()


PUBLIC_PAGES = [
    ("home", "/", None),
    ("search", "/support/", None),
    ("search-results", "/support/?q=cv&town=Utrecht", None),
    ("search-town-error", "/support/?town=Utrech", None),
    ("search-nothing", "/support/?q=fietsenmaker&town=Utrecht", None),
    ("check", "/check/", None),
    ("check-error", "/check/", "button[name=next]"),
    ("information", "/check/information/", None),
    ("help-now", "/support/help-now/", None),
    ("region-kept", "/support/keep/utrecht/", None),
    ("contact", "/contact/", None),
    ("contact-status", "/contact/status/", None),
    ("contact-status-error", "/contact/status/", "main form button[type=submit]"),
    ("safety", "/safety/", None),
    ("report", "/safety/report/", None),
    ("report-error", "/safety/report/", "main form button[type=submit]"),
    ("login", "/account/login/", None),
    ("login-error", "/account/login/", "main form button[type=submit]"),
    ("questionnaire", "/questionnaire/", None),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("width", [360, 1280])
def test_every_public_page_passes_axe(browser, live_server, axe, cv_help, width):
    context = browser.new_context(viewport={"width": width, "height": 800}, locale="nl-NL")
    page = context.new_page()
    failures = {}
    for name, path, submit in PUBLIC_PAGES:
        page.goto(f"{live_server.url}{path}")
        if submit:
            with page.expect_navigation():
                page.click(submit)
        found = axe(page)
        if found:
            failures[name] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found]
        if width == 360:
            shot(page, f"axe-{name}")
    context.close()
    assert failures == {}


def settle(page):
    """After a navigation that failed on purpose, let Chromium finish showing its error page
    (a next navigation started too early is "interrupted by chrome-error://")."""
    page.wait_for_timeout(300)
    page.wait_for_load_state()


def wait_for_worker(page):
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null || true")
    page.wait_for_function(
        "() => caches.keys().then(k => k.some(n => n.startsWith('koers-core-')))"
    )
    # The install has finished once every allow-listed page is in the cache.
    page.wait_for_function(
        "() => caches.keys().then(names => caches.open(names.find(n => n.startsWith('koers-core-'))))"
        ".then(c => c.match('/support/help-now/')).then(r => !!r)"
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_offline_the_information_and_the_adviser_load(browser, live_server, cv_help):
    context = browser.new_context(viewport=SMALL_PHONE, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    wait_for_worker(page)
    page.reload()  # now controlled by the worker
    context.set_offline(True)
    page.goto(f"{live_server.url}/check/information/")
    assert page.get_by_role("heading", level=1).is_visible()
    shot(page, "offline-information")
    page.goto(f"{live_server.url}/ro/support/help-now/")
    assert page.get_by_text("Vertrouwenspersoon").first.is_visible()
    assert page.locator('a[href="tel:112"]').first.is_visible()
    shot(page, "offline-help-now-ro")
    # Nothing else was kept: a search (what someone looked for) does not load offline.
    with pytest.raises(Exception):  # noqa: B017 - Playwright raises its own net::ERR_*
        page.goto(f"{live_server.url}/support/?q=cv")
    settle(page)
    # The quick exit still leaves Koers offline.
    page.goto(f"{live_server.url}/check/information/")
    page.click("[data-quick-exit]")
    page.wait_for_timeout(500)
    assert not page.url.startswith(live_server.url)
    context.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_region_is_kept_only_on_request_and_removed_in_one_tap(browser, live_server, cv_help):
    context = browser.new_context(viewport=SMALL_PHONE, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    wait_for_worker(page)
    page.goto(f"{live_server.url}/support/?town=Utrecht")
    keep = page.locator("[data-keep]")
    keep.wait_for(state="visible")
    keep_path = page.get_attribute("[data-keep-path]", "data-keep-path")
    kept = f"{live_server.url}{keep_path}"
    context.set_offline(True)
    with pytest.raises(Exception):  # noqa: B017 - not kept yet
        page.goto(kept)
    settle(page)
    context.set_offline(False)
    page.goto(f"{live_server.url}/support/?town=Utrecht")
    page.locator("[data-keep]").click()
    page.locator("[data-remove]").wait_for(state="visible")
    assert page.locator("[data-keep]").is_hidden(), "one button at a time"
    shot(page, "keep-on-phone")
    context.set_offline(True)
    page.goto(kept)
    assert page.get_by_text(CV_NL[0]).first.is_visible()
    context.set_offline(False)
    page.goto(f"{live_server.url}/support/?town=Utrecht")
    page.locator("[data-remove]").click()
    page.locator("[data-keep]").wait_for(state="visible")
    assert page.locator("[data-remove]").is_hidden()
    context.set_offline(True)
    with pytest.raises(Exception):  # noqa: B017 - removed again
        page.goto(kept)
    context.close()
