"""The scheduler service (deploy/koers-scheduler.service): every ``--interval`` seconds,
run the jobs that are due. Any number of hosts may run it; each job runs once per slot."""

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from koers.scheduling.runner import run_due_jobs


class Command(BaseCommand):
    help = "Run due periodic jobs in a loop (the scheduler service)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--interval", type=float, default=20.0)
        parser.add_argument("--once", action="store_true", help="one pass, then exit")

    def handle(self, *args, interval: float, once: bool, **options) -> None:
        running = True

        def stop(_signum, _frame) -> None:
            nonlocal running
            running = False

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        while running:
            close_old_connections()
            report = run_due_jobs()
            for command in report.ran + report.failed:
                status = "failed" if command in report.failed else "ran"
                self.stdout.write(f"{command}: {status}")
            self.stdout.flush()
            if once:
                return
            deadline = time.monotonic() + interval
            while running and time.monotonic() < deadline:
                time.sleep(0.5)
