"""Day-before reminders for activities and deletion of registrations after them (counts
kept). Safe to run hourly: each reminder goes once, and only ended activities are purged."""

from typing import Any

from django.core.management.base import BaseCommand

from koers.activities.services import purge_past, send_reminders


class Command(BaseCommand):
    help = "Send activity reminders for tomorrow and delete registrations of past activities."

    def handle(self, *args: Any, **options: Any) -> None:
        reminded = send_reminders()
        purged = purge_past()
        self.stdout.write(f"activity reminders sent: {reminded}; registrations deleted: {purged}")
