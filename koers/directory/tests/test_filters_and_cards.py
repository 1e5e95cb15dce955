# ruff: noqa: E501
"""One meaning per filter ("within the branch"), what every card says about stopping sex
work, and nearest-first alternatives when nothing matches."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from koers.directory.models import Service
from koers.directory.selectors import SearchCriteria, alternatives
from koers.organisations.models import Organisation, OrganisationKind
from koers.regions.models import Region

from .factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return Organisation.objects.create(name="Steunpunt", kind=OrganisationKind.SPECIALISED)


def test_within_the_branch_means_one_thing_as_group_and_as_box(client, org):
    make_service(org, name="Boekhouder", within_branch=True, groups=["within_branch"])
    make_service(org, name="Woonhulp voor iedereen")  # no groups: for everyone
    make_service(org, name="Alleen vrouwen", groups=["women"])
    as_box = client.get("/en/support/", {"town": "Tilburg", "within_branch": "1"}).content.decode()
    as_group = client.get(
        "/en/support/", {"town": "Tilburg", "group": "within_branch"}
    ).content.decode()
    for html in (as_box, as_group):
        assert "1 service found" in html and "Boekhouder" in html
        assert "Woonhulp voor iedereen" not in html
    assert 'name="group" value="within_branch"' not in as_box, "offered once, as the box"


def test_every_card_states_one_of_three_about_stopping(client, org):
    make_service(org, name="Mag blijven werken", no_need_to_stop=True)
    make_service(org, name="Na het stoppen", for_stopping=True)
    make_service(org, name="Niet gezegd")
    html = client.get("/en/support/", {"town": "Tilburg"}).content.decode()
    statements = [
        "You do not have to stop sex work",
        "This help is for people who have stopped or are stopping sex work",
        "Whether you need to stop sex work for this help: ask them",
    ]
    cards = html.split('<article class="card service-card')[1:]
    assert len(cards) == 3
    for card in cards:
        assert sum(statement in card for statement in statements) == 1, card
    for statement in statements:
        assert statement in html


def test_a_service_cannot_say_both(org):
    service = make_service(org, no_need_to_stop=True)
    service.for_stopping = True
    with pytest.raises(ValidationError):
        service.clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Service.objects.filter(pk=service.pk).update(for_stopping=True)


def test_nothing_in_the_region_shows_the_nearest_regions_first_then_national(client, org):
    """Someone in Zeist (region Utrecht) wants housing help by video; nobody offers that.
    The alternatives: Utrecht's own housing help, then Amsterdam's (near), then
    Groningen's (far), national services after regional ones — never alphabetical."""
    for slug, name in [
        ("groningen", "A Groningen"),
        ("alkmaar", "B Alkmaar"),
        ("amsterdam", "C Amsterdam"),
        ("utrecht", "D Utrecht"),
    ]:
        make_service(org, region_slugs=[slug], name=name)
    make_service(org, national=True, name="E Landelijk")
    region = Region.objects.get(slug="utrecht")
    found = [
        s.name_nl
        for s in alternatives(SearchCriteria(region=region, needs=["housing"], channel="video"))
    ]
    assert found == ["D Utrecht", "C Amsterdam", "B Alkmaar", "A Groningen", "E Landelijk"]
    html = client.get(
        "/en/support/", {"town": "Zeist", "need": "housing", "channel": "video"}
    ).content.decode()
    assert html.index("D Utrecht") < html.index("C Amsterdam") < html.index("A Groningen")
