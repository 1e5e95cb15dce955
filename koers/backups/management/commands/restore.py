"""``manage.py restore PATH``: load a backup made by ``manage.py backup`` into the database."""

from django.core.management.base import BaseCommand, CommandError

from koers.backups.services import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup into the configured database (best: a fresh one). Then run "
        "migrate and verify_audit_chain with the same keys as before."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="backup file written by manage.py backup")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="overwrite a database that already holds tables",
        )

    def handle(self, *args, **options) -> None:
        try:
            kind = restore(options["path"], replace=options["replace"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Restored {options['path']} ({kind}).")
            + "\nNext: manage.py migrate, then manage.py verify_audit_chain (it also checks "
            "the audit checkpoints: entries written after this backup show as removed)."
        )
