"""Verify the audit log's hash chain; exits with status 1 when it is broken."""

from django.core.management.base import BaseCommand, CommandError

from koers.audit.selectors import verify_chain


class Command(BaseCommand):
    help = "Verify that no audit entry was changed, removed or inserted."

    def handle(self, *args, **options) -> None:
        report = verify_chain()
        if not report.intact:
            raise CommandError(
                f"Audit chain broken at entry #{report.broken_at}: {report.reason} "
                f"({report.checked} entries verified before it)."
            )
        self.stdout.write(self.style.SUCCESS(f"Audit chain intact: {report.checked} entries."))
