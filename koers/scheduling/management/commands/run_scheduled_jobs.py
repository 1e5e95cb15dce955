"""Run every periodic job (koers.scheduling.jobs.JOBS); schedule this command hourly.

A failing job does not stop the others: each runs, the failures are reported by name at
the end and the command exits with status 1 so cron mails or the timer marks it failed.
"""

import traceback

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from koers.scheduling.jobs import JOBS


class Command(BaseCommand):
    help = "Run all of Koers's periodic jobs (reminders, expiry, retention). Schedule hourly."

    def handle(self, *args, **options) -> None:
        failed: list[str] = []
        for job in JOBS:
            self.stdout.write(f"{job.command}: {job.why}")
            try:
                call_command(job.command, stdout=self.stdout, stderr=self.stderr)
            except Exception:  # noqa: BLE001 - one broken job must not stop the rest
                failed.append(job.command)
                self.stderr.write(traceback.format_exc())
        if failed:
            raise CommandError(f"failed: {', '.join(failed)}")
        self.stdout.write(f"all {len(JOBS)} jobs ran")
