"""The notification backend is chosen by settings; every backend delivers the message."""

import http.server
import json
import threading

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


class Gateway(http.server.BaseHTTPRequestHandler):
    """A stand-in SMS gateway on localhost: records each request, answers ``status``."""

    received: list[tuple[dict, dict]] = []
    status = 202

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Gateway.received.append((dict(self.headers), json.loads(body)))
        self.send_response(Gateway.status)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def gateway_url():
    server = http.server.HTTPServer(("127.0.0.1", 0), Gateway)
    Gateway.received.clear()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/send"
    server.shutdown()
    server.server_close()


def gateway_settings(url: str):
    return override_settings(
        NOTIFICATION_BACKENDS={"sms": "koers.notifications.backends.HttpSmsGatewayBackend"},
        SMS_GATEWAY_URL=url,
        SMS_GATEWAY_TOKEN="gateway-token-0123456789",
        SMS_GATEWAY_TIMEOUT=5,
    )


def test_sms_gateway_receives_number_text_and_token(gateway_url):
    Gateway.status = 202
    with gateway_settings(gateway_url):
        send("sms", "+31612345678", "Koers", "Your next questionnaire is ready.")
    [(headers, payload)] = Gateway.received
    assert payload == {"to": "+31612345678", "text": "Koers\nYour next questionnaire is ready."}
    assert headers["Authorization"] == "Bearer gateway-token-0123456789"


def test_sms_gateway_refusal_or_absence_is_a_notification_error(gateway_url):
    Gateway.status = 500
    with gateway_settings(gateway_url), pytest.raises(backends.NotificationError, match="500"):
        send("sms", "+31612345678", "Koers", "Hello")
    with (
        gateway_settings("http://127.0.0.1:9/nothing-listens-here"),
        pytest.raises(backends.NotificationError, match="unreachable"),
    ):
        send("sms", "+31612345678", "Koers", "Hello")
