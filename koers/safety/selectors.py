"""Reads for safety: what a member may see, the moderation queue, exports and statistics."""

import csv
import io
from collections import Counter
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.monitoring.sources import Indicator
from koers.privacy.disclosure import SuppressedTable, suppress_table

from .models import (
    MemberProfile,
    PerpetratorType,
    Report,
    ReportStatus,
    SafetyWarning,
    ViolenceForm,
)


def profile_of(user) -> MemberProfile | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return MemberProfile.objects.filter(user=user).first()


def warnings_for_member(profile: MemberProfile) -> QuerySet[SafetyWarning]:
    """Published, unexpired warnings for the member's regions, newest first. Nothing about
    the reporter is reachable from what the template gets (text, forms, months, regions)."""
    return (
        SafetyWarning.objects.filter(
            is_published=True,
            expires_at__gt=timezone.now(),
            regions__in=profile.regions.all(),
        )
        .distinct()
        .order_by("-published_at")
        .prefetch_related("regions")
    )


def moderation_queue() -> QuerySet[Report]:
    return Report.objects.filter(status=ReportStatus.SUBMITTED).order_by("created_at")


def police_export_reports() -> QuerySet[Report]:
    """Moderated reports whose reporter agreed to share them with the police."""
    return (
        Report.objects.filter(police_consent=True, moderated_at__isnull=False)
        .exclude(status=ReportStatus.REMOVED)
        .select_related("region")
        .prefetch_related("numbers")
        .order_by("occurred_on")
    )


POLICE_COLUMNS = [
    "reference",
    "month",
    "region",
    "place",
    "forms",
    "acts",
    "perpetrator",
    "perpetrator_names",
    "perpetrator_description",
    "perpetrator_vehicle",
    "perpetrator_numbers",
    "account",
]


def police_rows() -> list[dict[str, str]]:
    """One anonymised row per report: no reporter, no contact, date to the month."""
    rows = []
    for report in police_export_reports():
        rows.append(
            {
                "reference": report.reference,
                "month": report.occurred_on.strftime("%Y-%m"),
                "region": report.region.name,
                "place": str(report.get_place_type_display()),
                "forms": ", ".join(report.form_labels()),
                "acts": ", ".join(report.act_labels()),
                "perpetrator": str(report.get_perpetrator_type_display()),
                "perpetrator_names": report.perpetrator_names,
                "perpetrator_description": report.perpetrator_description,
                "perpetrator_vehicle": report.perpetrator_vehicle,
                "perpetrator_numbers": " ".join(n.number_encrypted for n in report.numbers.all()),
                "account": report.description,
            }
        )
    return rows


def police_csv() -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=POLICE_COLUMNS)
    writer.writeheader()
    for row in police_rows():
        writer.writerow({k: _csv_safe(v) for k, v in row.items()})
    return buffer.getvalue()


def _csv_safe(value: str) -> str:
    """Neutralise spreadsheet formulas (CSV injection) in free text."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") and not value[1:2].isdigit() else value


def police_pdf() -> bytes:
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    buffer = io.BytesIO()
    styles = getSampleStyleSheet()
    story = [Paragraph(escape(_("Incident reports shared with the police")), styles["Title"])]
    for row in police_rows():
        story.append(Paragraph(escape(row["reference"]), styles["Heading2"]))
        for key in POLICE_COLUMNS[1:]:
            if row[key]:
                story.append(
                    Paragraph(f"<b>{escape(key)}</b>: {escape(row[key])}", styles["Normal"])
                )
        story.append(Spacer(1, 8))
    SimpleDocTemplate(buffer, pagesize=A4, title="Koers").build(story)
    return buffer.getvalue()


DIMENSIONS = ("form", "perpetrator_type", "region", "month")


def _values(report: dict, dimension: str) -> list:
    if dimension == "form":
        return [f for f in report["forms"] if f in ViolenceForm.values]
    if dimension == "month":
        return [report["occurred_on"].strftime("%Y-%m")]
    if dimension == "region":
        return [report["region__name"]]
    return [report["perpetrator_type"]]


def incident_table(
    rows: str,
    columns: str,
    *,
    since: date | None = None,
    until: date | None = None,
    region_ids: list[int] | None = None,
    threshold: int | None = None,
) -> SuppressedTable:
    """Counts of incidents by two of ``DIMENSIONS`` (form of violence, perpetrator type,
    region, month), with small cells suppressed for monitoring. A report with several forms
    counts once under each form. Reports removed on request are not counted."""
    if rows not in DIMENSIONS or columns not in DIMENSIONS or rows == columns:
        raise ValueError(f"Choose two different dimensions from {DIMENSIONS}.")
    queryset = Report.objects.exclude(status=ReportStatus.REMOVED)
    if since:
        queryset = queryset.filter(occurred_on__gte=since)
    if until:
        queryset = queryset.filter(occurred_on__lte=until)
    if region_ids is not None:
        queryset = queryset.filter(region_id__in=region_ids)
    counts: Counter = Counter()
    for report in queryset.values("forms", "occurred_on", "region__name", "perpetrator_type"):
        for row_value in _values(report, rows):
            for column_value in _values(report, columns):
                counts[(row_value, column_value)] += 1

    def labels(dimension: str) -> list:
        if dimension == "form":
            return list(ViolenceForm.values)
        if dimension == "perpetrator_type":
            return list(PerpetratorType.values)
        return sorted({key[0 if dimension == rows else 1] for key in counts})

    return suppress_table(labels(rows), labels(columns), counts, threshold)


def _date_range(start: datetime, end: datetime) -> tuple[date, date]:
    """Half-open date bounds ``[first, stop)`` for a half-open period of aware datetimes."""
    first, last = timezone.localtime(start), timezone.localtime(end)
    stop = last.date() if last.time() == time.min else last.date() + timedelta(days=1)
    return first.date(), stop


def regional_statistics(start: datetime, end: datetime) -> list[Indicator]:
    """Incidents for the regional monitoring dashboard (``koers.monitoring.sources``).

    Counts only, per region of the report: reports whose incident happened in
    ``[start, end)`` and that were not rejected or removed on request (reports waiting for
    moderation count: the incident was reported). Anonymised reports keep region, forms and
    perpetrator type, so they still count. The database groups the rows; no report leaves
    this function. A report with several forms of violence counts once under each form.
    """
    first, stop = _date_range(start, end)
    reports = (
        Report.objects.filter(occurred_on__gte=first, occurred_on__lt=stop)
        .exclude(status__in=[ReportStatus.REJECTED, ReportStatus.REMOVED])
        .order_by()
    )
    forms = Indicator(
        "forms",
        gettext_lazy(
            "Incidents by form of violence (a report with several forms counts once per form)"
        ),
        list(ViolenceForm.choices),
        source="safety",
    )
    # Grouped by the whole list of forms: a few rows per region, split here per form.
    for row in reports.values("region_id", "forms").annotate(n=Count("id")):
        for form in set(row["forms"] or []) & set(ViolenceForm.values):
            key = (row["region_id"], form)
            forms.counts[key] = forms.counts.get(key, 0) + row["n"]
    perpetrators = Indicator(
        "perpetrators",
        gettext_lazy("Incidents by type of perpetrator"),
        list(PerpetratorType.choices),
        source="safety",
    )
    for row in reports.values("region_id", "perpetrator_type").annotate(n=Count("id")):
        perpetrators.counts[(row["region_id"], row["perpetrator_type"])] = row["n"]
    return [forms, perpetrators]


def warnings_for_moderators(now=None) -> QuerySet[SafetyWarning]:
    """Published warnings, and those taken down in the last 90 days, newest first."""
    now = now or timezone.now()
    return (
        SafetyWarning.objects.filter(
            Q(is_published=True) | Q(unpublished_at__gte=now - timedelta(days=90))
        )
        .select_related("report")
        .prefetch_related("regions")
        .order_by("-is_published", "-published_at")[:300]
    )


def report_by_reference(reference: str) -> Report | None:
    return Report.objects.filter(reference=reference.strip().upper()).first()
