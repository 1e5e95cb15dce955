"""Scheduled (daily): unpublish expired warnings, anonymise old reports and drop
number-check events older than two days (they only serve the rate limit)."""

from django.core.management.base import BaseCommand

from koers.safety.services import anonymise_old_reports, expire_warnings, prune_number_checks


class Command(BaseCommand):
    help = "Unpublish expired safety warnings and anonymise reports past the retention period."

    def handle(self, *args, **options) -> None:
        expired = expire_warnings()
        anonymised = anonymise_old_reports()
        prune_number_checks()
        self.stdout.write(f"{expired} warnings unpublished, {anonymised} reports anonymised.")
