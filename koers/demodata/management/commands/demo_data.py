"""Fill the database with realistic demo data: ``manage.py demo_data --scale N --seed S``.

Refuses outside demo mode (production settings) so it can never overwrite real data.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from koers.demodata.registry import run_all


class Command(BaseCommand):
    help = "Generate deterministic demo data (every app's registered generator)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--scale", type=int, default=1, help="size multiplier (1 = demo)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, scale: int, seed: int, no_progress: bool, **options) -> None:
        if not settings.DEMO_MODE:
            raise CommandError(
                "demo_data runs only with local or test settings, never in production."
            )
        if scale < 1:
            raise CommandError("--scale must be 1 or more.")
        # The user model through Django, not koers.accounts: the accounts app registers
        # demo data here, so importing it back would make the two apps a cycle.
        if get_user_model().objects.exists():
            raise CommandError(
                "The database already holds users; demo data goes into an empty database."
            )
        with transaction.atomic():
            shared = run_all(scale=scale, seed=seed, show_progress=not no_progress)
        logins = shared.get("logins", [])
        self.stdout.write(self.style.SUCCESS(f"Demo data ready (scale {scale}, seed {seed})."))
        if logins:
            self.stdout.write(f"Demo logins (password for all: {shared.get('password', '?')}):")
            for role, username in logins:
                self.stdout.write(f"  {role:<34} {username}")
