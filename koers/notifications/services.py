"""Sending a notification through the backend configured for its channel.

Features call ``send(channel, address, subject, body)``; they do not know whether the
message goes to SMTP, an SMS gateway or a file. A failing backend raises
``NotificationError`` so the caller can record that the person was not reached.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .backends import BaseBackend, Notification, NotificationError

CHANNELS = ("mail", "sms")


def backend_for(channel: str) -> BaseBackend:
    """The backend instance configured for ``channel`` in ``NOTIFICATION_BACKENDS``."""
    if channel not in CHANNELS:
        raise NotificationError(f"Unknown channel {channel!r}.")
    path = settings.NOTIFICATION_BACKENDS.get(channel)
    if not path:
        raise ImproperlyConfigured(f"NOTIFICATION_BACKENDS has no backend for {channel!r}.")
    backend: BaseBackend = import_string(path)()
    return backend


def send(channel: str, address: str, subject: str, body: str) -> None:
    """Deliver one message; raises ``NotificationError`` when it could not be delivered."""
    if not address:
        raise NotificationError("No address to send to.")
    backend_for(channel).send(Notification(channel, address, subject, body))
