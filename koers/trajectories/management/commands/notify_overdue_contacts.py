"""Notify contact persons of planned contacts that became overdue (once per planned date)."""

from django.core.management.base import BaseCommand

from koers.trajectories.services import notify_overdue


class Command(BaseCommand):
    help = "Create an in-app notice for each planned contact that became overdue."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{notify_overdue()} notice(s) created")
