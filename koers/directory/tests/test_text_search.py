# ruff: noqa: E501
"""Free-text search: what a visitor finds by typing what they need, in any of the four
content languages, on SQLite's FTS5 and PostgreSQL's full-text search alike — and what
bad input does (never a 500)."""

import pytest

from koers.directory import text_search
from koers.directory.selectors import SearchCriteria, search_services
from koers.organisations.models import Organisation, OrganisationKind
from koers.regions.models import Region

from .factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def typed_directory():
    org = Organisation.objects.create(name="Steunpunt", kind=OrganisationKind.SPECIALISED)
    return {
        "cv": make_service(
            org, region_slugs=["utrecht"], domains=["work_income"], name="Hulp bij je cv en sollicitatiebrief",
            description="Een jobcoach schrijft samen met jou je cv en brief.",
            translations={"ro": ("Ajutor cu CV-ul și scrisoarea de intenție", "Un coach de carieră scrie împreună cu tine CV-ul."),
                          "en": ("Help with your CV and cover letter", "A job coach writes your CV with you.")},
        ),
        "tax": make_service(
            org, region_slugs=["utrecht"], domains=["other"], name="Belastingspreekuur",
            description="Samen je belastingaangifte invullen.",
        ),
        "gp": make_service(
            org, region_slugs=["tilburg"], domains=["physical_health"], name="Gezondheidsspreekuur",
            description="Een arts die het werk kent.",
        ),
        "rooms": make_service(
            org, region_slugs=["tilburg"], domains=["other"], name="Kamerbemiddeling",
            description="We zoeken samen een kamer.",
            translations={"ro": ("Camere", "Căutăm împreună locuințe și camere.")},
        ),
    }  # fmt: skip


def found(text, **filters):
    criteria = SearchCriteria(query=text_search.parse(text), **filters)
    return {item.service.name_nl for item in search_services(criteria).ranked}


def test_typing_cv_finds_cv_help_in_every_language(client, typed_directory):
    assert found("cv") == {"Hulp bij je cv en sollicitatiebrief"}
    assert "Hulp bij je cv en sollicitatiebrief" in found("CV-ul")  # Romanian
    assert found("cover letter") == {"Hulp bij je cv en sollicitatiebrief"}
    for prefix in ("", "/ro"):
        html = client.get(f"{prefix}/support/", {"q": "cv"}).content.decode()
        assert typed_directory["cv"].text("name", prefix.strip("/") or "nl")[0] in html
        assert "Belastingspreekuur" not in html
        assert 'value="cv"' in html, "what was typed stays in the box"


def test_words_are_stemmed_per_language(typed_directory):
    assert "Hulp bij je cv en sollicitatiebrief" in found("sollicitatiebrieven")
    assert "Kamerbemiddeling" in found("locuință")  # Romanian plural in the text, singular typed
    assert "Kamerbemiddeling" in found("kamers")  # Dutch plural typed, singular in the text


def test_every_word_must_match_in_one_language(typed_directory):
    assert found("cv jobcoach") == {"Hulp bij je cv en sollicitatiebrief"}
    assert found("cv kamer") == set()


def test_what_a_service_helps_with_is_found_by_its_words(typed_directory):
    """ "huisarts" is in no text, but the GP service helps with physical health."""
    assert "Gezondheidsspreekuur" in found("huisarts")
    assert "Belastingspreekuur" in found("belastingaangifte")


def test_typed_words_combine_with_filters_and_the_town(client, typed_directory):
    utrecht = Region.objects.get(slug="utrecht")
    assert found("cv", region=utrecht) == {"Hulp bij je cv en sollicitatiebrief"}
    assert found("cv", region=Region.objects.get(slug="tilburg")) == set()
    html = client.get("/en/support/", {"q": "cv", "town": "Zeist"}).content.decode()
    assert "Help with your CV and cover letter" in html and "Zeist is in region Utrecht" in html
    html = client.get("/en/support/", {"q": "cv", "town": "Utrecth"}).content.decode()
    assert 'href="?town=Utrecht"' in html, "an unknown town still gets suggestions"


@pytest.mark.parametrize(
    "text",
    ["", "   ", "x" * 2000, "cv " * 700, "😀🙈💬", "'; DROP TABLE directory_service; --",
     '" OR 1=1 --', "cv AND NOT NEAR(x)", "nl : cv", "*"],
)  # fmt: skip
def test_bad_input_gives_a_normal_page(client, typed_directory, text):
    response = client.get("/en/support/", {"q": text})
    assert response.status_code == 200
    html = response.content.decode()
    assert "services found" in html or "service found" in html
    assert Organisation.objects.filter(name="Steunpunt").exists()


def test_nothing_found_still_offers_alternatives_and_the_adviser(client, typed_directory):
    Organisation.objects.create(
        name="Vertrouwenspunt", kind=OrganisationKind.CONFIDENTIAL_ADVISER, is_national=True
    )
    html = client.get("/en/support/", {"q": "fietsenmaker", "town": "Tilburg"}).content.decode()
    assert "0 services found" in html
    assert "We found nothing that matches all your choices" in html


def test_the_query_parser_never_fails():
    assert not text_search.parse("😀")
    assert len(text_search.parse("a " * 500).words) <= text_search.MAX_WORDS
    assert text_search.parse("x" * 2000).text == "x" * text_search.MAX_QUERY_LENGTH
    assert text_search.parse("sollicitaties").domains == (("work_income",),)
    assert text_search.parse("sollicitaties fietsen").domains == ()
