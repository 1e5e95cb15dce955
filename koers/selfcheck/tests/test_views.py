"""The self-check as a visitor uses it: screens, errors, the result page, and that nothing
is stored."""

import gzip
import re

import pytest
from django.apps import apps
from django.contrib.staticfiles import finders
from django.test import Client

from koers.selfcheck.tests.helpers import make_service

STEP1 = {"screen": "1", "situation": "considering", "direction": "within"}
ALL = {
    "situation": "considering",
    "direction": "within",
    "needs": ["housing", "debts"],
    "unsafe": "no",
    "town": "Amsterdam",
    "language": "es",
    "gender": "prefer_not",
    "trans": "prefer_not",
    "migration": "yes",
}


@pytest.fixture
def services(org_a, org_b, org_adviser, region_amsterdam, region_rotterdam):
    return {
        "here": make_service(
            org_a, "Thuis Amsterdam", regions=[region_amsterdam], languages=["es"]
        ),
        "there": make_service(org_b, "Thuis Rotterdam", regions=[region_rotterdam]),
        "adviser": make_service(
            org_adviser, "Vertrouwenspersoon", domains=("safety",), national=True
        ),
    }


def row_counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.managed}


@pytest.mark.django_db
def test_screen_one_requires_an_answer_and_keeps_the_others(client):
    response = client.post("/en/check/", {"screen": "1", "direction": "outside"})
    html = response.content.decode()
    assert "Choose what fits you best." in html
    assert re.search(r'value="outside"[^>]*checked', html)
    assert 'name="screen" value="1"' in html


@pytest.mark.django_db
def test_answers_are_carried_in_hidden_fields_to_the_next_screen(client):
    response = client.post("/en/check/", STEP1)
    html = response.content.decode()
    assert 'name="screen" value="2"' in html
    assert '<input type="hidden" name="situation" value="considering">' in html
    assert '<input type="hidden" name="direction" value="within">' in html


@pytest.mark.django_db
def test_unknown_town_is_an_error_at_that_field_with_the_rest_kept(client, services):
    response = client.post("/en/check/result/", {**ALL, "town": "Amsterdma"})
    html = response.content.decode()
    assert "We do not know the town" in html
    assert "Amsterdam" in html  # suggestion
    assert re.search(r'value="es"[^>]*selected|selected[^>]*value="es"', html)
    assert '<input type="hidden" name="needs" value="debts">' in html


@pytest.mark.django_db
def test_result_shows_matching_services_with_reasons(client, services):
    response = client.post("/en/check/result/", ALL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thuis Amsterdam" in html
    assert "Thuis Rotterdam" not in html  # another region
    assert "Because you ticked “housing”" in html
    assert "Speaks Spanish" in html
    assert "In your region (Amsterdam)" in html
    assert "You do not have to stop sex work" in html
    assert "Dutch health insurance within four months" in html  # newcomers topic
    assert "112" in html


@pytest.mark.django_db
def test_unsafe_shows_112_and_the_adviser_before_any_other_service(client, services):
    html = client.post("/en/check/result/", {**ALL, "unsafe": "yes"}).content.decode()
    assert 'href="tel:112"' in html
    assert html.index("Vertrouwenspersoon") < html.index("Thuis Amsterdam")
    assert html.index("You said you feel unsafe") < html.index("Support that fits your answers")


@pytest.mark.django_db
def test_a_self_check_stores_nothing_in_database_or_session(services):
    client = Client()
    before = row_counts()
    client.get("/en/check/")
    client.post("/en/check/", STEP1)
    client.post("/en/check/", {**STEP1, "screen": "2", "needs": ["housing"], "unsafe": "yes"})
    response = client.post("/en/check/result/", {**ALL, "unsafe": "yes"})
    assert response.status_code == 200
    assert row_counts() == before
    assert "sessionid" not in client.cookies
    assert dict(client.session) == {}


def page_weight(client, html: str) -> int:
    """gzip size of the page plus every stylesheet and script it links."""
    total = len(gzip.compress(html.encode()))
    for url in re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html):
        path = finders.find(url.removeprefix("/static/"))
        with open(path, "rb") as handle:
            total += len(gzip.compress(handle.read()))
    return total


@pytest.mark.django_db
def test_self_check_and_result_pages_weigh_at_most_60_kb(client, org_a, region_amsterdam):
    for index in range(10):  # more services than the result shows
        make_service(org_a, f"Dienst {index}", regions=[region_amsterdam], languages=["es"])
    step = client.get("/ro/check/").content.decode()
    result = client.post("/ro/check/result/", {**ALL, "unsafe": "yes"}).content.decode()
    assert "Dienst" in result
    assert page_weight(client, step) <= 60 * 1024
    assert page_weight(client, result) <= 60 * 1024


@pytest.mark.django_db
def test_result_needs_no_javascript_and_has_no_inline_script(client, services):
    html = client.post("/en/check/result/", ALL).content.decode()
    assert "<script>" not in html and "style=" not in html and "onclick" not in html
