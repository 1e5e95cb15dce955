# ruff: noqa: E501
"""Public search: what a visitor sees for a town, a need, a group — and for bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from koers.directory.models import Service, ServiceAttribute
from koers.directory.selectors import SearchCriteria, rank_services, resolve_town, search_services
from koers.organisations.models import Organisation, OrganisationKind
from koers.regions.models import Region

from .factories import TRANS_HOUSING, TRANS_HOUSING_NL, make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def tilburg_directory():
    specialised = Organisation.objects.create(
        name="Steunpunt Tilburg", kind=OrganisationKind.SPECIALISED
    )
    national = Organisation.objects.create(
        name="Landelijk", kind=OrganisationKind.SPECIALISED, is_national=True
    )
    partner = Organisation.objects.create(
        name="Woonstichting Tilburg", kind=OrganisationKind.GENERAL_PARTNER
    )
    adviser = Organisation.objects.create(
        name="Vertrouwenspunt", kind=OrganisationKind.CONFIDENTIAL_ADVISER, is_national=True
    )
    return {
        "trans": make_service(specialised, name=TRANS_HOUSING_NL[0], description=TRANS_HOUSING_NL[1], groups=["trans_nonbinary"],
                              translations=TRANS_HOUSING, no_need_to_stop=True, can_be_anonymous=True),
        "national": make_service(national, national=True, name="Landelijke woonlijn", description="Bel ons over wonen."),
        "partner": make_service(partner, scope="friendly", name="Tijdelijke woning", description="Via de corporatie."),
        "amsterdam": make_service(specialised, region_slugs=["amsterdam"], name="Amsterdamse woonhulp", description="Alleen Amsterdam."),
        "adviser": make_service(adviser, national=True, domains=["safety"], name="Vertrouwenspersoon", description="Bel anoniem."),
    }  # fmt: skip


def test_town_resolves_to_region_and_results_rank_regional_specific_first(
    client, tilburg_directory
):
    response = client.get(
        "/en/support/", {"town": "tilburg", "need": "housing", "group": "trans_nonbinary"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tilburg is in region Tilburg" in html or "Tilburg" in html
    order = [
        html.index(s.text("name", "en")[0])
        for s in (
            tilburg_directory["trans"],
            tilburg_directory["national"],
            tilburg_directory["partner"],
        )
    ]
    assert order == sorted(order), "regional specific, then national, then general partner"
    assert "Amsterdamse woonhulp" not in html
    with translation.override(response.wsgi_request.LANGUAGE_CODE):  # whatever the page is in
        facts = [
            gettext("You do not have to stop sex work"),
            gettext("You can stay anonymous"),
            gettext("Last checked on %(date)s.").split("%(date)s")[0],
        ]
    for fact in facts:
        assert escape(fact) in html
    assert 'href="tel:+31131234567"' in html


@pytest.mark.parametrize("prefix,language", [("/en", "en"), ("/es", "es"), ("/ro", "ro")])
def test_description_in_visitor_language(client, tilburg_directory, prefix, language):
    html = client.get(f"{prefix}/support/", {"town": "Tilburg", "need": "housing"}).content.decode()
    assert TRANS_HOUSING[language][1] in html
    # The national service has no translation: Dutch text with a visible note.
    assert "Bel ons over wonen." in html
    with translation.override(language):
        note = gettext(
            "This description is not yet available in your language; here it is in Dutch."
        )
    assert escape(note) in html, "the fallback note, in the visitor's language"


def test_alias_and_typo(client, tilburg_directory):
    assert resolve_town("Berkel-Enschot").region.slug == "tilburg"
    assert resolve_town("Den Bosch").region.slug == "den-bosch"
    lookup = resolve_town("Tilbrug")
    assert lookup.municipality is None and "Tilburg" in lookup.suggestions
    html = client.get("/en/support/", {"town": "Tilbrug"}).content.decode()
    assert "We do not know the town" in html
    assert 'href="?town=Tilburg"' in html
    assert 'name="region"' in html  # the option to pick a region


def test_zero_results_shows_alternatives_and_adviser(client, tilburg_directory):
    html = client.get(
        "/en/support/", {"region": "groningen", "need": "housing", "channel": "video"}
    ).content.decode()
    assert "0 services found" in html
    assert "We found nothing that matches all your choices" in html
    assert "Landelijke woonlijn" in html  # same need, nationally
    assert "Vertrouwenspersoon" in html  # the confidential adviser


def test_invalid_filter_values_are_ignored_with_a_note(client, tilburg_directory):
    response = client.get(
        "/en/support/",
        {
            "need": ["housing", "flying"],
            "region": "atlantis",
            "language": "xx",
            "anonymous": "maybe",
            "page": "abc",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "were not understood and were left out" in html
    assert "flying" in html and "atlantis" in html
    assert TRANS_HOUSING["en"][0] in html  # the valid filter still applied


def test_filters_narrow_results(tilburg_directory):
    tilburg = Region.objects.get(slug="tilburg")
    names = lambda c: {r.service.name_nl for r in search_services(c).ranked}  # noqa: E731
    assert names(SearchCriteria(region=tilburg, anonymous=True)) == {TRANS_HOUSING_NL[0]}
    assert names(SearchCriteria(region=tilburg, needs=["safety"])) == {"Vertrouwenspersoon"}
    assert "Amsterdamse woonhulp" not in names(SearchCriteria(region=tilburg))


def test_database_order_equals_pure_ranking(tilburg_directory):
    tilburg = Region.objects.get(slug="tilburg")
    criteria = SearchCriteria(region=tilburg, needs=["housing", "safety"])
    db_order = [r.service.pk for r in search_services(criteria).ranked]
    services = list(
        Service.objects.prefetch_related("regions", "attributes").filter(pk__in=db_order)
    )
    pure = [
        r.service.pk for r in rank_services(services, region_id=tilburg.pk, needs=criteria.needs)
    ]
    assert db_order == pure


def _bulk(organisation, region, count):
    services = Service.objects.bulk_create(
        [
            Service(
                organisation=organisation, name_nl=f"Dienst {i}", description_nl="Hulp bij je cv."
            )
            for i in range(count)
        ]
    )
    Service.regions.through.objects.bulk_create(
        [Service.regions.through(service_id=s.pk, region_id=region.pk) for s in services]
    )
    ServiceAttribute.objects.bulk_create(
        [
            ServiceAttribute(service=s, taxonomy="koers-life-domain", code="work_income")
            for s in services
        ]
    )


def test_queries_per_results_page_do_not_grow_with_matches(client):
    org = Organisation.objects.create(name="Bulk", kind=OrganisationKind.SPECIALISED)
    small, large = Region.objects.get(slug="assen"), Region.objects.get(slug="zwolle")
    _bulk(org, small, 10)
    _bulk(org, large, 1000)
    client.get("/support/")  # loads this process's region list for the current version
    counts = []
    for region in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/support/", {"region": region.slug, "need": "work_income"})
        assert response.status_code == 200
        counts.append(len(queries))
    assert "1000 services found" in response.content.decode() or "1000" in response.content.decode()
    assert counts[0] == counts[1]


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"needs": ["housing"]},
        {"needs": ["housing", "safety"], "region": "tilburg"},
        {"groups": ["trans_nonbinary"], "region": "tilburg"},
        {"language": "nl", "channel": "phone", "anonymous": True},
        {"within_branch": True},
        {"region": "amsterdam", "needs": ["housing"]},
    ],
)
def test_search_page_query_agrees_with_the_orm_definition(tilburg_directory, filters):
    """The results page runs hand-written SQL; it must find and order exactly what
    ``filtered_services`` + ``rank_services`` (the readable definitions) do."""
    from koers.directory.selectors import filtered_services

    region = Region.objects.get(slug=filters["region"]) if "region" in filters else None
    criteria = SearchCriteria(**{**filters, "region": region})
    services = list(filtered_services(criteria).prefetch_related("regions", "attributes"))
    expected = [
        r.service.pk
        for r in rank_services(
            services, region_id=region.pk if region else None, needs=criteria.needs
        )
    ]
    results = search_services(criteria)
    assert [card.service.pk for card in results.cards] == expected
    assert results.total == len(expected)


def test_a_page_past_the_end_shows_the_last_page(client, tilburg_directory):
    html = client.get("/en/support/", {"need": "housing", "page": "99"}).content.decode()
    assert "4 services found" in html and "Landelijke woonlijn" in html
