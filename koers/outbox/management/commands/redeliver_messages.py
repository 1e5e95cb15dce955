"""Scheduled safety net of the outbox: enqueue messages that wait, settle abandoned ones."""

from django.core.management.base import BaseCommand

from koers.outbox.services import redeliver_due


class Command(BaseCommand):
    help = "Enqueue outgoing messages that are due again; settle ones a dead worker left."

    def handle(self, *args, **options) -> None:
        counts = redeliver_due()
        self.stdout.write(", ".join(f"{name}: {number}" for name, number in counts.items()))
