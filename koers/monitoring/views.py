"""The regional dashboard for analysts: aggregates only, never a case.

Filters are a whole region (or national) and a calendar year; anything else in the query
string (a municipality, a date range) is ignored and the page says why. A region or year
that does not exist gives the translated 404 page, never a table for something else.
Every number comes from ``koers.privacy.publishing`` (the disclosure-control layer), and
so does every export.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from koers.accounts.access import staff_required
from koers.accounts.models import Role
from koers.audit.models import AuditAction
from koers.audit.services import record
from koers.privacy import publishing
from koers.privacy.disclosure import threshold_or_default
from koers.regions.models import Region

from . import charts, selectors

ALLOWED_FILTERS = {"region", "year", "format"}
EXPORT_FORMATS = publishing.output_formats("pdf", "xlsx")


def _filters(request: HttpRequest):
    regions = list(Region.objects.order_by("name"))
    years = selectors.available_years()
    region = None
    if request.GET.get("region"):
        region = next((r for r in regions if r.slug == request.GET["region"]), None)
        if region is None:
            raise Http404("unknown region")
    year = years[0]
    if request.GET.get("year"):
        try:
            year = int(request.GET["year"])
        except ValueError:
            raise Http404("unknown year") from None
        if year not in years:
            raise Http404("unknown year")
    refused = sorted(set(request.GET) - ALLOWED_FILTERS)
    return regions, years, region, year, refused


def _context(request: HttpRequest) -> dict:
    regions, years, region, year, refused = _filters(request)
    sections = selectors.national_tables(year, regions)
    view = selectors.region_view(sections, region, regions)
    comparisons = selectors.comparisons(year, regions, sections)
    for compared in comparisons:
        compared.chart = charts.interval_chart(
            _("%(title)s: share with its 95 percent interval") % {"title": compared.title},
            compared.rows,
            f"chart-{compared.key}",
        )
    return {
        "regions": regions,
        "years": years,
        "region": region,
        "year": year,
        "refused": refused,
        "view": view,
        "sections": sections,
        "comparisons": comparisons,
        "threshold": threshold_or_default(),
        "max_noise": publishing.MAX_NOISE,
    }


@staff_required(Role.ANALYST)
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "monitoring/dashboard.html", _context(request))


@staff_required(Role.ANALYST)
def national(request: HttpRequest) -> HttpResponse:
    """Every table, every region, in one request."""
    context = _context(request)
    return render(request, "monitoring/national.html", context)


@staff_required(Role.ANALYST)
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in EXPORT_FORMATS:
        raise Http404("unknown format")
    context = _context(request)
    compared = [selectors.comparison_table(c) for c in context["comparisons"]]
    all_tables = [table for section in context["sections"] for table in section.tables]
    all_tables += compared
    title = _("Koers regional monitoring %(year)s") % {"year": context["year"]}
    record(
        request.user,
        AuditAction.EXPORT,
        "monitoring.dashboard",
        detail=f"dashboard {fmt} {context['year']}",
    )
    stamp = f"koers-monitoring-{context['year']}"
    if fmt == "pdf":
        body = publishing.to_pdf(
            title,
            [(str(s.title), s.tables) for s in context["sections"]]
            + [(_("Regions compared"), compared)],
        )
    else:
        body = publishing.to_xlsx(all_tables, sheet_title=str(context["year"]))
    return publishing.response(body, fmt, stamp)
