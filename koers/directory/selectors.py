# The plain SQL here is assembled from constants and "%s" placeholders only; values always
# travel as parameters.
# ruff: noqa: S608
"""Reading the directory: town lookup, search and ranking.

The ranking rule lives in one pure function, :func:`rank_services`, so the public search,
the signpost and the self-check order services the same way:

1. sex-work-specific services that serve the visitor's region,
2. sex-work-specific services that work nationally,
3. general (sex-work-friendly) partners in the region or national,
4. anything else that matched the filters;

within a tier, more matching needs first, then services verified recently, then name.

:func:`search_services` applies the same tiers as a database ``ORDER BY`` so a results page
costs a fixed number of queries however many services match (tested against the pure
function in ``tests/test_selectors.py``).
"""

from __future__ import annotations

import csv
import difflib
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from koers.organisations.models import Organisation, OrganisationKind
from koers.regions.models import Municipality, Region

from . import freshness, search_index
from .cards import ContactLine, ServiceCard, contact_link
from .models import (
    ContactPoint,
    OpeningHours,
    Service,
    ServiceAttribute,
    ServiceLanguage,
    ServiceStatus,
)
from .vocabulary import CONTENT_LANGUAGES, ServiceScope

ALIASES_FILE = Path(__file__).resolve().parent.parent / "regions" / "data" / "town_aliases.csv"
PAGE_SIZE = 10

TIER_REGIONAL_SPECIFIC = 0
TIER_NATIONAL_SPECIFIC = 1
TIER_GENERAL_PARTNER = 2
TIER_OTHER = 3


# --- towns -----------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    """Other names people type for a municipality (villages, English names, old names)."""
    with ALIASES_FILE.open(encoding="utf-8") as handle:
        return {
            row["town"].strip().lower(): row["municipality"].strip()
            for row in csv.DictReader(handle)
        }


@dataclass
class TownLookup:
    """The result of resolving a typed town: a municipality, or suggestions to pick from."""

    text: str
    municipality: Municipality | None = None
    suggestions: list[str] = field(default_factory=list)

    @property
    def region(self) -> Region | None:
        return self.municipality.region if self.municipality else None


_towns: tuple[int, dict[str, Municipality]] | None = None


def _municipalities(version: int | None = None) -> dict[str, Municipality]:
    """Every municipality (with its region) by lower-case name.

    Kept in this process while the directory version stays the same (municipalities and
    regions are watched tables, see :mod:`koers.directory.freshness`): one small query
    instead of a lookup with a join on every search that names a town."""
    global _towns
    if version is None:
        version = freshness.current_version()
    if version is not None and _towns is not None and _towns[0] == version:
        return _towns[1]
    towns = {m.name.lower(): m for m in Municipality.objects.select_related("region")}
    if version is not None:
        _towns = (version, towns)
    return towns


def resolve_town(text: str, *, version: int | None = None) -> TownLookup:
    """Resolve a typed town to its municipality (and so its region).

    Exact municipality names and known aliases match case-insensitively; anything else gets
    up to five close spellings (``difflib``) so a typo never ends in an empty page.
    ``version``: the directory version the caller has just read, if any.
    """
    cleaned = " ".join(text.split())
    lookup = TownLookup(text=cleaned)
    if not cleaned:
        return lookup
    key = cleaned.lower()
    alias = _aliases().get(key)
    municipalities = _municipalities(version)
    municipality = municipalities.get((alias or cleaned).lower()) or municipalities.get(key)
    if municipality is not None:
        lookup.municipality = municipality
        return lookup
    names = {m.name.lower(): m.name for m in municipalities.values()}
    names.update({alias_key: alias_key.title() for alias_key in _aliases()})
    close = difflib.get_close_matches(key, list(names), n=5, cutoff=0.6)
    lookup.suggestions = [names[match] for match in close]
    return lookup


# --- ranking -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedService:
    """A service in result order, with the reasons a visitor or professional may be shown."""

    service: Service
    tier: int
    matched_needs: tuple[str, ...]
    reasons: tuple[str, ...]


def service_tier(service: Service, region_id: int | None, region_ids: Iterable[int]) -> int:
    """The tier of a service for a visitor in ``region_id`` (see the module docstring)."""
    in_region = region_id is not None and region_id in set(region_ids)
    if service.scope == ServiceScope.SPECIFIC:
        if in_region or (region_id is None and not service.is_national):
            return TIER_REGIONAL_SPECIFIC
        if service.is_national:
            return TIER_NATIONAL_SPECIFIC
        return TIER_OTHER
    if in_region or service.is_national or region_id is None:
        return TIER_GENERAL_PARTNER
    return TIER_OTHER


def rank_services(
    services: Iterable[Service],
    *,
    region_id: int | None,
    needs: Sequence[str] = (),
    region_ids_of: dict[int, set[int]] | None = None,
    domains_of: dict[int, set[str]] | None = None,
) -> list[RankedService]:
    """Order ``services`` for a person in ``region_id`` with the given ``needs`` (life domains).

    Pure: reads only the objects and the two optional maps it is given (service pk → region
    ids, service pk → life-domain codes; when omitted they are read from prefetched
    ``service.regions`` / ``service.attributes``), so callers control the queries.
    Returns every service, best first, with the reasons behind its place.
    """
    wanted = tuple(needs)
    ranked: list[tuple[tuple, RankedService]] = []
    for service in services:
        if region_ids_of is not None:
            region_ids = region_ids_of.get(service.pk, set())
        else:
            region_ids = {region.pk for region in service.regions.all()}
        if domains_of is not None:
            domains = domains_of.get(service.pk, set())
        else:
            domains = {
                a.code
                for a in service.attributes.all()
                if a.taxonomy == ServiceAttribute.Taxonomy.LIFE_DOMAIN
            }
        tier = service_tier(service, region_id, region_ids)
        matched = tuple(need for need in wanted if need in domains)
        key = (
            tier,
            -len(matched),
            -service.verified_on.toordinal(),
            service.name_nl.lower(),
            service.pk,
        )
        ranked.append((key, ranked_service(service, tier, matched)))
    ranked.sort(key=lambda pair: pair[0])
    return [item for _key, item in ranked]


def ranked_service(service: Service, tier: int, matched: tuple[str, ...]) -> RankedService:
    """``service`` in ``tier``, matching the needs ``matched``, with its reasons."""
    reasons = []
    if tier == TIER_REGIONAL_SPECIFIC:
        reasons.append("specialised_in_region")
    elif tier == TIER_NATIONAL_SPECIFIC:
        reasons.append("specialised_national")
    elif tier == TIER_GENERAL_PARTNER:
        reasons.append("general_partner")
    if matched:
        reasons.append("matches_needs")
    if service.no_need_to_stop:
        reasons.append("no_need_to_stop")
    if service.can_be_anonymous:
        reasons.append("anonymous")
    return RankedService(service, tier, matched, tuple(reasons))


# --- search ------------------------------------------------------------------------------


@dataclass
class SearchCriteria:
    """What a visitor asked for. Values are already validated (see ``forms.SearchForm``)."""

    region: Region | None = None
    needs: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    language: str = ""
    channel: str = ""
    within_branch: bool = False
    anonymous: bool = False

    @property
    def is_empty(self) -> bool:
        return not (
            self.region
            or self.needs
            or self.groups
            or self.language
            or self.channel
            or self.within_branch
            or self.anonymous
        )


def _attribute_ids(taxonomy: str, codes: Sequence[str] | None = None) -> QuerySet:
    """Ids of services with any of ``codes`` in ``taxonomy`` (any term when ``None``).

    Filters use ``pk IN (uncorrelated subquery)`` rather than a correlated ``EXISTS`` per
    row: the database computes the id list once from the ``(taxonomy, code, service)``
    index instead of probing it for each of the thousands of services."""
    qs = ServiceAttribute.objects.filter(taxonomy=taxonomy)
    if codes is not None:
        qs = qs.filter(code__in=codes)
    return qs.values("service_id")


def _region_ids(region: Region) -> QuerySet:
    """Ids of the services that serve ``region`` (not counting national services)."""
    return (
        Service.regions.through.objects.filter(region_id=region.pk).order_by().values("service_id")
    )


def public_services() -> QuerySet[Service]:
    return Service.objects.filter(status=ServiceStatus.ACTIVE, organisation__is_active=True)


def filtered_services(criteria: SearchCriteria, *, use_region: bool = True) -> QuerySet[Service]:
    """Services matching every filter. Needs and groups match any of the chosen values;
    a service without target groups is for everyone and matches any group."""
    qs = public_services()
    if use_region and criteria.region is not None:
        # Driven from the region's services plus the national ones (a few hundred rows
        # through two indexes) rather than testing every service in the country.
        national = Service.objects.filter(is_national=True).order_by().values("pk")
        qs = qs.filter(pk__in=_region_ids(criteria.region).union(national, all=True))
    if criteria.needs:
        qs = qs.filter(pk__in=_attribute_ids(ServiceAttribute.Taxonomy.LIFE_DOMAIN, criteria.needs))
    if criteria.groups:
        group = ServiceAttribute.Taxonomy.TARGET_GROUP
        qs = qs.filter(
            Q(pk__in=_attribute_ids(group, criteria.groups)) | ~Q(pk__in=_attribute_ids(group))
        )
    if criteria.language:
        qs = qs.filter(
            pk__in=ServiceLanguage.objects.filter(code=criteria.language).values("service_id")
        )
    if criteria.channel:
        qs = qs.filter(
            pk__in=ContactPoint.objects.filter(channel=criteria.channel).values("service_id")
        )
    if criteria.within_branch:
        qs = qs.filter(within_branch=True)
    if criteria.anonymous:
        qs = qs.filter(can_be_anonymous=True)
    return qs


def _ordered(qs: QuerySet[Service], criteria: SearchCriteria) -> QuerySet[Service]:
    """The ranking of :func:`rank_services`, as SQL, so only one page is ever loaded."""
    if criteria.region is not None:
        in_region = Exists(
            Service.regions.through.objects.filter(
                service_id=OuterRef("pk"), region_id=criteria.region.pk
            )
        )
        qs = qs.annotate(in_region=in_region)
        tier = Case(
            When(
                Q(scope=ServiceScope.SPECIFIC) & Q(in_region=True),
                then=Value(TIER_REGIONAL_SPECIFIC),
            ),
            When(
                Q(scope=ServiceScope.SPECIFIC) & Q(is_national=True),
                then=Value(TIER_NATIONAL_SPECIFIC),
            ),
            When(
                Q(scope=ServiceScope.FRIENDLY) & (Q(in_region=True) | Q(is_national=True)),
                then=Value(TIER_GENERAL_PARTNER),
            ),
            default=Value(TIER_OTHER),
            output_field=IntegerField(),
        )
    else:
        tier = Case(
            When(
                Q(scope=ServiceScope.SPECIFIC) & Q(is_national=False),
                then=Value(TIER_REGIONAL_SPECIFIC),
            ),
            When(Q(scope=ServiceScope.SPECIFIC), then=Value(TIER_NATIONAL_SPECIFIC)),
            default=Value(TIER_GENERAL_PARTNER),
            output_field=IntegerField(),
        )
    qs = qs.annotate(tier=tier)
    if criteria.needs:
        # A correlated count per row instead of JOIN + GROUP BY over every match.
        matches = (
            ServiceAttribute.objects.filter(
                service=OuterRef("pk"),
                taxonomy=ServiceAttribute.Taxonomy.LIFE_DOMAIN,
                code__in=criteria.needs,
            )
            .order_by()
            .values("service")
            .annotate(n=Count("pk"))
            .values("n")
        )
        qs = qs.annotate(need_matches=Coalesce(Subquery(matches, output_field=IntegerField()), 0))
    else:
        qs = qs.annotate(need_matches=Value(0, output_field=IntegerField()))
    return qs.order_by("tier", "-need_matches", "-verified_on", "name_nl", "pk")


def with_display_data(qs: QuerySet[Service]) -> QuerySet[Service]:
    """Everything a result card shows, in a fixed number of queries."""
    return qs.select_related("organisation").prefetch_related(
        "regions",
        "attributes",
        Prefetch("contact_points", queryset=ContactPoint.objects.order_by("channel")),
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens_at")),
        "languages",
        "service_at_locations__location",
    )


def _in(ids: Sequence[int]) -> str:
    return ", ".join(["%s"] * len(ids))


def _rows(sql: str, params: Sequence) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _hhmm(value) -> str:
    """A time from a raw query as ``HH:MM`` (SQLite gives text, PostgreSQL ``time``)."""
    return value[:5] if isinstance(value, str) else f"{value:%H:%M}"


def _as_date(value) -> date:
    return date.fromisoformat(value) if isinstance(value, str) else value


def service_cards(
    services: Sequence[Service],
) -> tuple[list[ServiceCard], dict[int, set[int]], dict[int, set[str]]]:
    """Cards for ``services`` (which must have ``organisation`` selected), in their order,
    plus the region and life-domain maps :func:`rank_services` needs. Six queries,
    whatever the number of services.

    Plain SQL rather than ORM querysets: these six small, fixed queries are on every
    results page, and building them through the ORM cost more than running them."""
    ids = [service.pk for service in services]
    cards = {service.pk: ServiceCard(service=service) for service in services}
    hours: dict[int, list] = {pk: [] for pk in ids}
    languages: dict[int, list] = {pk: [] for pk in ids}
    region_ids_of: dict[int, set[int]] = {pk: set() for pk in ids}
    domains_of: dict[int, set[str]] = {pk: set() for pk in ids}
    if not ids:
        return [], region_ids_of, domains_of
    marks = _in(ids)
    for service_id, region_id, name in _rows(
        "SELECT sr.service_id, sr.region_id, r.name FROM directory_service_regions sr "
        "INNER JOIN regions_region r ON r.id = sr.region_id "
        f"WHERE sr.service_id IN ({marks}) ORDER BY r.name, sr.id",
        ids,
    ):
        cards[service_id].region_names.append(name)
        region_ids_of[service_id].add(region_id)
    for service_id, code in _rows(
        "SELECT service_id, code FROM directory_serviceattribute "
        f"WHERE service_id IN ({marks}) AND taxonomy = %s",
        [*ids, ServiceAttribute.Taxonomy.LIFE_DOMAIN.value],
    ):
        domains_of[service_id].add(code)
    for service_id, channel, value in _rows(
        "SELECT service_id, channel, value FROM directory_contactpoint "
        f"WHERE service_id IN ({marks}) ORDER BY channel, id",
        ids,
    ):
        cards[service_id].contacts.append(ContactLine(channel, value, contact_link(channel, value)))
    for service_id, weekday, opens_at, closes_at in _rows(
        "SELECT service_id, weekday, opens_at, closes_at FROM directory_openinghours "
        f"WHERE service_id IN ({marks}) ORDER BY weekday, opens_at, id",
        ids,
    ):
        hours[service_id].append((weekday, _hhmm(opens_at), _hhmm(closes_at)))
    for service_id, code in _rows(
        "SELECT service_id, code FROM directory_servicelanguage "
        f"WHERE service_id IN ({marks}) ORDER BY code, id",
        ids,
    ):
        languages[service_id].append(code)
    for service_id, address, city in _rows(
        "SELECT sal.service_id, l.address_1, l.city FROM directory_serviceatlocation sal "
        "INNER JOIN directory_location l ON l.id = sal.location_id "
        f"WHERE sal.service_id IN ({marks}) ORDER BY sal.id",
        ids,
    ):
        cards[service_id].walk_in_addresses.append(f"{address}, {city}")
    for pk, card in cards.items():
        card.hours, card.languages = tuple(hours[pk]), tuple(languages[pk])
    return [cards[pk] for pk in ids], region_ids_of, domains_of


@dataclass
class SearchResults:
    page: Page
    ranked: list[RankedService]
    total: int
    cards: list[ServiceCard] = field(default_factory=list)


def _ranked_sql(criteria: SearchCriteria) -> tuple[str, list]:
    """``SELECT id, total`` of the matching services in rank order: the SQL that
    :func:`filtered_services` and :func:`_ordered` build, written out.

    Why by hand: the ORM spent about 5 ms building and compiling this query on every
    results page, several times what the database needs to run it. ``_ordered`` stays the
    readable definition (and the alternatives use it); ``tests/test_search.py`` checks
    that both orders equal the pure :func:`rank_services`, and that the filters agree.
    Only ``%s`` parameters carry values; the text is built from constants."""
    where = ["o.is_active", "s.status = %s"]
    params: list = [ServiceStatus.ACTIVE.value]
    life, group = (
        ServiceAttribute.Taxonomy.LIFE_DOMAIN.value,
        ServiceAttribute.Taxonomy.TARGET_GROUP.value,
    )
    if criteria.region is not None:
        where.append(
            "s.id IN (SELECT service_id FROM directory_service_regions WHERE region_id = %s "
            "UNION ALL SELECT id FROM directory_service WHERE is_national)"
        )
        params.append(criteria.region.pk)
    if criteria.needs:
        where.append(
            "s.id IN (SELECT service_id FROM directory_serviceattribute "
            f"WHERE taxonomy = %s AND code IN ({_in(criteria.needs)}))"
        )
        params += [life, *criteria.needs]
    if criteria.groups:
        where.append(
            "(s.id IN (SELECT service_id FROM directory_serviceattribute "
            f"WHERE taxonomy = %s AND code IN ({_in(criteria.groups)})) "
            "OR NOT (s.id IN (SELECT service_id FROM directory_serviceattribute "
            "WHERE taxonomy = %s)))"
        )
        params += [group, *criteria.groups, group]
    if criteria.language:
        where.append("s.id IN (SELECT service_id FROM directory_servicelanguage WHERE code = %s)")
        params.append(criteria.language)
    if criteria.channel:
        where.append("s.id IN (SELECT service_id FROM directory_contactpoint WHERE channel = %s)")
        params.append(criteria.channel)
    if criteria.within_branch:
        where.append("s.within_branch")
    if criteria.anonymous:
        where.append("s.can_be_anonymous")
    specific, friendly = ServiceScope.SPECIFIC.value, ServiceScope.FRIENDLY.value
    order_params: list = []
    if criteria.region is not None:
        in_region = (
            "EXISTS(SELECT 1 FROM directory_service_regions r "
            "WHERE r.region_id = %s AND r.service_id = s.id)"
        )
        tier = (
            f"CASE WHEN (s.scope = %s AND {in_region}) THEN {TIER_REGIONAL_SPECIFIC} "
            f"WHEN (s.scope = %s AND s.is_national) THEN {TIER_NATIONAL_SPECIFIC} "
            f"WHEN (s.scope = %s AND ({in_region} OR s.is_national)) THEN {TIER_GENERAL_PARTNER} "
            f"ELSE {TIER_OTHER} END"
        )
        region = criteria.region.pk
        order_params += [specific, region, specific, friendly, region]
    else:
        tier = (
            f"CASE WHEN (s.scope = %s AND NOT s.is_national) THEN {TIER_REGIONAL_SPECIFIC} "
            f"WHEN (s.scope = %s) THEN {TIER_NATIONAL_SPECIFIC} ELSE {TIER_GENERAL_PARTNER} END"
        )
        order_params += [specific, specific]
    if criteria.needs:
        need_matches = (
            "(SELECT COUNT(*) FROM directory_serviceattribute a WHERE a.service_id = s.id "
            f"AND a.taxonomy = %s AND a.code IN ({_in(criteria.needs)}))"
        )
        order_params += [life, *criteria.needs]
    else:
        need_matches = ""  # every service matches none: no ordering by it
    sql = (
        "SELECT s.id, COUNT(*) OVER () FROM directory_service s "
        "INNER JOIN organisations_organisation o ON o.id = s.organisation_id "
        f"WHERE {' AND '.join(where)} "
        f"ORDER BY {tier}, {need_matches + ' DESC, ' if need_matches else ''}"
        "s.verified_on DESC, s.name_nl, s.id"
    )
    return sql, params + order_params


def _page_of_ids(criteria: SearchCriteria, page_number: int | str) -> Page:
    """One page of ids of the ranked matches, and the total, in one query.

    The total comes from ``COUNT(*) OVER ()`` in the page query itself instead of a
    separate ``COUNT(*)`` over the same filters. Like ``Paginator.get_page``, a page
    number that is not a number means page 1 and one past the end means the last page
    (that rare case costs one query more)."""
    number = _page_number(page_number)
    sql, params = _ranked_sql(criteria)
    rows = _rows(f"{sql} LIMIT %s OFFSET %s", [*params, PAGE_SIZE, (number - 1) * PAGE_SIZE])
    if rows:
        total = rows[0][1]
    elif number > 1:
        total = _rows(f"SELECT COUNT(*) FROM ({sql}) matches", params)[0][0]
        last = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        number = min(number, last)
        rows = _rows(f"{sql} LIMIT %s OFFSET %s", [*params, PAGE_SIZE, (number - 1) * PAGE_SIZE])
    else:
        total = 0
    # A range stands in for the matches: the paginator only needs their number.
    paginator = Paginator(range(total), PAGE_SIZE)
    return Page([pk for pk, _total in rows], number, paginator)


_CARD_FIELDS = (
    "id", "organisation_id", "scope", "cost", "is_national", "no_need_to_stop",
    "can_be_anonymous", "within_branch", "verified_on", "name_nl", "description_nl",
)  # fmt: skip


def _services_for_cards(ids: Sequence[int], language: str) -> list[Service]:
    """The services ``ids`` in that order, with their organisation's name: only the
    fields a result card and the ranking read, in one plain query."""
    if not ids:
        return []
    own = (f"name_{language}", f"description_{language}") if language != "nl" else ()
    columns = [*_CARD_FIELDS, *own]
    rows = _rows(
        f"SELECT {', '.join('s.' + c for c in columns)}, o.name FROM directory_service s "
        "INNER JOIN organisations_organisation o ON o.id = s.organisation_id "
        f"WHERE s.id IN ({_in(ids)})",
        ids,
    )
    by_pk = {}
    for row in rows:
        values = dict(zip(columns, row[:-1], strict=True))
        for flag in ("is_national", "no_need_to_stop", "can_be_anonymous", "within_branch"):
            values[flag] = bool(values[flag])
        values["verified_on"] = _as_date(values["verified_on"])
        service = Service(**values)
        service.organisation = Organisation(id=values["organisation_id"], name=row[-1])
        by_pk[service.pk] = service
    return [by_pk[pk] for pk in ids if pk in by_pk]


def _page_number(page_number: int | str) -> int:
    try:
        return max(int(page_number), 1)
    except (TypeError, ValueError):
        return 1


def _indexed_search(
    index: search_index.SearchIndex, criteria: SearchCriteria, page_number: int | str
) -> SearchResults:
    """:func:`search_services` from the in-memory index: no query.

    Pages as :func:`_page_of_ids` does (a page past the end shows the last one); ranks
    as :func:`rank_services` does (``tests/test_search_index.py`` checks both)."""
    number = _page_number(page_number)
    found, total = index.ranked_slice(criteria, (number - 1) * PAGE_SIZE, number * PAGE_SIZE)
    if not found and number > 1:
        number = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
        found, total = index.ranked_slice(criteria, (number - 1) * PAGE_SIZE, number * PAGE_SIZE)
    ids = [pk for pk, _tier in found]
    cards = [index.cards[pk] for pk in ids]  # shared, read-only (see cards.py)
    ranked = [
        ranked_service(
            card.service,
            tier,
            tuple(need for need in criteria.needs if need in index.domains[pk]),
        )
        for card, (pk, tier) in zip(cards, found, strict=True)
    ]
    page = Page(ids, number, Paginator(range(total), PAGE_SIZE))
    return SearchResults(page=page, ranked=ranked, total=total, cards=cards)


def search_services(
    criteria: SearchCriteria,
    page_number: int | str = 1,
    language: str | None = None,
    *,
    version: int | None = None,
) -> SearchResults:
    """One page of ranked results; the number of queries does not depend on the matches.

    From the in-memory index of the current directory version (see
    :mod:`koers.directory.search_index`; ``version`` is the version the caller has just
    read, if any); from the database when the version is unknown."""
    index = search_index.current(version)
    if index is not None:
        return _indexed_search(index, criteria, page_number)
    page = _page_of_ids(criteria, page_number)
    language = language if language in CONTENT_LANGUAGES else "nl"
    ordered = _services_for_cards(list(page.object_list), language)
    cards, region_ids_of, domains_of = service_cards(ordered)
    region_id = criteria.region.pk if criteria.region else None
    ranked = rank_services(
        ordered,
        region_id=region_id,
        needs=criteria.needs,
        region_ids_of=region_ids_of,
        domains_of=domains_of,
    )
    by_pk = {card.service.pk: card for card in cards}
    return SearchResults(
        page=page,
        ranked=ranked,
        total=page.paginator.count,
        cards=[by_pk[item.service.pk] for item in ranked],
    )


def alternatives(criteria: SearchCriteria, limit: int = 5) -> list[Service]:
    """When nothing matches: the same need anywhere (nearest first: national), else national."""
    relaxed = SearchCriteria(region=None, needs=criteria.needs)
    qs = with_display_data(
        _ordered(filtered_services(relaxed), relaxed).order_by("-is_national", "tier", "name_nl")
    )
    found = list(qs[:limit])
    if not found:
        found = list(
            with_display_data(public_services().filter(is_national=True).order_by("name_nl"))[
                :limit
            ]
        )
    return found


def confidential_advisers() -> list[Service]:
    """Services of confidential-adviser organisations: always shown when nothing matched."""
    return list(
        with_display_data(
            public_services()
            .filter(organisation__kind=OrganisationKind.CONFIDENTIAL_ADVISER)
            .order_by("name_nl")
        )[:3]
    )


def signpost(region: Region | None) -> list[tuple[str, list[Service]]]:
    """For professionals: per life domain, the services and agencies in ``region`` (and
    national ones), ranked. One query for the services, a fixed number for their details."""
    from .vocabulary import LifeDomain

    qs = public_services()
    if region is not None:
        qs = qs.filter(Q(is_national=True) | Q(regions=region)).distinct()
    services = list(with_display_data(qs))
    region_id = region.pk if region else None
    rows = []
    for domain in LifeDomain:
        in_domain = [
            s
            for s in services
            if any(
                a.taxonomy == ServiceAttribute.Taxonomy.LIFE_DOMAIN and a.code == domain.value
                for a in s.attributes.all()
            )
        ]
        ranked = rank_services(in_domain, region_id=region_id, needs=[domain.value])
        rows.append((domain.value, [item.service for item in ranked]))
    return rows


# --- maintenance -------------------------------------------------------------------------


def services_of(organisation: Organisation) -> QuerySet[Service]:
    return (
        Service.objects.filter(organisation=organisation)
        .prefetch_related("regions")
        .order_by("name_nl")
    )
