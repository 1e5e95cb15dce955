"""``manage.py audit_disclosure [--period YEAR]``: attack everything published, fail on a leak.

Collects every output an analyst can obtain (see ``koers.monitoring.audit``), writes it as
linear relations over the true counts and asks a linear-programming solver for the
narrowest interval of each protected cell. Exits with status 1 when a true count of
1 … k − 1 can be pinned to fewer than k values or a shown number can be de-noised exactly.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from koers.monitoring import audit


class Command(BaseCommand):
    help = "Attack every published table of a period with linear programming; fail on a leak."

    def add_arguments(self, parser):
        parser.add_argument("--period", help="a calendar year (default: every year)")
        parser.add_argument(
            "--skip-shown",
            action="store_true",
            help="only check hidden small cells, not whether shown numbers can be de-noised",
        )

    def handle(self, *args, **options):
        try:
            year = audit.parse_period(options["period"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        started = time.monotonic()
        report = audit.run(year, check_shown=not options["skip_shown"])
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"period {report.period}: {report.systems} systems, {report.published} published "
            f"numbers, {report.protected} protected cells, {elapsed:.1f} s"
        )
        for system, finding in report.findings:
            self.stdout.write(
                f"LEAK {system} {finding.label}: true {finding.truth}, attacker derives "
                f"[{finding.low}, {finding.high}] ({finding.reason})"
            )
        if not report.ok:
            raise CommandError(f"{len(report.findings)} cell(s) can be worked out")
        self.stdout.write(self.style.SUCCESS("no published number gives a person away"))
