"""A coordinator manages their own organisation's staff, and only theirs."""

import pytest
from django.contrib.auth import password_validation
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import TEST_PASSWORD, login
from koers.accounts.models import Role, User
from koers.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

STAFF = reverse("accounts:staff")
NEW_PASSWORD = "a-long-and-unusual-passphrase-7"  # noqa: S105


def reset_url(user) -> str:
    return reverse("accounts:staff_reset_second_factor", args=[user.pk])


def deactivate_url(user) -> str:
    return reverse("accounts:staff_deactivate", args=[user.pk])


def test_coordinator_creates_a_colleague(client_for, org_a, users):
    response = client_for("coordinator").post(
        STAFF,
        {
            "username": "sanne",
            "email": "sanne@example.org",
            "roles": ["professional"],
            "password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    sanne = User.objects.get(username="sanne")
    assert sanne.organisation == org_a and sanne.roles == {Role.PROFESSIONAL}
    assert sanne.password.startswith("argon2") and sanne.check_password(NEW_PASSWORD)
    assert AuditEntry.objects.filter(
        actor=users["coordinator"], object_id=str(sanne.pk), action="create"
    ).exists()
    # The new colleague's first login goes to enrolment.
    first_login = Client().post(
        reverse("accounts:login"), {"username": "sanne", "password": NEW_PASSWORD}
    )
    assert first_login["Location"] == reverse("accounts:enrol")


def test_a_weak_password_gives_a_translated_field_error_and_keeps_the_rest(client_for):
    response = client_for("coordinator").post(
        STAFF,
        {
            "username": "sanne",
            "email": "sanne@example.org",
            "roles": ["professional", "moderator"],
            "password": "short",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == ["password"]
    with translation.override("nl"):
        expected = str(password_validation.MinimumLengthValidator(12).get_error_message())
    assert expected in form.errors["password"]
    page = response.content.decode()
    assert expected in page
    assert 'value="sanne"' in page and 'value="sanne@example.org"' in page
    assert page.count("checked") == 2
    assert not User.objects.filter(username="sanne").exists()


def test_a_password_like_the_user_name_is_refused(client_for):
    response = client_for("coordinator").post(
        STAFF,
        {
            "username": "sanne-de-vries-2026",
            "roles": ["professional"],
            "password": "sanne-de-vries-2026",
        },
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["password"]


def test_a_bad_or_taken_user_name_is_reported_at_its_field(client_for, users):
    client = client_for("coordinator")
    for username in ("has spaces!", "Professional-A"):
        response = client.post(
            STAFF, {"username": username, "roles": ["professional"], "password": NEW_PASSWORD}
        )
        assert response.status_code == 200
        assert list(response.context["form"].errors) == ["username"], username


def test_the_staff_list_shows_only_the_own_organisation(client_for):
    page = client_for("coordinator").get(STAFF).content.decode()
    assert "<td>professional-a</td>" in page and "<td>moderator</td>" in page
    assert "<td>professional-b</td>" not in page and "<td>analyst</td>" not in page


def test_coordinator_resets_a_colleagues_second_factor(client_for, users):
    colleague = users["professional_a"]
    colleague_client = login(Client(), colleague)
    StaticDevice.objects.create(user=colleague, name="recovery codes", confirmed=True)
    response = client_for("coordinator").post(reset_url(colleague))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert not StaticDevice.objects.filter(user=colleague).exists()
    # The colleague's open session no longer counts as verified …
    assert colleague_client.get(reverse("accounts:dashboard")).status_code == 302
    # … and at the next login they set up a new authenticator.
    colleague_client.post(reverse("accounts:logout"))
    response = colleague_client.post(
        reverse("accounts:login"), {"username": colleague.username, "password": TEST_PASSWORD}
    )
    assert response["Location"] == reverse("accounts:enrol")


def test_coordinator_deactivates_a_colleague(client_for, users):
    colleague = users["professional_a"]
    colleague_client = login(Client(), colleague)
    assert colleague_client.get(reverse("accounts:dashboard")).status_code == 200
    response = client_for("coordinator").post(deactivate_url(colleague))
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert not colleague.is_active
    # The open session stops working and a new login is refused.
    assert colleague_client.get(reverse("accounts:dashboard")).status_code == 302
    refused = Client().post(
        reverse("accounts:login"), {"username": colleague.username, "password": TEST_PASSWORD}
    )
    assert refused.status_code == 200


@pytest.mark.parametrize("url", [reset_url, deactivate_url])
def test_coordinator_cannot_touch_another_organisations_staff(client_for, users, url):
    other = users["professional_b"]
    device_count = TOTPDevice.objects.filter(user=other).count()
    response = client_for("coordinator").post(url(other))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.is_active
    assert TOTPDevice.objects.filter(user=other).count() == device_count


@pytest.mark.parametrize("url", [reset_url, deactivate_url])
def test_coordinator_cannot_lock_themselves_out(client_for, users, url):
    response = client_for("coordinator").post(url(users["coordinator"]))
    assert response.status_code == 403
    users["coordinator"].refresh_from_db()
    assert users["coordinator"].is_active


def test_a_professional_cannot_manage_staff(client_for, users):
    response = client_for("professional_a").post(deactivate_url(users["moderator"]))
    assert response.status_code == 403
    users["moderator"].refresh_from_db()
    assert users["moderator"].is_active
