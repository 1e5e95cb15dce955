"""A user sees where they are logged in (browser and device family, roughly when — never an
address) and ends one session or all of them; a stolen session cookie is dead afterwards.
Holds for the database and the cached_db session engines."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from conftest import TEST_PASSWORD
from koers.accounts.models import AccountSession

pytestmark = pytest.mark.django_db

PHONE = (
    "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/125.0.0.0 Mobile Safari/537.36"
)
LAPTOP = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"


def url(name: str, *args) -> str:
    return reverse(f"accounts:{name}", args=args)


@pytest.fixture(
    params=["django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db"]
)
def engine(request, settings):
    settings.SESSION_ENGINE = request.param
    cache.clear()
    yield request.param
    cache.clear()


def member_login(user_agent: str, address: str = "127.0.0.1") -> Client:
    client = Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)
    response = client.post(url("login"), {"username": "member", "password": TEST_PASSWORD})
    assert response.status_code == 302
    return client


def test_the_page_lists_browser_families_and_never_an_address(engine, users):
    member_login(PHONE, "203.0.113.50")
    laptop = member_login(LAPTOP, "198.51.100.60")
    page = laptop.get(url("sessions")).content.decode()
    assert "Chrome Mobile / Android" in page
    assert "Firefox / Ubuntu" in page or "Firefox / Linux" in page
    assert "this browser" in page
    assert "203.0.113.50" not in page and "198.51.100.60" not in page
    assert "ends only the session in this browser" in page
    stored = " ".join(AccountSession.objects.values_list("device", flat=True))
    assert "203.0.113" not in stored and "Mozilla" not in stored, "no address or raw agent kept"


def test_log_out_one_other_session(engine, users):
    phone, laptop = member_login(PHONE), member_login(LAPTOP)
    row = AccountSession.objects.get(device__startswith="Chrome Mobile")
    assert laptop.post(url("session_end", row.pk)).status_code == 302
    assert phone.get(url("sessions"))["Location"].startswith(url("login"))
    assert laptop.get(url("sessions")).status_code == 200


def test_log_out_everywhere_kills_a_stolen_cookie(engine, users):
    phone, laptop = member_login(PHONE), member_login(LAPTOP)
    stolen = Client(HTTP_USER_AGENT="curl/8")
    stolen.cookies["sessionid"] = phone.cookies["sessionid"].value
    assert stolen.get(reverse("safety:member_home")).status_code in (200, 302)
    assert stolen.get(url("sessions")).status_code == 200, "the stolen cookie works before"
    response = laptop.post(url("sessions_end_all"))
    assert response["Location"] == url("logged_out")
    for client in (stolen, phone, laptop):
        assert client.get(url("sessions"))["Location"].startswith(url("login"))
    assert not AccountSession.objects.exists()


def test_nobody_ends_another_users_session(engine, users, client_for):
    member_login(PHONE)
    row = AccountSession.objects.get(user=users["member"])
    response = client_for("coordinator").post(url("session_end", row.pk))
    assert response.status_code == 404
    assert Client().get(url("sessions")).status_code == 302
    assert AccountSession.objects.filter(pk=row.pk).exists()


def test_ending_this_session_from_the_list_logs_out(engine, users):
    laptop = member_login(LAPTOP)
    row = AccountSession.objects.get()
    assert laptop.post(url("session_end", row.pk))["Location"] == reverse("pages:home")
    assert laptop.get(url("sessions"))["Location"].startswith(url("login"))


def test_expired_sessions_are_not_listed(engine, users):
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    phone, laptop = member_login(PHONE), member_login(LAPTOP)
    Session.objects.filter(session_key=phone.cookies["sessionid"].value).update(
        expire_date=timezone.now()
    )
    cache.clear()
    page = laptop.get(url("sessions")).content.decode()
    assert "Chrome Mobile" not in page
    assert AccountSession.objects.count() == 1


def test_staff_sessions_page_needs_the_second_factor(users):
    client = Client()
    client.post(url("login"), {"username": "professional-a", "password": TEST_PASSWORD})
    assert client.get(url("sessions"))["Location"].startswith(url("login"))


def test_the_hourly_job_drops_notes_of_sessions_that_ended_silently(users):
    from django.contrib.sessions.models import Session
    from django.core.management import call_command

    phone = member_login(PHONE)
    member_login(LAPTOP)
    Session.objects.filter(session_key=phone.cookies["sessionid"].value).delete()
    call_command("prune_account_records")
    [left] = AccountSession.objects.all()
    assert left.device.startswith("Firefox")
