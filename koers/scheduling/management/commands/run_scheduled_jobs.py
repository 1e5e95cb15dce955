"""Run the periodic jobs (koers.scheduling.jobs.JOBS) that are due now, once per slot.

Safe on every host at once: each job runs at most once per slot across all of them (see
koers.scheduling.runner). A failing job does not stop the others: each runs, the failures
are reported by name at the end and the command exits with status 1 so cron mails or the
timer marks it failed. Jobs already run for their slot (here or on another host) are listed
as skipped.
"""

from django.core.management.base import BaseCommand, CommandError

from koers.scheduling.jobs import JOBS
from koers.scheduling.runner import run_due_jobs


class Command(BaseCommand):
    help = "Run Koers's periodic jobs that are due (each once per slot across all hosts)."

    def handle(self, *args, **options) -> None:
        for job in JOBS:
            self.stdout.write(f"{job.command}: {job.why}")
        report = run_due_jobs(jobs=JOBS, out=self.stdout)
        for command in report.skipped:
            self.stdout.write(f"skipped {command}: already run for this slot")
        if report.failed:
            raise CommandError(f"failed: {', '.join(report.failed)}")
        self.stdout.write(
            f"all {len(JOBS)} jobs ran" if not report.skipped else f"{len(report.ran)} jobs ran"
        )
