"""People manage their own account in a real Chromium at 360 px: change the password,
recover it with the code from the file outbox, log out everywhere, delete a member account.
Each page passes axe-core and requests nothing from third parties."""

import os
import re
from pathlib import Path

import pytest

from conftest import TEST_PASSWORD
from koers.accounts.models import AccountSession, User
from koers.regions.models import Region
from koers.safety import services as safety_services
from koers.safety.models import MemberProfile
from tests.browser.conftest import RecordingPage, login_in_browser

NEW_PASSWORD = "a-long-and-unusual-passphrase-7"  # noqa: S105
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/125.0.0.0 Mobile Safari/537.36"
)


def shot(page, name: str) -> None:
    """A screenshot for a person reviewing the flow, when KOERS_SHOTS_DIR is set."""
    directory = os.environ.get("KOERS_SHOTS_DIR")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{directory}/{name}.png", full_page=True)


@pytest.fixture
def outbox(settings, tmp_path):
    """Mail and SMS go to files, as on a machine without a gateway (var/outbox)."""
    settings.NOTIFICATION_OUTBOX_DIR = tmp_path
    settings.NOTIFICATION_BACKENDS = {
        "mail": "koers.notifications.backends.FileBackend",
        "sms": "koers.notifications.backends.FileBackend",
    }
    settings.ACCOUNT_RESET_ANSWER_MS = 0
    return tmp_path


@pytest.fixture
def member(db) -> MemberProfile:
    profile = safety_services.register_member(
        username="sunny-77",
        password=TEST_PASSWORD,
        work_name="Sunny",
        email="sunny@example.org",
        phone_number="+31612345678",
        regions=Region.objects.filter(slug="amsterdam"),
        notify_by="sms",
    )
    safety_services._verify(profile, None)
    return profile


def log_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/account/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    submit(page)


def submit(page) -> None:
    """Submit the main form and wait for the next page (a RecordingPage waits itself)."""
    if isinstance(page, RecordingPage):
        page.click("main button[type=submit]")
        return
    with page.expect_navigation():
        page.click("main button[type=submit]")


def outbox_texts(outbox: Path) -> list[str]:
    return [path.read_text() for path in sorted(outbox.rglob("*.txt"))]


@pytest.mark.django_db(transaction=True)
def test_member_changes_password_in_spanish(browser_page, live_server, axe, member, outbox):
    page = browser_page
    base = live_server.url + "/es"
    log_in(page, base, "sunny-77", TEST_PASSWORD)
    page.goto(base + "/account/password/")
    assert axe(page) == []
    # A wrong current password: a Spanish message, the new one not echoed.
    page.fill("input[name=old_password]", "not-my-password-1")
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("main button[type=submit]")
    assert "contraseña antigua" in page.content()
    assert page.input_value("input[name=new_password1]") == ""
    page.fill("input[name=old_password]", TEST_PASSWORD)
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("main button[type=submit]")
    assert "Tu contraseña ha cambiado" in page.content()
    shot(page, "password-changed-es")
    [sms] = outbox_texts(outbox)
    assert "+31612345678" in sms and NEW_PASSWORD not in sms
    assert User.objects.get(username="sunny-77").check_password(NEW_PASSWORD)
    assert page.third_party_requests() == []


@pytest.mark.django_db(transaction=True)
def test_member_recovers_with_the_code_from_the_outbox(
    browser_page, live_server, axe, member, outbox
):
    page = browser_page
    base = live_server.url
    page.goto(base + "/account/login/")
    page.click("text=Wachtwoord vergeten?")
    assert axe(page) == []
    page.fill("input[name=address]", "mijn naam")
    page.click("main button[type=submit]")
    assert "Vul een e-mailadres" in page.content()
    assert page.input_value("input[name=address]") == "mijn naam"
    page.fill("input[name=address]", "06 12 34 56 78")
    page.click("main button[type=submit]")
    assert "Als er een account met dit adres is" in page.content()
    assert axe(page) == []
    shot(page, "recovery-code-nl")
    [sms] = outbox_texts(outbox)
    code = re.search(r"\b(\d{8})\b", sms).group(1)
    page.fill("input[name=code]", "00000000" if code != "00000000" else "11111111")
    page.click("main button[type=submit]")
    assert "niet juist" in page.content() or "verlopen" in page.content()
    page.fill("input[name=code]", code)
    page.click("main button[type=submit]")
    assert axe(page) == []
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    page.click("main button[type=submit]")
    assert "Log ermee in" in page.content()
    log_in(page, base, "sunny-77", NEW_PASSWORD)
    assert "/safety/member/" in page.url or page.url.rstrip("/").endswith(base.rstrip("/"))
    assert page.third_party_requests() == []


@pytest.mark.django_db(transaction=True)
def test_log_out_everywhere_ends_the_phone_session(browser, browser_page, live_server, axe, member):
    base = live_server.url + "/en"
    phone_context = browser.new_context(user_agent=PHONE_UA, viewport={"width": 360, "height": 740})
    phone = phone_context.new_page()
    log_in(phone, base, "sunny-77", TEST_PASSWORD)
    laptop = browser_page
    log_in(laptop, base, "sunny-77", TEST_PASSWORD)
    laptop.goto(base + "/account/sessions/")
    assert axe(laptop) == []
    text = laptop.locator("main").inner_text()
    assert "Chrome Mobile / Android" in text and "this browser" in text
    assert "quick-exit control" in text
    shot(laptop, "sessions-en")
    laptop.click("text=Log out everywhere")
    assert "You are logged out everywhere" in laptop.content()
    phone.goto(base + "/account/sessions/")
    assert "/account/login/" in phone.url
    assert not AccountSession.objects.exists()
    phone_context.close()


@pytest.mark.django_db(transaction=True)
def test_member_deletes_the_account_in_romanian(browser_page, live_server, axe, member):
    page = browser_page
    base = live_server.url + "/ro"
    log_in(page, base, "sunny-77", TEST_PASSWORD)
    page.goto(base + "/account/my-data/")
    assert "Sunny" in page.content() and "Amsterdam" in page.content()
    assert axe(page) == []
    shot(page, "my-data-ro")
    page.goto(base + "/account/delete/")
    assert axe(page) == []
    page.fill("input[name=password]", "wrong-password-xx")
    page.click("main button[type=submit]")
    assert "Această parolă nu este corectă." in page.content()
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("main button[type=submit]")
    assert axe(page) == []
    shot(page, "delete-confirm-ro")
    page.click("main button[type=submit]")
    assert "Contul tău a fost șters" in page.content()
    assert not MemberProfile.objects.exists()
    log_in(page, base, "sunny-77", TEST_PASSWORD)
    assert "/account/login/" in page.url
    assert page.third_party_requests() == []


@pytest.mark.django_db(transaction=True)
def test_coordinator_resets_a_colleague_who_sets_up_again(
    browser, browser_page, live_server, axe, users, outbox
):
    base = live_server.url + "/en"
    worker = users["professional_a"]
    worker.email = "jolien@work.example"
    worker.save()
    coordinator = browser_page
    login_in_browser(coordinator, live_server, users["coordinator"], TEST_PASSWORD)
    coordinator.goto(base + "/account/staff/")
    assert axe(coordinator) == []
    row = coordinator.locator("tr", has_text=worker.username)
    row.locator("input[name=reset_second_factor]").check()
    coordinator.click(row.locator("text=Reset password"))
    assert axe(coordinator) == []
    shot(coordinator, "staff-reset-issued-en")
    code = coordinator.locator("main code").inner_text()
    [mail] = outbox_texts(outbox)
    assert "jolien@work.example" in mail and code not in mail

    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(base + "/account/login/")
    with page.expect_navigation():
        page.click("text=Forgot your password?")
    with page.expect_navigation():
        page.click("text=I have a code from my coordinator")
    page.fill("input[name=username]", worker.username)
    page.fill("input[name=code]", code)
    submit(page)
    page.fill("input[name=new_password1]", NEW_PASSWORD)
    page.fill("input[name=new_password2]", NEW_PASSWORD)
    submit(page)
    log_in(page, base, worker.username, NEW_PASSWORD)
    assert "/account/login/set-up/" in page.url, "the second factor is set up again"
    context.close()
