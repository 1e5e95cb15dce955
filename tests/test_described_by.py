"""Every help and error text is announced: each id named in ``aria-describedby`` (and
``aria-labelledby``) exists on the page — on every public page, also with form errors."""

import re

import pytest

pytestmark = pytest.mark.django_db

PAGES_GET = [
    "/", "/support/", "/support/?q=cv&town=Tilbrug", "/support/?town=Zeist&need=housing",
    "/check/", "/check/information/", "/support/help-now/", "/support/keep/utrecht/",
    "/contact/", "/contact/status/", "/safety/",
    "/safety/join/", "/safety/report/", "/account/login/", "/questionnaire/",
    "/questionnaire/resume/",
]  # fmt: skip
PAGES_POST = [
    ("/check/", {"screen": "1"}),
    ("/check/", {"screen": "3", "situation": "doing", "town": "Amsterdma"}),
    ("/check/result/", {"situation": "doing", "town": "Nowhere"}),
    ("/contact/", {"stage": "details"}),
    ("/contact/status/", {"code": "??"}),
    ("/account/login/", {"username": "x", "password": "y"}),
    ("/safety/join/", {}),
    ("/safety/report/", {}),
    ("/questionnaire/resume/", {"code": "x"}),
]


def missing_targets(html: str) -> set[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    named = set()
    for value in re.findall(r'aria-(?:describedby|labelledby)="([^"]*)"', html):
        named.update(value.split())
    return named - ids


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_described_by_target_exists(client, prefix):
    checked = 0
    for path in PAGES_GET:
        response = client.get(prefix + path)
        if response.status_code != 200:
            continue
        assert missing_targets(response.content.decode()) == set(), path
        checked += 1
    for path, data in PAGES_POST:
        response = client.post(prefix + path, data)
        if response.status_code != 200:
            continue
        assert missing_targets(response.content.decode()) == set(), path
        checked += 1
    assert checked >= 15
