"""The public search's working set, held in this process per directory version.

A first-time search (nothing cached for it yet) used to cost about ten queries and most of
its time in building and running them: the ranked page of ids with its total, then the
card data of the page's services. The directory is small enough to keep whole in memory
(about 6,000 services at ten times the demo data, see ``benchmarks/scenarios``), so the
first search after a directory change loads the facts every search needs — which services
are public, whom and where they serve, how they rank, what their cards show — once, and
every search after that is set intersections, a sort of one tier and ten cards built from
plain values, without a query.

Freshness is the page cache's: the index belongs to one directory *version*, a token that
database triggers replace on every write to a table a result shows (see
:mod:`koers.directory.freshness`). The version is read (one tiny query) before the data, so
an index is never labelled with a version newer than its data; a write in between only
means the next search rebuilds once more.

The rules are the ones of :mod:`koers.directory.selectors`: filters as in
``filtered_services`` and tiers and order as in ``rank_services``;
``tests/test_search_index.py`` checks the index against the ORM definition for many
filter combinations.
"""

from __future__ import annotations

import threading
from collections import Counter, defaultdict
from collections.abc import Iterable

from koers.organisations.models import Organisation
from koers.regions.models import Region

from . import freshness
from .cards import ContactLine, ServiceCard, contact_link
from .models import (
    ContactPoint,
    OpeningHours,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    ServiceLanguage,
    ServiceStatus,
)
from .vocabulary import CONTENT_LANGUAGES, ServiceScope

EMPTY: frozenset[int] = frozenset()


class SearchIndex:
    """The public services of one directory version, as sets to filter and keys to rank."""

    def __init__(self, version: int | None) -> None:
        self.version = version
        self.public: frozenset[int] = EMPTY
        self.specific: frozenset[int] = EMPTY
        self.national: frozenset[int] = EMPTY
        self.within_branch: frozenset[int] = EMPTY
        self.anonymous: frozenset[int] = EMPTY
        self.without_groups: frozenset[int] = EMPTY
        self.by_region: dict[int, frozenset[int]] = {}
        self.by_domain: dict[str, frozenset[int]] = {}
        self.by_group: dict[str, frozenset[int]] = {}
        self.by_language: dict[str, frozenset[int]] = {}
        self.by_channel: dict[str, frozenset[int]] = {}
        #: Position of each service in the order within a tier when needs do not decide:
        #: verified most recently first, then name (case-insensitive), then id.
        self.position: dict[int, int] = {}
        self.cards: dict[int, ServiceCard] = {}  # shared by every request: read-only
        self.domains: dict[int, frozenset[str]] = {}  # life domains, to name matched needs
        self.region_choices: list[tuple[str, str]] = []  # (slug, name) by name
        self.regions_by_slug: dict[str, Region] = {}

    # --- building --------------------------------------------------------------------

    @classmethod
    def load(cls, version: int | None) -> SearchIndex:
        """Read the directory: eight queries, whatever the number of services."""
        index = cls(version)
        regions = list(Region.objects.order_by("name", "pk"))
        index.region_choices = [(region.slug, region.name) for region in regions]
        index.regions_by_slug = {region.slug: region for region in regions}
        region_names = {region.pk: region.name for region in regions}

        organisations: dict[int, Organisation] = {}  # one instance per organisation
        texts = [
            f"{part}_{language}"
            for part in ("name", "description")
            for language in CONTENT_LANGUAGES
        ]
        columns = [
            "pk", "organisation_id", "scope", "cost", "is_national", "no_need_to_stop",
            "can_be_anonymous", "within_branch", "verified_on", *texts,
        ]  # fmt: skip
        cards = index.cards
        rows = Service.objects.filter(
            status=ServiceStatus.ACTIVE, organisation__is_active=True
        ).values_list(*columns, "organisation__name")
        for *row, organisation_name in rows.iterator():
            values = dict(zip(columns, row, strict=True))
            values["id"] = values.pop("pk")
            values["hsds_id"] = None  # not shown; spares a uuid4() per service
            service = Service(**values)
            organisation = organisations.get(service.organisation_id)
            if organisation is None:
                organisation = Organisation(id=service.organisation_id, name=organisation_name)
                organisations[organisation.pk] = organisation
            service.organisation = organisation
            cards[service.pk] = ServiceCard(service)
        public = frozenset(cards)
        # Many services share the same domains, hours or languages: one object for each.
        shared: dict = {}

        by_region: dict[int, set[int]] = defaultdict(set)
        regions_of: dict[int, list[int]] = defaultdict(list)
        for service_id, region_id in Service.regions.through.objects.values_list(
            "service_id", "region_id"
        ).iterator():
            if service_id in cards:
                regions_of[service_id].append(region_id)
                by_region[region_id].add(service_id)
        for service_id, region_ids in regions_of.items():
            names = sorted((region_names[pk], pk) for pk in region_ids)
            cards[service_id].region_names = [name for name, _pk in names]

        by_domain: dict[str, set[int]] = defaultdict(set)
        by_group: dict[str, set[int]] = defaultdict(set)
        domains_of: dict[int, set[str]] = defaultdict(set)
        life = ServiceAttribute.Taxonomy.LIFE_DOMAIN
        for service_id, taxonomy, code in ServiceAttribute.objects.values_list(
            "service_id", "taxonomy", "code"
        ).iterator():
            if service_id not in cards:
                continue
            if taxonomy == life:
                domains_of[service_id].add(code)
                by_domain[code].add(service_id)
            else:
                by_group[code].add(service_id)
        for service_id in cards:
            domains = frozenset(domains_of.get(service_id, ()))
            index.domains[service_id] = shared.setdefault(domains, domains)

        by_channel: dict[str, set[int]] = defaultdict(set)
        for service_id, channel, value in (
            ContactPoint.objects.order_by("channel", "pk")
            .values_list("service_id", "channel", "value")
            .iterator()
        ):
            card = cards.get(service_id)
            if card is not None:
                card.contacts.append(ContactLine(channel, value, contact_link(channel, value)))
                by_channel[channel].add(service_id)

        clock: dict = {}  # one "HH:MM" string per distinct time, not one per row
        hours_of: dict[int, list] = defaultdict(list)
        for service_id, weekday, opens_at, closes_at in (
            OpeningHours.objects.order_by("weekday", "opens_at", "pk")
            .values_list("service_id", "weekday", "opens_at", "closes_at")
            .iterator()
        ):
            if service_id in cards:
                opens = clock.setdefault(opens_at, f"{opens_at:%H:%M}")
                closes = clock.setdefault(closes_at, f"{closes_at:%H:%M}")
                hours_of[service_id].append((weekday, opens, closes))
        for service_id, rows in hours_of.items():
            hours = tuple(rows)
            cards[service_id].hours = shared.setdefault(hours, hours)

        by_language: dict[str, set[int]] = defaultdict(set)
        languages_of: dict[int, list[str]] = defaultdict(list)
        for service_id, code in (
            ServiceLanguage.objects.order_by("code", "pk")
            .values_list("service_id", "code")
            .iterator()
        ):
            if service_id in cards:
                languages_of[service_id].append(code)
                by_language[code].add(service_id)
        for service_id, codes in languages_of.items():
            spoken = tuple(codes)
            cards[service_id].languages = shared.setdefault(spoken, spoken)

        for service_id, address, city in (
            ServiceAtLocation.objects.order_by("pk")
            .values_list("service_id", "location__address_1", "location__city")
            .iterator()
        ):
            card = cards.get(service_id)
            if card is not None:
                card.walk_in_addresses.append(f"{address}, {city}")

        services = [card.service for card in cards.values()]
        index.public = public
        index.specific = frozenset(s.pk for s in services if s.scope == ServiceScope.SPECIFIC)
        index.national = frozenset(s.pk for s in services if s.is_national)
        index.within_branch = frozenset(s.pk for s in services if s.within_branch)
        index.anonymous = frozenset(s.pk for s in services if s.can_be_anonymous)
        grouped = set().union(*by_group.values())
        index.without_groups = public - grouped
        index.by_region = {key: frozenset(ids) for key, ids in by_region.items()}
        index.by_domain = {key: frozenset(ids) for key, ids in by_domain.items()}
        index.by_group = {key: frozenset(ids) for key, ids in by_group.items()}
        index.by_language = {key: frozenset(ids) for key, ids in by_language.items()}
        index.by_channel = {key: frozenset(ids) for key, ids in by_channel.items()}
        ordered = sorted(
            services, key=lambda s: (-s.verified_on.toordinal(), s.name_nl.lower(), s.pk)
        )
        index.position = {service.pk: place for place, service in enumerate(ordered)}
        return index

    # --- searching -------------------------------------------------------------------

    def matches(self, criteria) -> frozenset[int]:
        """Ids of the public services matching every filter of ``criteria`` (a
        ``selectors.SearchCriteria``), as ``selectors.filtered_services`` defines them.

        Every set of the index holds public services only. "Any of" filters intersect
        each value's set with what is left (cheap: as long as the smaller set) rather
        than uniting the large per-value sets first."""
        found = self.public
        if criteria.region is not None:
            found = self.by_region.get(criteria.region.pk, EMPTY) | self.national
        if criteria.needs:
            found = _any_of(found, self.by_domain, criteria.needs)
        if criteria.groups:
            found = _any_of(found, self.by_group, criteria.groups) | (found & self.without_groups)
        if criteria.language:
            found = found & self.by_language.get(criteria.language, EMPTY)
        if criteria.channel:
            found = found & self.by_channel.get(criteria.channel, EMPTY)
        if criteria.within_branch:
            found = found & self.within_branch
        if criteria.anonymous:
            found = found & self.anonymous
        return found

    def tiers(self, found: frozenset[int], region_id: int | None) -> list[frozenset[int]]:
        """``found`` split into the tiers of ``selectors.service_tier``, best first."""
        specific = found & self.specific
        if region_id is None:
            regional = specific - self.national
            return [regional, specific - regional, found - specific]
        in_region = self.by_region.get(region_id, EMPTY)
        first = specific & in_region
        second = (specific & self.national) - first
        third = (found - specific) & (in_region | self.national)
        return [first, second, third, found - first - second - third]

    def ranked_slice(self, criteria, start: int, stop: int) -> tuple[list[tuple[int, int]], int]:
        """``(id, tier)`` of the services ranked ``start:stop`` among the matches of
        ``criteria``, and the number of matches.

        Only the tiers that overlap the slice are sorted: within a tier, more matching
        needs first, then the precomputed :attr:`position`."""
        found = self.matches(criteria)
        region_id = criteria.region.pk if criteria.region is not None else None
        counts = None
        if len(criteria.needs) > 1:  # with one need (or none) every match has the same count
            counts = Counter()
            for need in criteria.needs:
                counts.update(found & self.by_domain.get(need, EMPTY))
        page: list[tuple[int, int]] = []
        seen = 0
        for number, tier in enumerate(self.tiers(found, region_id)):
            size = len(tier)
            if seen + size > start and seen < stop:
                ordered = sorted(tier, key=self.position.__getitem__)
                if counts is not None:  # a stable sort keeps the position order within a count
                    ordered.sort(key=counts.__getitem__, reverse=True)
                page.extend((pk, number) for pk in ordered[max(start - seen, 0) : stop - seen])
            seen += size
        return page, len(found)


def _any_of(
    found: frozenset[int], table: dict[str, frozenset[int]], codes: Iterable[str]
) -> frozenset[int]:
    """The ids in ``found`` that are in ``table``'s set of any of ``codes``."""
    return frozenset().union(*(found & table.get(code, EMPTY) for code in codes))


_current: SearchIndex | None = None
_lock = threading.Lock()


def current(version: int | None = None) -> SearchIndex | None:
    """The index of the directory's current version (built on first use after a change),
    or ``None`` when the version is unknown (triggers not installed): search the database.

    ``version`` is the version the caller has just read (saves the query), if any."""
    global _current
    if version is None:
        version = freshness.current_version()
        if version is None:
            return None
    index = _current
    if index is not None and index.version == version:
        return index
    with _lock:
        index = _current
        if index is None or index.version != version:
            index = SearchIndex.load(version)
            _current = index
    return index
