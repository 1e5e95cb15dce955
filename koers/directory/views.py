"""Views of the directory: public search, the professionals' signpost, and maintenance by
coordinators (their own organisation only; another organisation's entry is a 404)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from koers.accounts.access import public, staff_required
from koers.accounts.models import Role
from koers.regions.models import Region

from . import selectors, services
from .forms import LocationForm, ServiceForm, choices_with_selection, parse_search
from .models import Location, Service
from .vocabulary import ContactChannel, LifeDomain, SpokenLanguage, TargetGroup


@public
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Find support without an account and without JavaScript."""
    parsed = parse_search(request.GET)
    criteria = parsed.criteria
    lookup = None
    if parsed.town:
        lookup = selectors.resolve_town(parsed.town)
        if lookup.region is not None and criteria.region is None:
            criteria.region = lookup.region
    results = alternatives = advisers = None
    if parsed.submitted and not (
        lookup and lookup.municipality is None and criteria.region is None
    ):
        results = selectors.search_services(criteria, request.GET.get("page", 1))
        if results.total == 0:
            alternatives = selectors.service_cards(selectors.alternatives(criteria))[0]
            advisers = selectors.service_cards(selectors.confidential_advisers())[0]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "parsed": parsed,
        "criteria": criteria,
        "lookup": lookup,
        "results": results,
        "alternatives": alternatives,
        "advisers": advisers,
        "language": get_language() or "nl",
        "regions": Region.objects.order_by("name"),
        "need_choices": choices_with_selection(LifeDomain.choices, criteria.needs),
        "group_choices": choices_with_selection(TargetGroup.choices, criteria.groups),
        "language_choices": choices_with_selection(SpokenLanguage.choices, criteria.language),
        "channel_choices": choices_with_selection(ContactChannel.choices, criteria.channel),
        "reason_labels": selectors.reason_labels(),
        "page_query": query.urlencode(),
    }
    return render(request, "directory/search.html", context)


@staff_required()
@require_GET
def signpost(request: HttpRequest) -> HttpResponse:
    """Wegwijzer: per problem (life domain), which services and agencies to turn to."""
    slug = request.GET.get("region", "")
    region = Region.objects.filter(slug=slug[:40]).first() if slug else None
    if region is None and not slug and request.user.organisation is not None:
        region = request.user.organisation.regions.order_by("name").first()
    labels = dict(LifeDomain.choices)
    rows = [(labels[code], found) for code, found in selectors.signpost(region)]
    return render(
        request,
        "directory/signpost.html",
        {
            "rows": rows,
            "region": region,
            "regions": Region.objects.order_by("name"),
            "unknown_region": bool(slug and region is None),
            "language": get_language() or "nl",
        },
    )


@staff_required(Role.COORDINATOR)
@require_GET
def manage(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    own = list(selectors.services_of(organisation))
    return render(
        request,
        "directory/manage.html",
        {
            "organisation": organisation,
            "services": own,
            "stale": [s for s in own if s.is_stale],
            "locations": Location.objects.filter(organisation=organisation),
        },
    )


def _service_form(request: HttpRequest, service: Service | None) -> HttpResponse:
    organisation = request.user.organisation
    form = ServiceForm(request.POST or None, instance=service, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        saved = services.save_service(form, request.user)
        messages.success(request, _("Saved “%(name)s”.") % {"name": saved.name_nl})
        return redirect("directory:manage")
    return render(request, "directory/service_form.html", {"form": form, "service": service})


@staff_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def service_new(request: HttpRequest) -> HttpResponse:
    return _service_form(request, None)


@staff_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(Service, pk=pk, organisation=request.user.organisation)
    return _service_form(request, service)


@staff_required(Role.COORDINATOR)
@require_POST
def service_verify(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_object_or_404(Service, pk=pk, organisation=request.user.organisation)
    services.mark_verified(service, request.user)
    messages.success(request, _("Marked “%(name)s” as verified today.") % {"name": service.name_nl})
    return redirect("directory:manage")


def _location_form(request: HttpRequest, location: Location | None) -> HttpResponse:
    form = LocationForm(request.POST or None, instance=location)
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.organisation = request.user.organisation
        saved.save()
        messages.success(request, _("Saved “%(name)s”.") % {"name": saved.name})
        return redirect("directory:manage")
    return render(request, "directory/location_form.html", {"form": form, "location": location})


@staff_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def location_new(request: HttpRequest) -> HttpResponse:
    return _location_form(request, None)


@staff_required(Role.COORDINATOR)
@require_http_methods(["GET", "POST"])
def location_edit(request: HttpRequest, pk: int) -> HttpResponse:
    location = get_object_or_404(Location, pk=pk, organisation=request.user.organisation)
    return _location_form(request, location)
