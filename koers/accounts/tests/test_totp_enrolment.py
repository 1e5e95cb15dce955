"""One way to set up an authenticator, for staff at first login and for members who opt in:
the key shown is the device's own key in base32 (what apps accept when typed), and a code an
app computes from that key confirms the device."""

import base64
import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import login
from koers.accounts import services
from koers.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def typed_key(secret: str) -> bytes:
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


def app_code(secret: str) -> str:
    """What an authenticator app shows after the person typed ``secret``."""
    return f"{totp(typed_key(secret), step=30, t0=0, digits=6):06d}"


def test_the_typed_key_is_the_devices_key(users):
    enrolment = services.start_totp_enrolment(users["professional_a"])
    assert typed_key(enrolment.secret) == enrolment.device.bin_key
    assert "<svg" in enrolment.qr_svg
    again = services.start_totp_enrolment(users["professional_a"])
    assert again.device.pk == enrolment.device.pk, "the same unconfirmed device is reused"


def test_a_wrong_code_confirms_nothing(users):
    enrolment = services.start_totp_enrolment(users["member"])
    wrong = f"{(int(app_code(enrolment.secret)) + 1) % 1000000:06d}"
    assert services.complete_totp_enrolment(enrolment, wrong) is None
    assert not TOTPDevice.objects.filter(user=users["member"], confirmed=True).exists()


def test_member_enrols_by_typing_the_key_shown(users):
    client = Client()
    login(client, users["member"])
    html = client.get(reverse("safety:second_factor")).content.decode()
    secret = re.search(r"<code>([A-Z2-7]+)</code>", html).group(1)
    response = client.post(reverse("safety:second_factor"), {"token": app_code(secret)})
    codes = re.findall(r"<li>([0-9a-f]{6}-[0-9a-f]{6})</li>", response.content.decode())
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=users["member"]).confirmed
    assert AuditEntry.objects.filter(detail="second factor enrolled").count() == 1
