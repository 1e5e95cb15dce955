"""The self-check as a visitor uses it: screens, errors, the result page, and that nothing
is stored."""

import gzip
import re

import pytest
from django.apps import apps
from django.contrib.staticfiles import finders
from django.test import Client

from koers.directory.vocabulary import LifeDomain
from koers.selfcheck.tests.factories import make_service

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
    screen_2 = {**STEP1, "screen": "2", "needs": ALL["needs"], "unsafe": "yes"}
    pages = {
        "screen 1": client.get("/ro/check/").content.decode(),
        "screen 2": client.post("/ro/check/", STEP1).content.decode(),
        "screen 3": client.post("/ro/check/", screen_2).content.decode(),
        "result": client.post("/ro/check/result/", {**ALL, "unsafe": "yes"}).content.decode(),
    }
    for number in (1, 2, 3):
        assert f'name="screen" value="{number}"' in pages[f"screen {number}"]
    assert 'name="needs"' in pages["screen 2"] and 'name="town"' in pages["screen 3"]
    assert "Dienst" in pages["result"]
    for name, html in pages.items():
        assert page_weight(client, html) <= 60 * 1024, name


@pytest.mark.django_db
def test_need_tick_boxes_follow_the_life_domain_order_of_the_brief(client):
    html = client.post("/en/check/", STEP1).content.decode()
    shown = re.findall(r'name="needs" value="([a-z_]+)"', html)
    assert shown == list(LifeDomain.values)
    assert shown[:3] == ["housing", "work_income", "education"] and shown[-2:] == [
        "safety",
        "other",
    ]
    labels = re.findall(r'name="needs" value="[a-z_]+"[^>]*>\s*([^<]+?)\s*</label>', html)
    assert [label.lower() for label in labels] == [str(label) for label in LifeDomain.labels]


@pytest.mark.django_db
def test_unsafe_shows_the_adviser_once_and_first(client, services):
    html = client.post("/en/check/result/", {**ALL, "unsafe": "yes"}).content.decode()
    assert html.count("<h3>Vertrouwenspersoon") == 1
    assert html.index("Vertrouwenspersoon") < html.index("Thuis Amsterdam")
    matches = html.split('class="selfcheck-match"')[1:]
    assert matches and not any("Vertrouwenspersoon" in block for block in matches)
    assert "Thuis Amsterdam" in matches[0]


@pytest.mark.django_db
def test_adviser_is_a_match_like_any_other_when_not_unsafe(client, services):
    html = client.post(
        "/en/check/result/", {**ALL, "needs": ["safety"], "unsafe": "no"}
    ).content.decode()
    assert html.count("<h3>Vertrouwenspersoon") == 1
    assert "You said you feel unsafe" not in html


@pytest.mark.django_db
def test_result_needs_no_javascript_and_has_no_inline_script(client, services):
    html = client.post("/en/check/result/", ALL).content.decode()
    assert "<script>" not in html and "style=" not in html and "onclick" not in html
