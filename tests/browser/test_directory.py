# ruff: noqa: E501
"""The issue's "done when": on a 360 px screen, in each of the four languages, a visitor finds
a concrete service for "housing in Tilburg for a trans woman who wants to keep working for
now" by filling in the search form — accessible, and without third-party requests."""

import pytest

from koers.directory.tests.factories import TRANS_HOUSING, TRANS_HOUSING_NL, make_service
from koers.organisations.models import Organisation, OrganisationKind
from koers.regions.models import Municipality, Region


@pytest.fixture
def trans_housing_in_tilburg():
    region, _ = Region.objects.get_or_create(slug="tilburg", defaults={"name": "Tilburg"})
    Municipality.objects.get_or_create(name="Tilburg", defaults={"region": region, "is_lead": True})
    org = Organisation.objects.create(
        name="Steunpunt Sekswerk Tilburg", kind=OrganisationKind.SPECIALISED
    )
    org.regions.add(region)
    make_service(org, name=TRANS_HOUSING_NL[0], description=TRANS_HOUSING_NL[1], groups=["trans_nonbinary"],
                 translations=TRANS_HOUSING, no_need_to_stop=True, can_be_anonymous=True)  # fmt: skip
    other = Organisation.objects.create(
        name="Woonhulp Amsterdam", kind=OrganisationKind.SPECIALISED
    )
    make_service(
        other, region_slugs=["amsterdam"], name="Alleen Amsterdam", description="Niet voor Tilburg."
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(
    "prefix,language", [("/", "nl"), ("/en/", "en"), ("/es/", "es"), ("/ro/", "ro")]
)
def test_trans_woman_finds_housing_in_tilburg(
    browser_page, live_server, axe, trans_housing_in_tilburg, prefix, language
):
    page = browser_page
    page.goto(f"{live_server.url}{prefix}support/")
    page.fill("#id_town", "Tilburg")
    page.check("input[name=need][value=housing]")
    page.check("input[name=group][value=trans_nonbinary]")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_load_state()
    description = TRANS_HOUSING_NL[1] if language == "nl" else TRANS_HOUSING[language][1]
    assert page.get_by_text(description).is_visible()
    assert page.get_by_text("Niet voor Tilburg.").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe(page) == []
    assert page.third_party_requests() == []
