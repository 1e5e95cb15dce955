"""``manage.py export_hsds FILE``: every organisation and service as HSDS 3.0 JSON."""

import json

from django.core.management.base import BaseCommand

from koers.audit.models import AuditAction
from koers.audit.services import record
from koers.directory.hsds import export_all


class Command(BaseCommand):
    help = "Export the directory as HSDS 3.0 JSON ({organizations, services})."

    def add_arguments(self, parser):
        parser.add_argument("path", help="file to write, or - for standard output")

    def handle(self, *args, path: str, **options):
        text = json.dumps(export_all(), ensure_ascii=False, indent=1)
        if path == "-":
            self.stdout.write(text)
        else:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"Wrote {path}")
        record(None, AuditAction.EXPORT, "directory", detail="HSDS export")
