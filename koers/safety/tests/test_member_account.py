"""A member's own account, from the safety side: the download of everything Koers holds
about them (never a checked number), deletion in two steps, and the attacker who gets a dump
of the database afterwards and looks for anything the member ever typed in."""

import json

import pytest
from cryptography.fernet import InvalidToken
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import login
from koers.accounts.models import AccountSession, RecoveryAddress, User
from koers.audit.models import AuditEntry
from koers.privacy.keys import field_cipher, keyed_hash
from koers.regions.models import Region
from koers.safety import services
from koers.safety.models import MemberProfile, NumberCheck, Report
from koers.safety.tests.factories import PASSWORD, make_report

pytestmark = pytest.mark.django_db

VALUES = {
    "username": "nightingale-77",
    "work_name": "Ruby Starlight",
    "email": "ruby.starlight@example.org",
    "phone": "+31687654321",
}
NEW_PASSWORD = "a-long-and-unusual-passphrase-7"  # noqa: S105


def url(name: str) -> str:
    return reverse(f"accounts:{name}")


@pytest.fixture
def ruby(db) -> MemberProfile:
    """A verified member who joined through the real registration, checked two numbers,
    filed a report and set up an authenticator."""
    profile = services.register_member(
        username=VALUES["username"],
        password=PASSWORD,
        work_name=VALUES["work_name"],
        email=VALUES["email"],
        phone_number=VALUES["phone"],
        regions=Region.objects.filter(slug__in=["amsterdam", "utrecht"]),
        notify_by="sms",
    )
    services._verify(profile, None)
    services.check_numbers(profile.user, ["+31611112222", "+31633334444"])
    make_report(("+31655556666",), reporter=profile.user, description="Late payment, again.")
    TOTPDevice.objects.create(user=profile.user, name="app", confirmed=True)
    return profile


def ruby_client(profile: MemberProfile, **headers) -> Client:
    client = Client(**headers)
    login(client, profile.user)
    session = client.session
    device = TOTPDevice.objects.get(user=profile.user)
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


# --- the download -------------------------------------------------------------------------------


def test_json_download_holds_the_member_data_and_counts_never_numbers(ruby):
    response = ruby_client(ruby).get(url("my_data_json"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    membership = data["safety_membership"]
    assert membership["work_name"] == VALUES["work_name"]
    assert membership["email"] == VALUES["email"]
    assert membership["mobile_number"] == VALUES["phone"]
    assert membership["regions"] == ["Amsterdam", "Utrecht"]
    assert membership["notify_by"] == "sms"
    assert data["number_checks"]["checks"] == 1
    assert data["number_checks"]["numbers_checked"] == 2
    assert data["reports"]["reports_filed"] == 1
    assert data["account"]["user_name"] == VALUES["username"]
    assert data["account"]["second_factor"] is True
    text = response.content.decode()
    for number in ("611112222", "633334444", "655556666"):
        assert number not in text, "checked or reported numbers are never in the download"


@pytest.mark.parametrize(
    ("prefix", "work_name_label", "regions_label"),
    [
        ("", "Werknaam", "Regio"),
        ("/en", "Work name", "Regions"),
        ("/es", None, None),
        ("/ro", None, None),
    ],
)
def test_readable_page_in_the_members_language(ruby, prefix, work_name_label, regions_label):
    response = ruby_client(ruby).get(f"{prefix}/account/my-data/")
    html = response.content.decode()
    assert response.status_code == 200
    assert VALUES["work_name"] in html and "Utrecht" in html
    if work_name_label:
        assert work_name_label in html and regions_label in html
    else:
        assert ">Work name<" not in html, "labels are translated"


# --- deleting the account -----------------------------------------------------------------------


def delete_in_two_steps(client: Client, password: str = PASSWORD):
    step_one = client.post(url("delete"), {"password": password})
    assert step_one.status_code == 200
    confirm = step_one.context.get("confirm") if step_one.context else None
    assert confirm, step_one.content.decode()[:500]
    return client.post(url("delete"), {"confirm": confirm})


def test_a_wrong_password_deletes_nothing(ruby):
    client = ruby_client(ruby)
    response = client.post(url("delete"), {"password": "not-my-password"})
    assert response.status_code == 200
    assert "This password is not correct." in response.content.decode()
    assert MemberProfile.objects.filter(pk=ruby.pk).exists()


def test_the_confirmation_belongs_to_this_session(ruby):
    first = ruby_client(ruby)
    confirm = first.post(url("delete"), {"password": PASSWORD}).context["confirm"]
    other = ruby_client(ruby)
    response = other.post(url("delete"), {"confirm": confirm})
    assert response["Location"] == url("delete")
    assert MemberProfile.objects.filter(pk=ruby.pk).exists()
    forged = first.post(url("delete"), {"confirm": confirm + "x"})
    assert forged["Location"] == url("delete")


def test_deletion_erases_the_member_and_keeps_anonymous_counts(ruby):
    user = ruby.user
    phone, laptop = ruby_client(ruby), ruby_client(ruby)
    response = delete_in_two_steps(laptop)
    assert response.status_code == 200
    assert "Your account is deleted" in response.content.decode()
    assert not MemberProfile.objects.filter(user_id=user.pk).exists()
    assert not RecoveryAddress.objects.filter(user_id=user.pk).exists()
    assert not AccountSession.objects.filter(user_id=user.pk).exists()
    assert not NumberCheck.objects.filter(member_id=user.pk).exists()
    assert phone.get(reverse("safety:member_home"))["Location"].startswith(url("login"))
    tombstone = User.objects.get(pk=user.pk)
    assert tombstone.username == f"deleted-{user.pk}" and not tombstone.is_active
    assert not tombstone.has_usable_password()
    # The report stays for the moderators, unlinked; the check counts stay in the trail.
    report = Report.objects.get()
    assert report.reporter is None and report.reporter_kind == "member"
    assert AuditEntry.objects.filter(object_type="safety.numbercheck").count() == 1
    # Nobody can log in with the old name, and it can be taken again.
    response = Client().post(url("login"), {"username": VALUES["username"], "password": PASSWORD})
    assert response.status_code == 200


def test_staff_accounts_are_not_deleted(client_for):
    assert client_for("professional_a").get(url("delete")).status_code == 403


def raw_dump() -> list[str]:
    """Every cell of every table, as the database holds it (what a stolen backup shows),
    plus the decoded contents of every stored session (anonymous ones included)."""
    cells = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                cells.extend(str(value) for value in row if value is not None)
    for session in Session.objects.all():
        cells.extend(str(value) for value in session.get_decoded().values())
    return cells


def decrypted(cells: list[str]) -> list[str]:
    """Every cell that is a ciphertext under the field keys, decrypted (the attacker who
    also has the keys)."""
    cipher = field_cipher()
    plain = []
    for cell in cells:
        if cell.startswith("gAAAA"):
            try:
                plain.append(cipher.decrypt(cell.encode()).decode())
            except InvalidToken:
                continue
    return plain


def test_a_dump_after_deletion_holds_nothing_the_member_entered(ruby):
    """The member joined, logged in (axes logs it), checked numbers, filed a report, set up
    an authenticator, asked for a reset code and changed their password; then deleted the
    account. Their values are in no cell: not readable, not encrypted (the encrypted rows
    are gone), not as the keyed hashes "forgot password" matched them by."""
    client = Client(HTTP_USER_AGENT="Mozilla/5.0 (Android 14) Firefox/128.0")
    client.post(url("login"), {"username": VALUES["username"], "password": PASSWORD})
    Client().post(url("forgot"), {"address": VALUES["email"]})
    assert mail.outbox, "a code went out"
    member = ruby_client(ruby)
    member.post(
        url("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    encrypted_before = {
        cell
        for cell in raw_dump()
        if cell.startswith("gAAAA") and VALUES["work_name"] in "".join(decrypted([cell]))
    }
    assert encrypted_before, "the work name was stored encrypted"
    before = raw_dump()
    assert any(VALUES["username"] in cell for cell in before), "the login name was there"
    password_hash = User.objects.get(pk=ruby.user_id).password

    delete_in_two_steps(member, NEW_PASSWORD)

    cells = raw_dump()
    readable = "\n".join(cells).lower()
    for value in VALUES.values():
        assert value.lower() not in readable, value
    assert "87654321" not in readable
    assert password_hash not in cells
    assert not encrypted_before & set(cells), "the encrypted rows are gone"
    plain = "\n".join(decrypted(cells)).lower()
    for value in VALUES.values():
        assert value.lower() not in plain, f"{value} found after decryption"
    hashes = {
        keyed_hash(f"recovery-address:mail:{VALUES['email']}"),
        keyed_hash(f"recovery-address:sms:{VALUES['phone']}"),
        keyed_hash(VALUES["phone"]),
        keyed_hash(VALUES["email"]),
    }
    assert not hashes & set(cells), "no keyed hash of the member's address is left"
    # What the moderators keep: the report's own text, without the member.
    assert "late payment, again." in plain
