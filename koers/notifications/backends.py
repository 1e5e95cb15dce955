"""Notification backends: where a message for a person actually goes.

Every backend has one method, ``send(message)``. ``settings.NOTIFICATION_BACKENDS`` maps a
channel (``mail``, ``sms``) to a dotted backend path, so a deployment swaps the console or
file backend for real delivery without touching the features that notify:

- ``DjangoMailBackend`` hands mail to Django's ``EMAIL_BACKEND`` (SMTP in production via
  ``django.core.mail.backends.smtp.EmailBackend`` and the ``EMAIL_*`` settings);
- ``FileBackend`` writes each message to ``settings.NOTIFICATION_OUTBOX_DIR`` (default
  ``var/outbox``) — the default for SMS until an SMS provider is configured;
- ``ConsoleBackend`` prints; ``MemoryBackend`` keeps messages in ``outbox`` for tests;
- ``SmsProviderBackend`` is the base for a real SMS provider: implement ``send_sms``;
- ``HttpSmsGatewayBackend`` posts each SMS as JSON to ``SMS_GATEWAY_URL`` (see its
  docstring) — for a provider with another request format, subclass ``SmsProviderBackend``.
"""

import hashlib
import json
import sys
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import make_msgid
from django.utils import timezone


@dataclass(frozen=True)
class Notification:
    channel: str
    address: str
    subject: str
    body: str
    # The outbox's idempotency key (koers.outbox): the same key is the same message, so a
    # provider that de-duplicates on it sends a message sent twice only once.
    key: str = ""


class NotificationError(Exception):
    """A backend could not deliver; callers record the failure instead of dropping it."""


class BaseBackend:
    # True when sending the same ``Notification.key`` twice delivers it once (the provider
    # or the backend de-duplicates); the outbox then retries a send a dead worker left
    # unconfirmed. False: such a message is marked uncertain and not sent again.
    idempotent = False

    def send(self, message: Notification) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class DjangoMailBackend(BaseBackend):
    """Mail through Django's configured ``EMAIL_BACKEND``."""

    def send(self, message: Notification) -> None:
        if message.channel != "mail":
            raise NotificationError(f"DjangoMailBackend cannot send {message.channel!r}.")
        headers = {}
        if message.key:
            digest = hashlib.sha256(message.key.encode()).hexdigest()[:32]
            headers["Message-ID"] = make_msgid(idstring=digest, domain="koers.invalid")
        try:
            EmailMessage(
                message.subject, message.body, None, [message.address], headers=headers
            ).send()
        except Exception as exc:  # SMTP errors, refused addresses, …
            raise NotificationError(str(exc)) from exc


class FileBackend(BaseBackend):
    """One text file per message in ``NOTIFICATION_OUTBOX_DIR`` (local use, demos).

    Idempotent: a message with a key is written to a file named after the key, created
    exclusively, so the same key written twice leaves one file."""

    idempotent = True

    def send(self, message: Notification) -> None:
        directory = Path(settings.NOTIFICATION_OUTBOX_DIR) / message.channel
        try:
            directory.mkdir(parents=True, exist_ok=True)
            stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
            name = (
                hashlib.sha256(message.key.encode()).hexdigest()[:24]
                if message.key
                else f"{stamp}-{uuid.uuid4().hex[:8]}"
            )
            path = directory / f"{name}.txt"
            with path.open("x", encoding="utf-8") as handle:
                handle.write(
                    f"To: {message.address}\nSubject: {message.subject}\n\n{message.body}\n"
                )
        except FileExistsError:
            return  # this key was written before: sent once
        except OSError as exc:
            raise NotificationError(str(exc)) from exc


class ConsoleBackend(BaseBackend):
    def send(self, message: Notification) -> None:
        sys.stdout.write(
            f"[{message.channel}] to {message.address}: {message.subject}\n{message.body}\n"
        )


outbox: list[Notification] = []


class MemoryBackend(BaseBackend):
    """Keeps messages in ``koers.notifications.backends.outbox`` (tests)."""

    def send(self, message: Notification) -> None:
        outbox.append(message)


class SmsProviderBackend(BaseBackend):
    """Base for an SMS gateway: subclass, implement ``send_sms`` and name it in settings."""

    def send(self, message: Notification) -> None:
        if message.channel != "sms":
            raise NotificationError(f"An SMS backend cannot send {message.channel!r}.")
        self.key = message.key
        self.send_sms(message.address, f"{message.subject}\n{message.body}"[:612])

    def send_sms(self, number: str, text: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class HttpSmsGatewayBackend(SmsProviderBackend):
    """POST ``{"to": "+316…", "text": "…"}`` as JSON to ``settings.SMS_GATEWAY_URL`` with
    ``Authorization: Bearer <SMS_GATEWAY_TOKEN>`` and ``Idempotency-Key: <key>``; any 2xx
    answer counts as accepted. The gateway must send a key it has seen before only once
    (the usual contract of an SMS API's idempotency key): the outbox relies on it to resend
    a message whose first attempt a dead worker never confirmed.

    Why the standard library and not a provider's SDK: Koers names no SMS provider (each
    organisation has its own contract), and this one request is all a gateway or a small
    adapter in front of a provider needs. Production refuses a non-https URL or an empty
    token when this backend is chosen (koers/settings/production.py).
    """

    idempotent = True
    key = ""

    def send_sms(self, number: str, text: str) -> None:
        payload = json.dumps({"to": number, "text": text}).encode()
        headers = {
            "Content-Type": "application/json",
            "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
        }
        if self.key:
            headers["Idempotency-Key"] = self.key
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's setting
            settings.SMS_GATEWAY_URL, data=payload, method="POST", headers=headers
        )
        try:
            with urllib.request.urlopen(  # noqa: S310 - see above
                request, timeout=settings.SMS_GATEWAY_TIMEOUT
            ) as response:
                response.read()
        except urllib.error.HTTPError as exc:
            raise NotificationError(f"SMS gateway answered {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise NotificationError(f"SMS gateway unreachable: {exc}") from exc
