"""The in-memory search index finds and orders exactly what the readable ORM definition
(``selectors.filtered_services`` + ``selectors._ordered``) does, for many filter
combinations; pages and totals follow; reading the directory costs a fixed number of
queries; and a write is seen by the next search."""

import itertools
import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from koers.directory import freshness, search_index
from koers.directory.models import (
    ContactPoint,
    Service,
    ServiceAttribute,
    ServiceLanguage,
    ServiceStatus,
)
from koers.directory.selectors import (
    PAGE_SIZE,
    SearchCriteria,
    _ordered,
    filtered_services,
    rank_services,
    search_services,
    service_tier,
)
from koers.organisations.models import Organisation, OrganisationKind
from koers.regions.models import Region

pytestmark = pytest.mark.django_db

REGIONS = ["tilburg", "amsterdam", "utrecht"]
DOMAINS = ["housing", "work_income", "safety", "debts"]
GROUPS = ["trans_nonbinary", "migrants", "young_people"]
LANGUAGES = ["nl", "en", "ro"]
CHANNELS = ["phone", "whatsapp", "walk_in"]


@pytest.fixture
def varied_directory():
    """Sixty services with every combination of facts the filters and tiers look at,
    plus an inactive service and one of an inactive organisation (never found)."""
    rng = random.Random(3)
    regions = {region.slug: region for region in Region.objects.filter(slug__in=REGIONS)}
    organisations = [
        Organisation.objects.create(name=f"Organisatie {n}", kind=OrganisationKind.SPECIALISED)
        for n in range(3)
    ]
    today = timezone.localdate()
    for number in range(60):
        national = number % 7 == 0
        service = Service.objects.create(
            organisation=organisations[number % 3],
            name_nl=f"Dienst {rng.choice('ABC')}{number:02}",
            description_nl="Hulp.",
            scope=rng.choice(["specific", "friendly"]),
            is_national=national,
            within_branch=rng.random() < 0.3,
            can_be_anonymous=rng.random() < 0.4,
            # few distinct dates, so the name and the id decide ties too
            verified_on=today - timedelta(days=rng.choice([0, 0, 30, 200])),
        )
        served = rng.sample(REGIONS[:2], rng.choice([0, 1, 1, 2]))
        if national and number % 2:
            served = ["tilburg"]  # national and regional: the region's tier wins
        service.regions.set([regions[slug] for slug in served])
        for code in rng.sample(DOMAINS, rng.choice([1, 1, 2, 3])):
            ServiceAttribute.objects.create(
                service=service, taxonomy="koers-life-domain", code=code
            )
        for code in rng.sample(GROUPS, rng.choice([0, 0, 1, 2])):
            ServiceAttribute.objects.create(
                service=service, taxonomy="koers-target-group", code=code
            )
        for code in rng.sample(LANGUAGES, rng.choice([1, 2])):
            ServiceLanguage.objects.create(service=service, code=code)
        for channel in rng.sample(CHANNELS, rng.choice([1, 2])):
            ContactPoint.objects.create(service=service, channel=channel, value="")
    hidden = Service.objects.order_by("pk")[:2]
    Service.objects.filter(pk=hidden[0].pk).update(status=ServiceStatus.INACTIVE)
    closed = Organisation.objects.create(name="Gesloten", kind=OrganisationKind.SPECIALISED)
    Service.objects.filter(pk=hidden[1].pk).update(organisation=closed)
    closed.is_active = False
    closed.save()
    return regions


def combinations():
    """Mixes of: no region or one of three (one serves nobody); zero to three needs (or
    one no service helps with); zero to two groups; a spoken language; a channel;
    within-branch; anonymous. A fixed sample of 400 of the 1,440 mixes."""
    every = list(
        itertools.product(
            [None, *REGIONS],
            [
                [],
                ["housing"],
                ["housing", "work_income"],
                ["safety", "debts", "housing"],
                ["other"],
            ],
            [[], ["trans_nonbinary"], ["migrants", "young_people"]],
            ["", "en"],
            ["", "whatsapp"],
            [False, True],
            [False, True],
        )
    )
    return random.Random(7).sample(every, 400)


def test_index_finds_and_orders_what_the_orm_definition_does(varied_directory):
    index = search_index.SearchIndex.load(freshness.current_version())
    empty = 0
    for region, needs, groups, language, channel, branch, anonymous in combinations():
        criteria = SearchCriteria(
            region=varied_directory[region] if region else None,
            needs=needs,
            groups=groups,
            language=language,
            channel=channel,
            within_branch=branch,
            anonymous=anonymous,
        )
        expected = list(
            _ordered(filtered_services(criteria), criteria).values_list("pk", flat=True)
        )
        found, total = index.ranked_slice(criteria, 0, 10_000)
        assert [pk for pk, _tier in found] == expected, criteria
        assert total == len(expected)
        empty += not expected
    assert empty, "the combinations include searches that find nothing"


def test_tiers_and_order_equal_the_pure_ranking(varied_directory):
    index = search_index.SearchIndex.load(freshness.current_version())
    services = list(Service.objects.prefetch_related("regions", "attributes"))
    for region in [None, *REGIONS]:
        region_id = varied_directory[region].pk if region else None
        criteria = SearchCriteria(
            region=varied_directory[region] if region else None, needs=["housing", "safety"]
        )
        found, _total = index.ranked_slice(criteria, 0, 10_000)
        matching = [s for s in services if s.pk in {pk for pk, _tier in found}]
        pure = rank_services(matching, region_id=region_id, needs=criteria.needs)
        assert found == [(item.service.pk, item.tier) for item in pure]
        for item in pure:
            regions = {r.pk for r in item.service.regions.all()}
            assert item.tier == service_tier(item.service, region_id, regions)


def test_pages_cover_every_match_once_and_a_page_past_the_end_is_the_last(varied_directory):
    criteria = SearchCriteria(region=varied_directory["tilburg"])
    expected = list(_ordered(filtered_services(criteria), criteria).values_list("pk", flat=True))
    assert len(expected) > 2 * PAGE_SIZE
    last = (len(expected) + PAGE_SIZE - 1) // PAGE_SIZE
    shown = []
    for number in range(1, last + 1):
        results = search_services(criteria, number)
        assert results.total == len(expected)
        assert results.page.number == number
        shown += [card.service.pk for card in results.cards]
        assert [item.service.pk for item in results.ranked] == [
            card.service.pk for card in results.cards
        ]
    assert shown == expected
    beyond = search_services(criteria, last + 5)
    assert beyond.page.number == last
    assert [card.service.pk for card in beyond.cards] == expected[(last - 1) * PAGE_SIZE :]
    assert search_services(criteria, "abc").page.number == 1


def test_reading_the_directory_costs_the_same_queries_for_10_or_1000_services(varied_directory):
    with CaptureQueriesContext(connection) as small:
        search_index.SearchIndex.load(1)
    organisation = Organisation.objects.get(name="Organisatie 0")
    Service.objects.bulk_create(
        [Service(organisation=organisation, name_nl=f"Bulk {n}") for n in range(1000)]
    )
    with CaptureQueriesContext(connection) as large:
        index = search_index.SearchIndex.load(2)
    assert len(index.public) > 1000
    assert len(large) == len(small)


def test_a_search_after_a_write_reads_the_new_version(varied_directory):
    criteria = SearchCriteria(needs=["housing"])
    before = search_services(criteria).total
    index = search_index.current()
    assert search_index.current() is index  # kept while nothing changes
    service = Service.objects.filter(pk__in=index.public).exclude(attributes__code="housing")[0]
    ServiceAttribute.objects.create(service=service, taxonomy="koers-life-domain", code="housing")
    assert search_index.current() is not index
    assert search_services(criteria).total == before + 1
