"""Maintaining the municipality → region mapping, including the all-or-nothing CSV import."""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from .models import Municipality, Region

REQUIRED_COLUMNS = ("municipality", "region")


@dataclass
class ImportReport:
    """What an import did, or why it did nothing. ``errors`` holds (row number, message)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _find_region(value: str, regions: dict[str, Region]) -> Region | None:
    return regions.get(value.strip().lower())


def import_municipalities(text: str) -> ImportReport:
    """Import ``municipality,region[,cbs_code]`` rows; nothing is written if any row is bad.

    ``region`` may be the region's slug or name (case-insensitive). Row numbers in the
    report count the header as row 1, as a spreadsheet shows them.
    """
    report = ImportReport()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        report.errors.append(
            (1, _("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)})
        )
        return report
    reader.fieldnames = header
    regions: dict[str, Region] = {}
    for known in Region.objects.all():
        regions[known.slug.lower()] = known
        regions[known.name.lower()] = known
    existing = {m.name.lower(): m for m in Municipality.objects.all()}
    rows: list[tuple[str, Region, str]] = []
    seen: dict[str, int] = {}
    try:
        for row in reader:
            # ``line_num`` counts physical lines, so blank lines skipped by the reader do not
            # shift the row numbers we report.
            number = reader.line_num
            name = (row.get("municipality") or "").strip()
            region_value = (row.get("region") or "").strip()
            cbs_code = (row.get("cbs_code") or "").strip()
            if not name:
                report.errors.append((number, _("The municipality name is empty.")))
                continue
            if name.lower() in seen:
                report.errors.append(
                    (
                        number,
                        _("%(name)s already appears in row %(row)s.")
                        % {"name": name, "row": seen[name.lower()]},
                    )
                )
                continue
            seen[name.lower()] = number
            region = _find_region(region_value, regions)
            if region is None:
                report.errors.append(
                    (
                        number,
                        _("Unknown region %(region)r for %(name)s.")
                        % {"region": region_value, "name": name},
                    )
                )
                continue
            if cbs_code and not (cbs_code.upper().startswith("GM") or cbs_code.isdigit()):
                report.errors.append(
                    (number, _("CBS code %(code)r is not of the form GM0363.") % {"code": cbs_code})
                )
                continue
            current = existing.get(name.lower())
            if current is not None and current.is_lead and current.region_id != region.id:
                report.errors.append(
                    (
                        number,
                        _("%(name)s is the lead municipality of %(region)s and cannot move region.")
                        % {"name": current.name, "region": current.region},
                    )
                )
                continue
            rows.append((name, region, cbs_code))
    except csv.Error as exc:
        report.errors.append(
            (reader.line_num, _("The file is not valid CSV: %(error)s") % {"error": exc})
        )
    if report.errors:
        return report
    with transaction.atomic():
        for name, region, cbs_code in rows:
            current = existing.get(name.lower())
            if current is None:
                Municipality.objects.create(name=name, region=region, cbs_code=cbs_code)
                report.created += 1
            elif current.region_id != region.id or (cbs_code and current.cbs_code != cbs_code):
                current.region = region
                current.cbs_code = cbs_code or current.cbs_code
                current.save(update_fields=["region", "cbs_code"])
                report.updated += 1
            else:
                report.unchanged += 1
    return report
