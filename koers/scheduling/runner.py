"""Run the periodic jobs that are due, each at most once per slot across all hosts.

A job's slot is the current time rounded down to its period (``Job.every_minutes``). Before
running, the runner inserts ``JobRun(job, slot)`` in its own transaction; the unique
constraint lets exactly one of any number of concurrent runners win. The others skip the
job for that slot. A runner that dies after claiming leaves the slot claimed and unfinished
(visible in the admin); the job runs again at its next slot, and every job only acts on what
is due, so nothing is lost — it is late by one period.
"""

from __future__ import annotations

import io
import socket
import traceback
from dataclasses import dataclass, field
from datetime import datetime

from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from .jobs import JOBS, Job
from .models import JobRun


def slot_of(job: Job, now: datetime) -> datetime:
    minutes = job.every_minutes
    moment = now.replace(second=0, microsecond=0)
    minute_of_day = moment.hour * 60 + moment.minute
    start = minute_of_day - minute_of_day % minutes
    return moment.replace(hour=start // 60, minute=start % 60)


def claim(job: Job, slot: datetime) -> JobRun | None:
    try:
        with transaction.atomic():
            return JobRun.objects.create(job=job.command, slot=slot, host=socket.gethostname())
    except IntegrityError:
        return None


@dataclass
class RunReport:
    ran: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def run_due_jobs(now: datetime | None = None, jobs: tuple[Job, ...] | None = None, out=None):
    """Claim and run every job whose current slot nobody has claimed yet."""
    now = now or timezone.now()
    report = RunReport()
    for job in JOBS if jobs is None else jobs:
        slot = slot_of(job, now)
        run = claim(job, slot)
        if run is None:
            report.skipped.append(job.command)
            continue
        buffer = io.StringIO()
        try:
            call_command(job.command, stdout=buffer, stderr=buffer)
            run.succeeded = True
            report.ran.append(job.command)
        except Exception:  # noqa: BLE001 - one broken job must not stop the rest
            buffer.write(traceback.format_exc())
            run.succeeded = False
            report.failed.append(job.command)
        run.finished_at = timezone.now()
        run.output = buffer.getvalue()[-5000:]
        run.save(update_fields=["finished_at", "succeeded", "output"])
        if out is not None:
            out.write(run.output)
    return report
