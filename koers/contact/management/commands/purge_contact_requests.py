"""Delete closed and withdrawn contact requests after the retention period.

Run daily (cron or a systemd timer). The period is ``CONTACT_REQUEST_RETENTION_DAYS``
(default 90); ``--days`` overrides it for one run.
"""

from django.core.management.base import BaseCommand

from koers.contact.services import purge_closed, retention_days


class Command(BaseCommand):
    help = "Delete closed and withdrawn contact requests older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="override the retention period")

    def handle(self, *args, days=None, **options):
        days = retention_days() if days is None else days
        deleted = purge_closed(days=days)
        self.stdout.write(f"Deleted {deleted} contact request(s) closed more than {days} days ago.")
