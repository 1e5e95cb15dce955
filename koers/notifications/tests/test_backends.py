"""The notification backend is chosen by settings; every backend delivers the message."""

import pytest
from django.core import mail
from django.test import override_settings

from koers.notifications import backends
from koers.notifications.services import send


def test_mail_goes_through_djangos_mail_backend():
    send("mail", "someone@example.org", "New warning", "Log in to read it.")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["someone@example.org"]
    assert mail.outbox[0].subject == "New warning"


def test_file_backend_writes_one_file_per_message(tmp_path):
    with override_settings(
        NOTIFICATION_OUTBOX_DIR=tmp_path,
        NOTIFICATION_BACKENDS={"sms": "koers.notifications.backends.FileBackend"},
    ):
        send("sms", "+31612345678", "Koers", "A new warning for your region.")
    files = list((tmp_path / "sms").iterdir())
    assert len(files) == 1
    assert "A new warning for your region." in files[0].read_text()


@override_settings(NOTIFICATION_BACKENDS={"sms": "koers.notifications.backends.MemoryBackend"})
def test_backend_is_swapped_by_settings():
    backends.outbox.clear()
    send("sms", "+31612345678", "Koers", "Hello")
    assert [m.address for m in backends.outbox] == ["+31612345678"]


class FailingSms(backends.SmsProviderBackend):
    def send_sms(self, number: str, text: str) -> None:
        raise backends.NotificationError("gateway down")


@override_settings(NOTIFICATION_BACKENDS={"sms": __name__ + ".FailingSms"})
def test_a_failing_provider_raises_so_callers_can_record_it():
    with pytest.raises(backends.NotificationError):
        send("sms", "+31612345678", "Koers", "Hello")


def test_unknown_channel_and_missing_address_are_refused():
    with pytest.raises(backends.NotificationError):
        send("pigeon", "x", "s", "b")
    with pytest.raises(backends.NotificationError):
        send("mail", "", "s", "b")
