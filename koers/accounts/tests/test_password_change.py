"""Changing one's own password: the current one is asked, Django's validators apply, every
other session ends, the change is audited and the person is told without any detail."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import TEST_PASSWORD, login
from koers.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-and-unusual-passphrase-7"  # noqa: S105


def url(name: str) -> str:
    return reverse(f"accounts:{name}")


def change(client: Client, old: str, new: str, repeat: str | None = None):
    return client.post(
        url("password_change"),
        {"old_password": old, "new_password1": new, "new_password2": repeat or new},
    )


def test_staff_changes_password_and_other_sessions_end(users):
    professional = users["professional_a"]
    professional.email = "jolien@work.example"
    professional.save()
    here, elsewhere = login(Client(), professional), login(Client(), professional)
    response = change(here, TEST_PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    professional.refresh_from_db()
    assert professional.check_password(NEW_PASSWORD)
    assert here.get(url("dashboard")).status_code == 200, "this session stays logged in"
    assert elsewhere.get(url("dashboard"))["Location"].startswith(reverse("accounts:login"))
    entry = AuditEntry.objects.filter(object_id=str(professional.pk)).first()
    assert entry.detail == "password changed; 1 other sessions ended"
    [notice] = mail.outbox
    assert notice.to == ["jolien@work.example"]
    assert notice.body.strip() == "Your Koers password was changed."
    assert NEW_PASSWORD not in notice.body and TEST_PASSWORD not in notice.body


def test_the_session_list_follows_the_new_session_key(users):
    client = login(Client(), users["coordinator"])
    change(client, TEST_PASSWORD, NEW_PASSWORD)
    page = client.get(reverse("accounts:sessions")).content.decode()
    assert "this browser" in page


def test_member_changes_password(users):
    client = login(Client(), users["member"])
    assert change(client, TEST_PASSWORD, NEW_PASSWORD).status_code == 302
    users["member"].refresh_from_db()
    assert users["member"].check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    ("old", "new", "repeat", "field", "message"),
    [
        ("wrong-password-here", NEW_PASSWORD, None, "old_password", "incorrect"),
        (TEST_PASSWORD, "short", None, "new_password2", "too short"),
        (TEST_PASSWORD, "password1234", None, "new_password2", "too common"),
        (TEST_PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "new_password2", "didn’t match"),
    ],
)
def test_bad_input_is_explained_and_changes_nothing(users, old, new, repeat, field, message):
    client = login(Client(), users["professional_a"])
    response = change(client, old, new, repeat)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    users["professional_a"].refresh_from_db()
    assert users["professional_a"].check_password(TEST_PASSWORD)
    html = response.content.decode()
    assert f'value="{new}"' not in html and f'value="{old}"' not in html, "never echoed back"
    assert not mail.outbox


def test_wrong_current_password_in_dutch(users):
    client = login(Client(), users["professional_a"])
    response = client.post(
        "/account/password/",
        {
            "old_password": "nope-nope-nope",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 200
    assert "oude wachtwoord is niet juist" in response.content.decode()
