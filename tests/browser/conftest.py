"""Browser fixtures: Debian's Chromium driven by Playwright, against Django's live server.

Playwright's own browser download is not used (and cannot be fetched here); we launch
the system Chromium through ``executable_path``. Every page records the hosts it
requested so tests can assert that nothing left for a third party, and ``axe`` runs
axe-core (bundled with axe-playwright-python, loaded from disk) on the current page.
"""

import os
import shutil
from urllib.parse import urlparse

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by tests
# between browser steps are safe because the live server runs in its own thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("KOERS_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SMALL_PHONE = {"width": 360, "height": 740}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            keep_migration_data(item)


def keep_migration_data(item) -> None:
    """Browser tests need ``transaction=True`` (the live server runs in another thread),
    and a transactional test empties every table when it ends — including the regions and
    municipalities that migrations put there. Serialized rollback restores that data at the
    start of each transactional browser test, so the order of tests does not matter."""
    marker = item.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    if marker.kwargs.get("serialized_rollback") is not None:
        return
    item.add_marker(
        pytest.mark.django_db(*marker.args, **{**marker.kwargs, "serialized_rollback": True}),
        append=False,
    )


@pytest.fixture(scope="session", autouse=True)
def compiled_translations(compiled_translations):
    """Pages in Dutch, Spanish and Romanian need the compiled catalogues (``.mo``): the root
    conftest's fixture, made automatic for the browser tests."""
    return compiled_translations


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            "Chromium is needed for the browser tests: sudo apt-get install chromium "
            "(or set KOERS_CHROMIUM to its path)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


class RecordingPage:
    """A Playwright page plus the list of every URL it requested."""

    def __init__(self, page, requested: list[str], base_url: str) -> None:
        self.page = page
        self.requested = requested
        self.base_url = base_url

    def __getattr__(self, name):
        return getattr(self.page, name)

    def click(self, target, **kwargs) -> None:
        """Click a link or submit button and wait until the next page has loaded.

        Playwright's own ``click`` returns as soon as the click is dispatched, so a check
        right after it can read the *old* page (a race that showed up on CI). Every click
        in these tests navigates, so each one waits for that navigation. ``target`` is a
        selector or a Locator.
        """
        with self.page.expect_navigation():
            if isinstance(target, str):
                self.page.click(target, **kwargs)
            else:
                target.click(**kwargs)

    def third_party_requests(self) -> list[str]:
        own = urlparse(self.base_url).netloc
        return [
            url
            for url in self.requested
            if urlparse(url).scheme in ("http", "https", "ws", "wss")
            and urlparse(url).netloc != own
        ]


@pytest.fixture
def browser_page(browser, live_server):
    """A fresh 360 px wide page (a cheap phone) that records every request it makes."""
    context = browser.new_context(viewport=SMALL_PHONE, locale="nl-NL")
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    yield RecordingPage(page, requested, live_server.url)
    context.close()


@pytest.fixture
def axe():
    """``axe(page)`` → list of serious or critical axe-core violations on the current page."""
    from axe_playwright_python.sync_playwright import Axe

    checker = Axe()

    def run(page) -> list[dict]:
        target = page.page if isinstance(page, RecordingPage) else page
        results = checker.run(target)
        violations = results.response.get("violations", [])
        return [v for v in violations if v.get("impact") in ("serious", "critical")]

    return run


def login_in_browser(page, live_server, user, password: str) -> None:
    """Log ``user`` in through the real forms, including the second factor (TOTP)."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.goto(f"{live_server.url}/account/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="browser test", confirmed=True)
        page.goto(f"{live_server.url}/account/login/code/")
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
    )
    page.fill("input[name=token]", f"{code:0{device.digits}d}")
    page.click("main button[type=submit]")
