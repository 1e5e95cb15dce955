"""The Django admin opens only for a verified site administrator; everyone else is sent to
Koers' own two-factor login."""

import pytest
from django.test import Client
from django.urls import reverse

from conftest import make_user
from koers.accounts.models import Membership, Role

pytestmark = pytest.mark.django_db

ADMIN = "/admin/"


def ends_at_koers_login(response) -> bool:
    return bool(response.redirect_chain) and response.redirect_chain[-1][0].startswith(
        reverse("accounts:login")
    )


def test_verified_site_administrator_gets_in(client_for):
    response = client_for("administrator").get(ADMIN)
    assert response.status_code == 200
    assert client_for("administrator").get("/admin/accounts/user/").status_code == 200


@pytest.mark.parametrize(
    "role", ["anonymous", "member", "coordinator", "professional_a", "analyst"]
)
def test_everyone_else_is_sent_to_the_koers_login(client_for, role):
    response = client_for(role).get(ADMIN, follow=True)
    assert ends_at_koers_login(response)
    assert response.status_code == 200


def test_an_unverified_site_administrator_is_sent_to_the_koers_login(users):
    client = Client()
    client.force_login(users["administrator"])
    assert ends_at_koers_login(client.get(ADMIN, follow=True))


def test_a_django_superuser_without_the_koers_role_is_refused():
    from conftest import login

    user = make_user("superuser-only")
    user.is_staff = user.is_superuser = True
    user.save()
    assert ends_at_koers_login(login(Client(), user).get(ADMIN, follow=True))


def test_the_admin_login_form_is_replaced_by_the_koers_login():
    response = Client().get("/admin/login/?next=/admin/accounts/user/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=/admin/accounts/user/" in response["Location"]


def test_admin_refuses_a_second_organisation_for_a_staff_user(client_for, users, org_b):
    user = users["professional_a"]
    membership = Membership.objects.get(user=user)
    prefix = "membership_set"
    data = {
        "username": user.username,
        "kind": "staff",
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        f"{prefix}-TOTAL_FORMS": "2",
        f"{prefix}-INITIAL_FORMS": "1",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-id": str(membership.pk),
        f"{prefix}-0-user": str(user.pk),
        f"{prefix}-0-organisation": str(membership.organisation_id),
        f"{prefix}-0-role": Role.PROFESSIONAL,
        f"{prefix}-1-user": str(user.pk),
        f"{prefix}-1-organisation": str(org_b.pk),
        f"{prefix}-1-role": Role.COORDINATOR,
    }
    response = client_for("administrator").post(f"/admin/accounts/user/{user.pk}/change/", data)
    assert response.status_code == 200
    assert Membership.objects.filter(user=user).count() == 1
