"""Verify the audit log's sealed chain against the checkpoints kept outside the database;
exits with status 1 when it is broken, naming the entry where it broke."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from koers.audit import checkpoints
from koers.audit.selectors import verify_chain


class Command(BaseCommand):
    help = "Verify that no audit entry was changed, removed or inserted."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--checkpoint-file",
            help="checkpoint file to check against (default: AUDIT_CHECKPOINT_FILE)",
        )
        parser.add_argument(
            "--checkpoint",
            action="append",
            default=[],
            help="a checkpoint line (e.g. from the checkpoint mail); may be repeated",
        )

    def handle(self, *args, **options) -> None:
        path = options["checkpoint_file"] or settings.AUDIT_CHECKPOINT_FILE
        try:
            known = checkpoints.read_file(Path(path)) if path else []
            known += [
                checkpoints.parse(line, f"--checkpoint {number}")
                for number, line in enumerate(options["checkpoint"], start=1)
            ]
        except checkpoints.CheckpointError as exc:
            raise CommandError(f"Audit checkpoints tampered with: {exc}.") from exc
        report = verify_chain(checkpoints=known)
        if not report.intact:
            raise CommandError(
                f"Audit chain broken at entry #{report.broken_at}: {report.reason} "
                f"({report.checked} entries verified before it)."
            )
        if known:
            latest = max(known, key=lambda checkpoint: checkpoint.sequence)
            against = (
                f", matching {len(known)} checkpoint(s), the latest #{latest.sequence} "
                f"of {latest.at}"
            )
        else:
            against = " (no checkpoint yet: run manage.py audit_checkpoint)"
        self.stdout.write(
            self.style.SUCCESS(f"Audit chain intact: {report.checked} entries{against}.")
        )
