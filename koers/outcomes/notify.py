"""The one place outcome monitoring sends a message: through ``koers.notifications``.

Koers' notification service knows the channels ``mail`` and ``sms``. WhatsApp has no
backend yet, so a WhatsApp reminder goes out as an SMS to the same number until one exists
(the participant chose the number; the channel is the closest available).
"""

from koers.notifications import services as notifications
from koers.notifications.backends import NotificationError

CHANNEL_MAP = {"email": "mail", "sms": "sms", "whatsapp": "whatsapp"}


class NotificationFailed(Exception):
    pass


def deliver(channel: str, address: str, subject: str, body: str) -> str:
    """Send; returns the notifications channel used; raises ``NotificationFailed``."""
    target = CHANNEL_MAP.get(channel, channel)
    if target not in notifications.CHANNELS:
        target = "sms"
    try:
        notifications.send(target, address, subject, body)
    except NotificationError as exc:
        raise NotificationFailed(str(exc)) from exc
    return target
