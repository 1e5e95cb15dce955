"""With a shared cache, a logged-in request loads user, memberships and second-factor device
from it — and every change that matters (deactivation, a removed role, a reset second
factor, a new password) takes effect on the very next request."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import login
from koers.accounts import services
from koers.accounts.models import Membership

pytestmark = pytest.mark.django_db

PAGE = "/en/clients/"  # staff only: any staff role


@pytest.fixture(autouse=True)
def shared_cache(settings):
    settings.AUTH_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def queries_for(client: Client, path: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    return response.status_code, [q["sql"] for q in captured]


def test_the_second_request_reads_no_user_membership_or_device(users):
    client = login(Client(), users["professional_a"])
    first, first_sql = queries_for(client, PAGE)
    second, second_sql = queries_for(client, PAGE)
    assert first == second == 200
    for table in ("accounts_user", "accounts_membership", "otp_totp_totpdevice"):
        assert any(f'FROM "{table}"' in sql for sql in first_sql), table
        assert not any(f'FROM "{table}"' in sql for sql in second_sql), table


def test_a_deactivated_worker_is_out_on_the_next_request(users):
    worker = users["professional_a"]
    client = login(Client(), worker)
    assert client.get(PAGE).status_code == 200
    services.deactivate_user(worker, by=users["coordinator"])
    response = client.get(PAGE)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_removed_role_is_refused_on_the_next_request(users):
    worker = users["professional_a"]
    client = login(Client(), worker)
    assert client.get(PAGE).status_code == 200
    Membership.objects.filter(user=worker).delete()
    assert client.get(PAGE).status_code == 403


def test_a_reset_second_factor_counts_on_the_next_request(users):
    worker = users["professional_a"]
    client = login(Client(), worker)
    assert client.get(PAGE).status_code == 200
    services.reset_second_factor(worker, by=users["coordinator"])
    response = client.get(PAGE)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_new_password_ends_other_sessions_on_the_next_request(users):
    worker = users["professional_a"]
    client = login(Client(), worker)
    assert client.get(PAGE).status_code == 200
    worker.set_password("an entirely new passphrase 2026")
    worker.save()
    response = client.get(PAGE)
    assert response.status_code == 302 and "login" in response["Location"]
    assert reverse("accounts:login") in response["Location"]
