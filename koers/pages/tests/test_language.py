"""Your language, first time: a first visit to ``/`` lands in the browser's language
once; an explicit choice is remembered in a functional cookie and keeps the page's state."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.mark.parametrize(
    "header,target",
    [
        ("ro-RO,ro;q=0.9,en;q=0.8", "/ro/"),
        ("es-ES,es;q=0.9", "/es/"),
        ("en-GB,en;q=0.9,nl;q=0.8", "/en/"),
        ("de-DE,de;q=0.9,ro;q=0.5", "/ro/"),  # first offered language wins
    ],
)
def test_a_first_visit_lands_in_the_browsers_language(client, header, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302 and response["Location"] == target
    assert "Accept-Language" in response["Vary"] and "Cookie" in response["Vary"]
    assert client.get(target, HTTP_ACCEPT_LANGUAGE=header).status_code == 200  # once: no loop
    assert COOKIE not in response.cookies, "no cookie without a choice"


@pytest.mark.parametrize("header", ["nl-NL,nl;q=0.9", "de-DE", "", "*", "x" * 600, ";;q=,"])
def test_dutch_or_unknown_preferences_stay_on_the_dutch_home(client, header):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 200
    assert '<html lang="nl">' in response.content.decode()


def test_only_the_home_page_redirects(client):
    response = client.get("/check/", HTTP_ACCEPT_LANGUAGE="ro")
    assert response.status_code == 200


def test_an_explicit_dutch_choice_is_remembered_and_stops_the_redirect(client):
    response = client.get("/language/nl/", {"next": "/ro/"}, HTTP_ACCEPT_LANGUAGE="ro")
    assert response.status_code == 302 and response["Location"] == "/"
    morsel = response.cookies[COOKIE]
    assert morsel.value == "nl" and morsel["httponly"] and morsel["samesite"] == "Lax"
    assert int(morsel["max-age"]) >= 300 * 24 * 3600
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ro").status_code == 200


def test_a_chosen_language_is_where_home_goes(client):
    client.get("/language/es/", {"next": "/"})
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="nl")["Location"] == "/es/"


def test_switching_keeps_the_page_and_its_query(client):
    response = client.get(
        "/language/ro/", {"next": "/en/support/?q=cv&town=Zeist&need=work_income"}
    )
    assert response["Location"] == "/ro/support/?q=cv&town=Zeist&need=work_income"
    html = client.get("/en/support/", {"q": "cv", "town": "Zeist"}).content.decode()
    assert "/language/ro/?next=%2Fen%2Fsupport%2F%3Fq%3Dcv%26town%3DZeist" in html


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "", "/\\evil"]
)
def test_the_choice_never_leaves_the_site(client, target):
    response = client.get("/language/en/", {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_a_language_that_does_not_exist_is_the_discreet_404(client):
    assert client.get("/language/xx/", {"next": "/"}).status_code == 404
    assert client.get("/xx/support/").status_code == 404
