"""After putting a new key first in HMAC_KEYS: recompute every perpetrator-number hash
from its encrypted copy. Matching keeps working during the run (lookups try every key);
remove the old key from HMAC_KEYS afterwards."""

from django.core.management.base import BaseCommand

from koers.safety.services import rehash_numbers


class Command(BaseCommand):
    help = "Recompute perpetrator phone-number hashes under the newest HMAC key."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{rehash_numbers()} numbers re-keyed.")
