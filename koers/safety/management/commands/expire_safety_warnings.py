"""Scheduled (daily): unpublish warnings past their expiry and anonymise old reports."""

from django.core.management.base import BaseCommand

from koers.safety.services import anonymise_old_reports, expire_warnings


class Command(BaseCommand):
    help = "Unpublish expired safety warnings and anonymise reports past the retention period."

    def handle(self, *args, **options) -> None:
        expired = expire_warnings()
        anonymised = anonymise_old_reports()
        self.stdout.write(f"{expired} warnings unpublished, {anonymised} reports anonymised.")
