"""Per-address limits behind a reverse proxy (``TRUSTED_PROXY_COUNT``): the contact rate
limit and the login lockout tell visitors apart by the address the proxy saw, and without
the setting ``X-Forwarded-For`` cannot be used to dodge a limit."""

import pytest
from django.test import Client, RequestFactory, override_settings

from conftest import TEST_PASSWORD, make_user
from koers.accounts.models import Role
from koers.contact.models import ContactRequest
from koers.pages.client_address import client_ip
from koers.selfcheck.tests.factories import make_service

PROXY = "10.0.0.2"
FORM = {"work_name": "Lola", "channel": "sms", "phone": "06 1234 5678", "language": "nl"}


@pytest.fixture
def service(org_a, region_amsterdam):
    return make_service(org_a, "Thuis Amsterdam", regions=[region_amsterdam])


def send_from(service, token: str, forwarded: str | None, remote: str = PROXY):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client().post(
        "/en/contact/", {**FORM, "service": str(service.pk), "token": token}, **extra
    )


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1, CONTACT_REQUESTS_PER_HOUR=1)
def test_behind_one_proxy_two_visitors_are_limited_separately(service):
    assert send_from(service, "a1", "203.0.113.5").status_code == 200
    assert send_from(service, "a2", "203.0.113.5").status_code == 429
    assert send_from(service, "b1", "198.51.100.7").status_code == 200
    assert ContactRequest.objects.count() == 2


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1, CONTACT_REQUESTS_PER_HOUR=1)
def test_behind_a_proxy_a_visitors_own_forwarded_for_entries_do_not_help(service):
    # The proxy appends the address it saw; what the visitor wrote stays on the left.
    assert send_from(service, "a1", "192.0.2.1, 203.0.113.5").status_code == 200
    assert send_from(service, "a2", "192.0.2.99, 203.0.113.5").status_code == 429


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=0, CONTACT_REQUESTS_PER_HOUR=1)
def test_without_the_setting_forwarded_for_is_ignored_and_cannot_be_spoofed(service):
    assert send_from(service, "a1", "203.0.113.5").status_code == 200
    response = send_from(service, "a2", "198.51.100.7")
    assert response.status_code == 429
    assert "Too many requests were sent from this connection" in response.content.decode()
    assert ContactRequest.objects.count() == 1


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1, CONTACT_REQUESTS_PER_HOUR=1)
@pytest.mark.parametrize("header", ["", "not-an-address", "203.0.113.5:4431", " , ", "1.2.3"])
def test_a_malformed_forwarded_for_falls_back_to_the_connecting_address(service, header):
    assert send_from(service, "a1", header).status_code == 200
    # Same connecting address, no usable header: the same visitor as far as we can tell.
    assert send_from(service, "a2", None).status_code == 429


@pytest.mark.parametrize(
    ("count", "header", "expected"),
    [
        (0, "203.0.113.5", "10.0.0.2"),
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "192.0.2.1, 203.0.113.5", "203.0.113.5"),
        (2, "192.0.2.1, 203.0.113.5, 10.0.0.1", "203.0.113.5"),
        (2, "203.0.113.5", "10.0.0.2"),  # fewer entries than proxies
        (1, " 2001:DB8::1 ", "2001:db8::1"),
        (1, "x" * 500, "10.0.0.2"),
    ],
)
def test_client_ip_takes_the_nth_forwarded_address_from_the_right(count, header, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=header)
    with override_settings(TRUSTED_PROXY_COUNT=count):
        assert client_ip(request) == expected


def test_client_ip_without_any_address_is_none():
    request = RequestFactory().get("/", REMOTE_ADDR="")
    assert client_ip(request) is None


def login_attempt(username: str, password: str, forwarded: str):
    return Client().post(
        "/account/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("proxies", [1, 0])
def test_login_lockout_uses_the_same_client_address(org_a, proxies):
    make_user("jolien", role=Role.PROFESSIONAL, organisation=org_a)
    with override_settings(TRUSTED_PROXY_COUNT=proxies):
        for _attempt in range(5):
            login_attempt("jolien", "wrong-password-123", "203.0.113.5")
        assert login_attempt("jolien", TEST_PASSWORD, "203.0.113.5").status_code == 429
        elsewhere = login_attempt("jolien", TEST_PASSWORD, "198.51.100.7").status_code
    if proxies:
        assert elsewhere == 302  # another visitor behind the same proxy can still log in
    else:
        assert elsewhere == 429  # the header is ignored: it cannot lift the lock
