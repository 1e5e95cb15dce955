"""Notification backends: where a message for a person actually goes.

Every backend has one method, ``send(message)``. ``settings.NOTIFICATION_BACKENDS`` maps a
channel (``mail``, ``sms``) to a dotted backend path, so a deployment swaps the console or
file backend for real delivery without touching the features that notify:

- ``DjangoMailBackend`` hands mail to Django's ``EMAIL_BACKEND`` (SMTP in production via
  ``django.core.mail.backends.smtp.EmailBackend`` and the ``EMAIL_*`` settings);
- ``FileBackend`` writes each message to ``settings.NOTIFICATION_OUTBOX_DIR`` (default
  ``var/outbox``) — the default for SMS until an SMS provider is configured;
- ``ConsoleBackend`` prints; ``MemoryBackend`` keeps messages in ``outbox`` for tests;
- ``SmsProviderBackend`` is the base for a real SMS provider: implement ``send_sms``.
"""

import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone


@dataclass(frozen=True)
class Notification:
    channel: str
    address: str
    subject: str
    body: str


class NotificationError(Exception):
    """A backend could not deliver; callers record the failure instead of dropping it."""


class BaseBackend:
    def send(self, message: Notification) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class DjangoMailBackend(BaseBackend):
    """Mail through Django's configured ``EMAIL_BACKEND``."""

    def send(self, message: Notification) -> None:
        if message.channel != "mail":
            raise NotificationError(f"DjangoMailBackend cannot send {message.channel!r}.")
        try:
            send_mail(message.subject, message.body, None, [message.address])
        except Exception as exc:  # SMTP errors, refused addresses, …
            raise NotificationError(str(exc)) from exc


class FileBackend(BaseBackend):
    """One text file per message in ``NOTIFICATION_OUTBOX_DIR`` (local use, demos)."""

    def send(self, message: Notification) -> None:
        directory = Path(settings.NOTIFICATION_OUTBOX_DIR) / message.channel
        try:
            directory.mkdir(parents=True, exist_ok=True)
            stamp = timezone.now().strftime("%Y%m%dT%H%M%S")
            path = directory / f"{stamp}-{uuid.uuid4().hex[:8]}.txt"
            path.write_text(
                f"To: {message.address}\nSubject: {message.subject}\n\n{message.body}\n",
                encoding="utf-8",
            )
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
        self.send_sms(message.address, f"{message.subject}\n{message.body}"[:612])

    def send_sms(self, number: str, text: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError
