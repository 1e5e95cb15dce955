"""Import a municipality → region CSV (columns: municipality, region, optional cbs_code)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from koers.regions.services import import_municipalities


class Command(BaseCommand):
    help = "Import municipality,region[,cbs_code] rows; all-or-nothing with a validation report."

    def add_arguments(self, parser) -> None:
        parser.add_argument("csv_file", type=Path)

    def handle(self, *args, csv_file: Path, **options) -> None:
        try:
            text = csv_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Cannot read {csv_file}: {exc}") from exc
        report = import_municipalities(text)
        if not report.ok:
            for row, message in report.errors:
                self.stderr.write(f"row {row}: {message}")
            raise CommandError(f"Nothing imported: {len(report.errors)} problem(s).")
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {report.created} new, {report.updated} updated, "
                f"{report.unchanged} unchanged."
            )
        )
