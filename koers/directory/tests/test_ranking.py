"""The search page's one fast path (hand-written SQL) finds what the readable filter
definition (``selectors.filtered_services``) finds and orders it as the one ranking
definition (``selectors.rank_services``) does, for hundreds of filter combinations with
and without typed words; pages and totals follow; a write is seen by the next search."""

import itertools
import random
from datetime import timedelta

import pytest
from django.utils import timezone

from koers.directory import text_search
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
TEXTS_NL = ["Hulp.", "Hulp bij je cv en sollicitaties.", "Samen je belastingaangifte doen."]
TEXTS_RO = ["", "Ajutor cu CV-ul.", "Consiliere juridică și locuință."]
QUERIES = ["", "cv", "belastingaangifte", "locuințe", "boekhouder"]


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
            description_nl=rng.choice(TEXTS_NL),
            description_ro=rng.choice(TEXTS_RO),
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
    within-branch; anonymous. typed words (or none). A fixed sample of 400 of the 7,200 mixes."""
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
            QUERIES,
        )
    )
    return random.Random(7).sample(every, 400)


def expected_order(criteria):
    """The readable definitions: the ORM filters, then the pure ranking."""
    services = list(filtered_services(criteria).prefetch_related("regions", "attributes"))
    region_id = criteria.region.pk if criteria.region else None
    return [
        item.service.pk
        for item in rank_services(services, region_id=region_id, needs=criteria.needs)
    ]


def test_the_fast_path_finds_and_orders_what_the_definitions_do(varied_directory):
    empty = typed = 0
    for region, needs, groups, language, channel, branch, anonymous, query in combinations():
        criteria = SearchCriteria(
            region=varied_directory[region] if region else None,
            needs=needs,
            groups=groups,
            language=language,
            channel=channel,
            within_branch=branch,
            anonymous=anonymous,
            query=text_search.parse(query),
        )
        expected = expected_order(criteria)
        results = search_services(criteria, 1)
        found = []
        for number in range(1, results.page.paginator.num_pages + 1):
            found += [item.service.pk for item in search_services(criteria, number).ranked]
        assert found == expected, criteria
        assert results.total == len(expected)
        empty += not expected
        typed += bool(query and expected)
    assert empty, "the combinations include searches that find nothing"
    assert typed, "and searches with typed words that find something"


def test_tiers_equal_the_pure_tier_rule(varied_directory):
    for region in [None, *REGIONS]:
        region_id = varied_directory[region].pk if region else None
        criteria = SearchCriteria(
            region=varied_directory[region] if region else None, needs=["housing", "safety"]
        )
        for item in search_services(criteria).ranked:
            regions = {r.pk for r in item.service.regions.all()}
            assert item.tier == service_tier(item.service, region_id, regions)


def test_pages_cover_every_match_once_and_a_page_past_the_end_is_the_last(varied_directory):
    criteria = SearchCriteria(region=varied_directory["tilburg"])
    expected = expected_order(criteria)
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


def test_a_search_after_a_write_sees_the_write(varied_directory):
    criteria = SearchCriteria(needs=["housing"])
    before = search_services(criteria).total
    service = Service.objects.filter(status="active").exclude(attributes__code="housing")[0]
    ServiceAttribute.objects.create(service=service, taxonomy="koers-life-domain", code="housing")
    assert search_services(criteria).total == before + 1
    typed = SearchCriteria(query=text_search.parse("fietsenmaker"))
    assert search_services(typed).total == 0
    Service.objects.filter(pk=service.pk).update(description_nl="De fietsenmakers helpen je.")
    assert [item.service.pk for item in search_services(typed).ranked] == [service.pk]
