# ruff: noqa: E501
"""``manage.py import_hsds FILE``: import an HSDS 3.0 export from another directory.

All or nothing: when any record is invalid nothing is imported and every bad record and
field is listed."""

import json

from django.core.management.base import BaseCommand, CommandError

from koers.directory.hsds import import_hsds


class Command(BaseCommand):
    help = "Import HSDS 3.0 JSON (organizations and services); nothing is imported if any record is invalid."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path: str, **options):
        try:
            with open(path, encoding="utf-8") as handle:
                payload = json.load(handle)
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        report = import_hsds(payload)
        if not report.ok:
            for label, field, message in report.errors:
                self.stderr.write(f"{label}: {field}: {message}")
            raise CommandError(f"Nothing imported: {len(report.errors)} problem(s).")
        self.stdout.write(
            f"Imported {report.organisations} organisations and {report.services} services."
        )
