"""Re-encrypt every encrypted field under the newest key in FIELD_ENCRYPTION_KEYS.

Rotation: put the new key first in FIELD_ENCRYPTION_KEYS (keep the old ones after it), run
this command, then remove the old keys.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from koers.privacy.services import reencrypt_all


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields under the newest FIELD_ENCRYPTION_KEYS key."

    def handle(self, *args, **options) -> None:
        try:
            counts = reencrypt_all()
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from exc
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count} rows re-encrypted")
        self.stdout.write(self.style.SUCCESS(f"Done: {sum(counts.values())} rows."))
