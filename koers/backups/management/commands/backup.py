"""``manage.py backup PATH``: a consistent copy of the database, taken while Koers runs."""

from django.core.management.base import BaseCommand, CommandError

from koers.backups.services import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the database to PATH (SQLite online backup, or pg_dump -Fc). "
        "Keys are not included."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="file to write (must not exist yet)")

    def handle(self, *args, **options) -> None:
        try:
            kind = backup(options["path"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Backup written to {options['path']} ({kind}).")
            + "\nIt is unreadable without FIELD_ENCRYPTION_KEYS, HMAC_KEYS, AUDIT_KEYS and "
            "SECRET_KEY: keep those separately (see README, Backups and keys)."
        )
