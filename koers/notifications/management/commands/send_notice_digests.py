"""Send the daily notice digest (counts and a link only) to the workers who asked for it.

Safe to run hourly: each worker gets at most one mail a day."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.urls import reverse

from koers.notifications.inbox import send_daily_digests


class Command(BaseCommand):
    help = "Send the daily notice digest (counts only) to workers who asked for it."

    def handle(self, *args, **options) -> None:
        base = settings.SITE_URL.rstrip("/")
        sent = send_daily_digests(base + reverse("notifications:list"))
        self.stdout.write(f"{sent} digest(s) sent")
