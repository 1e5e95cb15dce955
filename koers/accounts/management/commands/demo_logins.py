"""List the demo logins that ``demo_data`` created (demo mode only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from koers.accounts.demo import DEMO_PASSWORD, DEMO_STAFF
from koers.accounts.models import User


class Command(BaseCommand):
    help = "Print the demo logins and password."

    def handle(self, *args, **options) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("demo_logins works only in demo mode.")
        rows = [(label, username) for username, _role, _org, label in DEMO_STAFF]
        rows.append(("sex-worker member", "member"))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for label, username in rows:
            if User.objects.filter(username=username).exists():
                self.stdout.write(f"  {label:<34} {username}")
        self.stdout.write(
            "Staff log in with a second factor: `.venv/bin/python manage.py demo_code USERNAME` "
            "prints the current code."
        )
