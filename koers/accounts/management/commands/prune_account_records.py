"""Scheduled hourly (``run_scheduled_jobs``): drop recovery and session records that have
served their purpose, so nothing about an attempt outlives its limit window."""

from django.core.management.base import BaseCommand

from koers.accounts.services import prune_account_records


class Command(BaseCommand):
    help = "Delete old rate-limit counts, unused reset codes and notes of ended sessions."

    def handle(self, *args, **options) -> None:
        deleted = prune_account_records()
        self.stdout.write(f"{deleted} account records deleted")
