"""Write a signed checkpoint of the audit chain's head outside the database (see
``koers/audit/checkpoints.py``). Run hourly by ``run_scheduled_jobs``."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from koers.audit import checkpoints
from koers.audit.selectors import verify_chain


class Command(BaseCommand):
    help = "Verify the audit chain since the last checkpoint, then write a new checkpoint."

    def handle(self, *args, **options) -> None:
        if not settings.AUDIT_CHECKPOINT_FILE and not settings.AUDIT_CHECKPOINT_EMAIL:
            raise CommandError(
                "No checkpoint destination: set AUDIT_CHECKPOINT_FILE or AUDIT_CHECKPOINT_EMAIL."
            )
        try:
            known = checkpoints.read_file() if settings.AUDIT_CHECKPOINT_FILE else []
        except checkpoints.CheckpointError as exc:
            raise CommandError(f"Audit checkpoints tampered with: {exc}.") from exc
        latest = max(known, key=lambda checkpoint: checkpoint.sequence) if known else None
        report = verify_chain(since=latest)
        if not report.intact:
            raise CommandError(
                f"No checkpoint written: the audit chain is broken at entry "
                f"#{report.broken_at}: {report.reason}."
            )
        checkpoint = checkpoints.current()
        destinations = checkpoints.write(checkpoint)
        self.stdout.write(
            f"Audit checkpoint #{checkpoint.sequence} written to {', '.join(destinations)}."
        )
