"""Scheduled (e.g. hourly): open due questionnaire waves, send reminders, create call tasks."""

from django.core.management.base import BaseCommand

from koers.outcomes.services import send_due_reminders


class Command(BaseCommand):
    help = "Open due questionnaire waves and send due reminders (at most two per wave)."

    def handle(self, *args, **options) -> None:
        run = send_due_reminders()
        self.stdout.write(
            f"opened {run.opened}, reminders {run.reminders}, "
            f"call tasks {run.call_tasks}, closed {run.closed}"
        )
