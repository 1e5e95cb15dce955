"""Views of the directory: public search, the professionals' signpost, and maintenance by
coordinators (their own organisation only; another organisation's entry is a 404)."""

from __future__ import annotations

import functools
import hashlib

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from koers.accounts.access import public, staff_required
from koers.accounts.models import Role
from koers.regions.models import Region

from . import freshness, selectors, services
from .forms import LocationForm, ServiceForm, parse_search
from .models import Location, Service
from .vocabulary import LifeDomain

#: How long a rendered search may be reused. Freshness does not depend on it (the key
#: holds the directory version, which every write changes); it only bounds memory.
SEARCH_CACHE_SECONDS = 15 * 60


@functools.lru_cache(maxsize=16)
def search_texts(language: str) -> dict[str, str]:
    """The fixed texts of every search page (``_search_content.html``, ``_results.html``)
    in the active ``language`` (the caller passes it: it is the cache key), translated
    once instead of by a ``{% translate %}`` tag on every page: those tags were a third of
    the time of a search nobody had made before. Escaped here, once."""
    texts = {
        "title": _("Find support"),
        "lead": _("No account needed. Choose what you need; we show support near you first."),
        "query": _("What are you looking for?"),
        "query_help": _("A word or two, in any language: for example cv, huisarts or taxes."),
        "town": _("Your town"),
        "town_help": _("For example Tilburg or Zaandam. Or choose a region below."),
        "region": _("Or choose a region"),
        "every_region": _("Every region"),
        "need": _("What do you need help with?"),
        "group": _("Support especially for"),
        "language": _("Language spoken"),
        "any_language": _("Any language"),
        "channel": _("How you want to make contact"),
        "any_channel": _("Any way"),
        "only": _("Only show support that"),
        "within_branch": _("helps with changing within the branch"),
        "anonymous": _("you can use anonymously"),
        "search": _("Search"),
        "information": _(
            "Information for newcomers and for changing work: ID, health insurance, GP, tax"
        ),
        "pages": _("Pages"),
        "previous_page": _("Previous page"),
        "next_page": _("Next page"),
    }
    return {key: escape(text) for key, text in texts.items()}


def keep_texts(region: str) -> dict[str, str]:
    """The texts of the "keep on this phone" box for ``region``."""
    return {
        "link": _("All support in region %(region)s on one page") % {"region": region},
        "keep": _("Keep the support of region %(region)s on this phone") % {"region": region},
        "remove": _("Remove it from this phone"),
        "kept": _("Kept on this phone: that page now also opens without internet."),
        "removed": _("Removed from this phone."),
        "failed": _("That did not work. Try again when you have internet."),
        "note": _("Nothing you look at is kept on this phone unless you choose to keep it here."),
    }


def _search_content(request: HttpRequest, language: str, version: int | None = None) -> str:
    """The page's content: the form as the visitor filled it in, and the results (or,
    with no match, the alternatives and the confidential advisers).

    ``version`` is the directory version the view has just read (``None``: unknown);
    with it, regions and towns come from this process's memory."""
    regions = selectors.regions_by_slug(version)
    parsed = parse_search(request.GET, regions)
    criteria = parsed.criteria
    lookup = None
    if parsed.town:
        lookup = selectors.resolve_town(parsed.town, version=version)
        if lookup.region is not None and criteria.region is None:
            criteria.region = lookup.region
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "parsed": parsed,
        "criteria": criteria,
        "lookup": lookup,
        "language": language,
        "texts": search_texts(language),
        "regions": [(region.slug, region.name) for region in regions.values()],
        "results": None,
        "page_query": query.urlencode(),
        "topics_url": reverse("selfcheck:topics"),
        "town_error": bool(lookup and lookup.municipality is None),
        "town_note": "",
    }
    if criteria.region is not None:
        context["keep_path"] = reverse("directory:region_offline", args=[criteria.region.slug])
        context["keep_texts"] = keep_texts(criteria.region.name)
    if lookup and lookup.municipality:
        context["town_note"] = _("%(town)s is in region %(region)s.") % {
            "town": lookup.municipality.name,
            "region": lookup.region.name,
        }
    if parsed.submitted and not (
        lookup and lookup.municipality is None and criteria.region is None
    ):
        page = request.GET.get("page") or 1
        results = selectors.search_services(criteria, page, language, version=version)
        context["results"] = results
        context.update(_results_texts(results, criteria))
        if results.total == 0:
            context["alternatives"] = selectors.service_cards(selectors.alternatives(criteria))[0]
            context["advisers"] = selectors.service_cards(selectors.confidential_advisers())[0]
    # No request: nothing about the visitor (session, user, messages) goes into the cache.
    return render_to_string("directory/_search_content.html", context)


def _results_texts(results: selectors.SearchResults, criteria) -> dict[str, object]:
    """The results heading, the page label and the neighbouring page numbers (in Python
    rather than ``{% blocktranslate %}`` and page lookups: on every results page, and
    those template tags are slow)."""
    total = results.total
    heading = ngettext("%(counter)s service found", "%(counter)s services found", total) % {
        "counter": total
    }
    if criteria.region is not None:
        heading += " — " + _("region %(region)s") % {"region": criteria.region.name}
    page = results.page
    return {
        "heading": heading,
        "page_label": _("Page %(number)s of %(total)s")
        % {"number": page.number, "total": page.paginator.num_pages},
        "previous_page": page.number - 1 if page.has_previous() else None,
        "next_page": page.number + 1 if page.has_next() else None,
    }


def _cache_key(request: HttpRequest, language: str, version: int | None) -> str | None:
    """The cache key of this search, or ``None`` when it is not cached.

    The content is a function of the query string, the language, today's date ("not
    checked for six months" depends on it), the code and translations (``release``) and
    the directory's data — and the directory version changes on every write to that data
    (database triggers, see :mod:`koers.directory.freshness`), so a cached page never
    outlives what it shows. Only first pages are cached: few visitors open later ones,
    and it keeps the cache small."""
    if (request.GET.get("page") or "1").strip() != "1":
        return None
    if version is None:
        return None
    query = request.META.get("QUERY_STRING", "")
    digest = hashlib.sha1(query.encode(), usedforsecurity=False).hexdigest()
    today = timezone.localdate().isoformat()
    return f"directory:search:{freshness.release()}:{version}:{today}:{language}:{digest}"


@public
@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Find support without an account and without JavaScript."""
    language = get_language() or "nl"
    version = freshness.current_version()
    key = _cache_key(request, language, version)
    content = cache.get(key) if key else None
    if content is None:
        content = _search_content(request, language, version)
        if key:
            cache.set(key, content, SEARCH_CACHE_SECONDS)
    # Rendered by the template engine (every value escaped) before it was cached.
    content = mark_safe(content)  # noqa: S308
    return render(request, "directory/search.html", {"content": content})


@public
@require_GET
def help_now(request: HttpRequest) -> HttpResponse:
    """112 and the confidential adviser's contact: the same for everybody, so the service
    worker keeps it for use without internet (see ``koers.pages.offline``)."""
    cards = selectors.service_cards(selectors.confidential_advisers())[0]
    return render(
        request, "directory/help_now.html", {"advisers": cards, "language": get_language()}
    )


@public
@require_GET
def region_offline(request: HttpRequest, slug: str) -> HttpResponse:
    """Every service of one region (and the national ones) on one light page: what a
    person keeps on the phone with "keep on this phone". Works as a plain page too."""
    region = get_object_or_404(Region, slug=slug[:40])
    language = get_language() or "nl"
    services = selectors.region_services(region)
    return render(
        request,
        "directory/region_offline.html",
        {"region": region, "services": services, "language": language},
    )


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
