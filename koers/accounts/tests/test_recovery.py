"""Getting back in after a forgotten password.

Members: a one-time code to the mail address or number they registered, 15 minutes, once;
the page never tells whether an account exists. Staff: a one-time code a coordinator (or,
for coordinators, the site administrator) issues and hands over; the worker's work mail
learns only that it happened. Written as the attacker would try it: enumerate accounts,
reuse or outlive a code, guess it, flood a victim's phone.
"""

import http.cookiejar
import re
import statistics
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import timedelta
from http.cookies import SimpleCookie

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import TEST_PASSWORD, login, make_user
from koers.accounts import services
from koers.accounts.models import PasswordResetCode, Role, UserKind
from koers.audit.models import AuditEntry
from koers.notifications import backends

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-and-unusual-passphrase-7"  # noqa: S105
MEMBER_MAIL = "nova@example.org"
MEMBER_PHONE = "+31612345678"


def url(name: str, *args) -> str:
    return reverse(f"accounts:{name}", args=args)


@pytest.fixture
def member(db):
    user = make_user("nova", kind=UserKind.MEMBER)
    services.set_recovery_addresses(user, email=MEMBER_MAIL, phone=MEMBER_PHONE)
    return user


def code_in(text: str) -> str:
    return re.search(r"\b(\d{8})\b", text).group(1)


def ask(client: Client, address: str, **extra):
    return client.post(url("forgot"), {"address": address}, **extra)


def without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


# --- members -----------------------------------------------------------------------------------


def test_member_resets_by_sms_and_logs_in_with_the_new_password(member, memory_sms):
    client = Client()
    response = ask(client, "06 1234 5678")
    assert response["Location"] == url("forgot_code")
    [sms] = memory_sms
    assert sms.address == MEMBER_PHONE and "15" in sms.body
    response = client.post(url("forgot_code"), {"code": code_in(sms.body)})
    assert response["Location"] == url("new_password")
    response = client.post(
        url("new_password"), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response["Location"] == url("login")
    member.refresh_from_db()
    assert member.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(detail="password reset by member code").exists()
    response = Client().post(url("login"), {"username": "nova", "password": NEW_PASSWORD})
    assert response.status_code == 302


def test_member_resets_by_mail(member):
    client = Client()
    ask(client, "Nova@Example.org ")
    [message] = mail.outbox
    assert message.to == [MEMBER_MAIL]
    response = client.post(url("forgot_code"), {"code": code_in(message.body)})
    assert response["Location"] == url("new_password")


def test_the_answer_is_the_same_whether_or_not_the_account_exists(member, memory_sms):
    """Same redirect, same cookies, same next page, and the same time (the answer waits
    for ACCOUNT_RESET_ANSWER_MS), for a registered and an unknown number."""

    def attempt(address: str, visitor: int) -> tuple[float, int, str, set[str], str]:
        client = Client(REMOTE_ADDR=f"192.0.2.{visitor}")
        started = time.perf_counter()
        response = ask(client, address)
        took = time.perf_counter() - started
        page = client.get(response["Location"])
        html = without_tokens(page.content.decode())
        return took, response.status_code, response["Location"], set(response.cookies), html

    timings = {"known": [], "unknown": []}
    for visitor in range(4):
        for label, address in (("known", "0612345678"), ("unknown", "0633333333")):
            took, status, location, cookies, html = attempt(address, visitor)
            timings[label].append(took)
            assert (status, location) == (302, url("forgot_code"))
            assert cookies == {"sessionid"}
            if label == "known":
                known_html = html
            else:
                assert html == known_html
    assert len(memory_sms) == 3, "codes went only to the real member (3 an hour at most)"
    difference = abs(statistics.median(timings["known"]) - statistics.median(timings["unknown"]))
    assert difference < 0.05, timings


def test_codes_to_one_address_are_limited_but_the_answer_does_not_change(member, memory_sms):
    for attempt in range(4):
        response = ask(Client(REMOTE_ADDR=f"10.0.0.{attempt}"), MEMBER_PHONE)
        assert response["Location"] == url("forgot_code")
    assert len(memory_sms) == 3, "no fourth SMS to the victim's phone this hour"


def test_requests_from_one_visitor_address_are_limited_behind_the_proxy(settings, member):
    settings.TRUSTED_PROXY_COUNT = 1
    client = Client()
    for number in range(5):
        response = ask(client, f"06111111{number:02d}", HTTP_X_FORWARDED_FOR="203.0.113.9")
        assert response.status_code == 302
    response = ask(client, "0611111199", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()
    # Another visitor behind the same proxy is not blocked by the first one.
    response = ask(client, "0611111199", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert response.status_code == 302


def test_a_code_works_once(member, memory_sms):
    client = Client()
    ask(client, MEMBER_PHONE)
    code = code_in(memory_sms[0].body)
    client.post(url("forgot_code"), {"code": code})
    attacker = Client()
    ask(attacker, MEMBER_PHONE)  # a fresh session for the same address
    response = attacker.post(url("forgot_code"), {"code": code})
    assert response.status_code == 200
    assert "not correct or has expired" in response.content.decode()


def test_an_expired_code_is_refused(member, memory_sms):
    client = Client()
    ask(client, MEMBER_PHONE)
    PasswordResetCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(url("forgot_code"), {"code": code_in(memory_sms[0].body)})
    assert "not correct or has expired" in response.content.decode()


def test_the_code_lives_fifteen_minutes(member, memory_sms):
    ask(Client(), MEMBER_PHONE)
    code = PasswordResetCode.objects.get()
    assert code.expires_at - code.created_at == timedelta(minutes=15)
    assert code_in(memory_sms[0].body) not in code.code_hash, "only a keyed hash is stored"


def test_guessing_kills_the_code_after_five_tries(member, memory_sms):
    victim = Client()
    ask(victim, MEMBER_PHONE)
    real = code_in(memory_sms[0].body)
    guesser = Client(REMOTE_ADDR="198.51.100.7")
    ask(guesser, MEMBER_PHONE)  # no code is sent: 2 of 3 for this address are left
    for guess in range(5):
        guessed = f"{guess:08d}" if f"{guess:08d}" != real else "99999999"
        response = guesser.post(url("forgot_code"), {"code": guessed})
        assert "not correct or has expired" in response.content.decode()
    # The real code was not guessed, and is dead now even for the member.
    response = victim.post(url("forgot_code"), {"code": real})
    assert "not correct or has expired" in response.content.decode()


def test_a_session_gets_five_tries_then_must_ask_again(member):
    client = Client()
    ask(client, "0622222222")
    for _try in range(5):
        client.post(url("forgot_code"), {"code": "12345678"})
    response = client.post(url("forgot_code"), {"code": "12345678"})
    assert response["Location"] == url("forgot")


def test_code_tries_per_visitor_address_are_limited(member):
    client = Client(REMOTE_ADDR="198.51.100.8")
    for _session in range(3):
        client.cookies = SimpleCookie()
        ask(client, "0622222222")
        for _try in range(4):
            response = client.post(url("forgot_code"), {"code": "12345678"})
    assert response.status_code == 429


def test_second_factor_is_still_asked_after_a_reset(member, memory_sms):
    TOTPDevice.objects.create(user=member, name="app", confirmed=True)
    client = Client()
    ask(client, MEMBER_PHONE)
    client.post(url("forgot_code"), {"code": code_in(memory_sms[0].body)})
    client.post(url("new_password"), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = client.post(url("login"), {"username": "nova", "password": NEW_PASSWORD})
    assert response["Location"] == url("verify")
    assert client.get(reverse("safety:member_home"))["Location"].startswith(url("login"))


def test_a_reset_ends_every_session_of_the_member(member, memory_sms):
    stolen = login(Client(), member)
    client = Client()
    ask(client, MEMBER_PHONE)
    client.post(url("forgot_code"), {"code": code_in(memory_sms[0].body)})
    client.post(url("new_password"), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert stolen.get(url("sessions"))["Location"].startswith(url("login"))


def test_a_weak_new_password_is_refused_and_the_window_stays(member, memory_sms):
    client = Client()
    ask(client, MEMBER_PHONE)
    client.post(url("forgot_code"), {"code": code_in(memory_sms[0].body)})
    response = client.post(url("new_password"), {"new_password1": "nova", "new_password2": "nova"})
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    response = client.post(
        url("new_password"), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response["Location"] == url("login")


def test_not_an_address_gets_a_translated_message_and_keeps_the_input(member):
    response = Client().post("/es/account/forgot/", {"address": "mi nombre"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="mi nombre"' in html
    assert "Enter an e-mail address" not in html, "the message is in Spanish"


def test_new_password_page_without_a_code_sends_back(member):
    response = Client().get(url("new_password"))
    assert response["Location"] == url("forgot")


def test_staff_cannot_reset_by_mail(users, memory_sms):
    services.set_recovery_addresses(users["professional_a"], email="pro@example.org")
    ask(Client(), "pro@example.org")
    assert not mail.outbox and not PasswordResetCode.objects.exists()


# --- staff ---------------------------------------------------------------------------------------


@pytest.fixture
def worker(users):
    worker = users["professional_a"]
    worker.email = "jolien@work.example"
    worker.save()
    return worker


def issue(client: Client, worker, **data):
    response = client.post(url("staff_reset_password", worker.pk), data)
    assert response.status_code == 200
    return re.search(r"<code>([A-Z0-9-]{14})</code>", response.content.decode()).group(1)


def test_coordinator_issues_a_one_time_reset(client_for, worker):
    stolen = login(Client(), worker)
    code = issue(client_for("coordinator"), worker)
    worker.refresh_from_db()
    assert not worker.check_password(TEST_PASSWORD), "the old password stops working"
    assert stolen.get(url("dashboard"))["Location"].startswith(url("login"))
    [message] = mail.outbox
    assert message.to == ["jolien@work.example"]
    assert code not in message.body and code.replace("-", "") not in message.body
    assert AuditEntry.objects.filter(detail="password reset issued").count() == 1

    client = Client()
    response = client.post(url("staff_code"), {"username": worker.username, "code": code.lower()})
    assert response["Location"] == url("new_password")
    client.post(url("new_password"), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    # The next login still asks for the second factor, which was kept.
    response = client.post(url("login"), {"username": worker.username, "password": NEW_PASSWORD})
    assert response["Location"] == url("verify")
    # The code was used up.
    response = Client().post(url("staff_code"), {"username": worker.username, "code": code})
    assert "not correct" in response.content.decode()


def test_reset_with_the_second_factor_means_enrolling_again(client_for, worker):
    code = issue(client_for("coordinator"), worker, reset_second_factor="on")
    assert not TOTPDevice.objects.filter(user=worker).exists()
    client = Client()
    client.post(url("staff_code"), {"username": worker.username, "code": code})
    client.post(url("new_password"), {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    response = client.post(url("login"), {"username": worker.username, "password": NEW_PASSWORD})
    assert response["Location"] == url("enrol")


def test_staff_code_guessing_kills_it(client_for, worker):
    code = issue(client_for("coordinator"), worker)
    guesser = Client()
    for _try in range(5):
        response = guesser.post(
            url("staff_code"), {"username": worker.username, "code": "AAAA-AAAA-AAAA"}
        )
        assert "not correct" in response.content.decode()
    response = Client().post(url("staff_code"), {"username": worker.username, "code": code})
    assert "not correct" in response.content.decode()


def test_who_may_issue_a_staff_reset(client_for, users, org_a):
    coordinator = client_for("coordinator")
    other_org = users["professional_b"]
    assert coordinator.post(url("staff_reset_password", other_org.pk)).status_code == 404
    assert coordinator.post(url("staff_reset_password", users["coordinator"].pk)).status_code == 404
    assert (
        client_for("professional_a")
        .post(url("staff_reset_password", users["professional_a"].pk))
        .status_code
        == 403
    )
    other_coordinator = make_user("coord-2", role=Role.COORDINATOR, organisation=org_a)
    assert coordinator.post(url("staff_reset_password", other_coordinator.pk)).status_code == 200
    admin = client_for("administrator")
    assert "coord-2" in admin.get(url("coordinators")).content.decode()
    assert admin.post(url("staff_reset_password", users["professional_a"].pk)).status_code == 404
    assert admin.post(url("staff_reset_password", users["coordinator"].pk)).status_code == 200


class SlowSms(backends.BaseBackend):
    """An SMS gateway that takes its time (like a real one on a bad day)."""

    def send(self, message) -> None:
        time.sleep(1.5)
        backends.outbox.append(message)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.mark.django_db(transaction=True)
def test_a_slow_gateway_does_not_slow_the_answer_for_an_existing_account(live_server, settings):
    """Over real HTTP: the visitor has the whole answer before the code is handed to the
    gateway, so its speed tells nothing about whether the account exists."""
    settings.NOTIFICATION_BACKENDS = {"sms": f"{__name__}.SlowSms", "mail": f"{__name__}.SlowSms"}
    user = make_user("nova", kind=UserKind.MEMBER)
    services.set_recovery_addresses(user, phone=MEMBER_PHONE)
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirects)
    page = opener.open(live_server.url + "/en/account/forgot/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"address": MEMBER_PHONE, "csrfmiddlewaretoken": token})
    started = time.perf_counter()
    try:
        opener.open(live_server.url + "/en/account/forgot/", data=data.encode()).read()
    except urllib.error.HTTPError as answer:
        assert answer.code == 302
        assert answer.headers["Location"] == "/en/account/forgot/code/"
    took = time.perf_counter() - started
    assert took < 1.0, f"the answer waited for the gateway ({took:.2f} s)"
    deadline = time.monotonic() + 5
    while not backends.outbox and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(backends.outbox) == 1 and backends.outbox[0].address == MEMBER_PHONE
