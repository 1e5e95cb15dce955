"""When the outbox gives up on a reminder, the reminder counts as not delivered, so the
wave's outcome (no contact vs. no response) and the next reminder's channel stay right."""

from django.dispatch import receiver

from koers.outbox.signals import message_failed

from .models import Reminder
from .services import REMINDER_KEY


@receiver(message_failed)
def reminder_not_delivered(sender, key: str, **kwargs) -> None:
    if key.startswith(REMINDER_KEY):
        Reminder.objects.filter(pk=int(key.removeprefix(REMINDER_KEY))).update(delivered=False)
