"""The one place outcome monitoring sends a message: through ``koers.notifications``.

Koers' notification service knows the channels ``mail`` and ``sms``. WhatsApp has no
backend yet, so a WhatsApp reminder goes out as an SMS to the same number until one exists
(the participant chose the number; the channel is the closest available).
"""

from koers.notifications import services as notifications
from koers.notifications.backends import NotificationError
from koers.outbox.services import queue

CHANNEL_MAP = {"email": "mail", "sms": "sms", "whatsapp": "whatsapp"}


class NotificationFailed(Exception):
    pass


def deliver(channel: str, address: str, subject: str, body: str, *, key: str) -> str:
    """Queue the message in the outbox under ``key`` (sent after the caller's transaction
    commits, at most once per key); returns the notifications channel used; raises
    ``NotificationFailed`` when there is nothing to send to."""
    target = CHANNEL_MAP.get(channel, channel)
    if target not in notifications.CHANNELS:
        target = "sms"
    try:
        queue(target, address, subject, body, key=key)
    except NotificationError as exc:
        raise NotificationFailed(str(exc)) from exc
    return target
