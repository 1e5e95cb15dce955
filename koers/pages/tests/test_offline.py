# ruff: noqa: E501
"""Installable and offline: the manifest is neutral, and the service worker may keep only
its allow-list (information pages, help now, static files) and, on request, one region's
support — never anything personal."""

import json
import re

import pytest

from koers.directory.tests.factories import make_service
from koers.organisations.models import Organisation, OrganisationKind

pytestmark = pytest.mark.django_db

PERSONAL = ("/contact", "/check/result", "/questionnaire", "/safety", "/account", "/clients",
            "/audit", "/monitoring", "/admin", "/support/?", "/support/manage")  # fmt: skip


def worker_config(client) -> dict:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    text = response.content.decode()
    return json.loads(re.search(r"var CONFIG = (\{.*?\});", text).group(1))


def test_the_worker_keeps_only_information_pages_and_static_files(client):
    config = worker_config(client)
    assert sorted(config["pages"]) == sorted(
        f"{prefix}{page}"
        for prefix in ("/", "/en/", "/es/", "/ro/")
        for page in ("", "check/information/", "support/help-now/")
    )
    assert all(url.startswith("/static/") for url in config["assets"])
    assert config["kept"] == [
        "/support/keep/",
        "/en/support/keep/",
        "/es/support/keep/",
        "/ro/support/keep/",
    ]
    for url in config["pages"] + config["kept"]:
        path = re.sub(r"^/(en|es|ro)/", "/", url)
        assert not path.startswith(PERSONAL), url
        assert "?" not in url


def test_the_worker_answers_nothing_outside_its_lists(client):
    text = client.get("/sw.js").content.decode()
    # Non-GET requests and other origins are left alone, and the only respondWith calls
    # are for the assets, the allow-listed pages and kept pages.
    assert 'if (request.method !== "GET") { return; }' in text
    assert text.count("event.respondWith(") == 3
    assert 'credentials: "omit"' in text, "cached copies are fetched without cookies"


def test_the_manifest_is_neutral(client):
    data = client.get("/manifest.webmanifest").json()
    assert data["name"] == data["short_name"] == "Koers"
    assert data["start_url"] == "/" and data["display"] == "standalone"
    assert data["icons"] and data["icons"][0]["src"].startswith("/static/")
    html = client.get("/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert "koers/offline.js" in html


def test_help_now_has_112_and_the_advisers_contact(client):
    adviser = Organisation.objects.create(
        name="Vertrouwenspunt", kind=OrganisationKind.CONFIDENTIAL_ADVISER, is_national=True
    )
    make_service(
        adviser,
        national=True,
        domains=["safety"],
        name="Vertrouwenspersoon",
        description="Bel anoniem.",
    )
    html = client.get("/en/support/help-now/").content.decode()
    assert 'href="tel:112"' in html
    assert "Vertrouwenspersoon" in html and 'href="tel:+31131234567"' in html


def test_a_region_can_be_kept_but_only_when_asked(client):
    org = Organisation.objects.create(name="Steunpunt", kind=OrganisationKind.SPECIALISED)
    make_service(org, region_slugs=["utrecht"], name="Hulp in Utrecht")
    make_service(org, region_slugs=["groningen"], name="Hulp in Groningen")
    make_service(org, national=True, name="Landelijke hulp")
    html = client.get("/en/support/keep/utrecht/").content.decode()
    assert "Hulp in Utrecht" in html and "Landelijke hulp" in html
    assert "Hulp in Groningen" not in html
    assert html.index("Hulp in Utrecht") < html.index("Landelijke hulp")
    search = client.get("/en/support/", {"town": "Zeist"}).content.decode()
    assert 'data-keep-path="/en/support/keep/utrecht/"' in search
    assert re.search(r'<div data-keep-path="[^"]+"[^>]* hidden>', search), (
        "shown only by the script"
    )
    assert 'href="/en/support/keep/utrecht/"' in search, "and a plain link without JavaScript"
    assert "data-keep-path" not in client.get("/en/support/", {"need": "housing"}).content.decode()
    assert client.get("/en/support/keep/atlantis/").status_code == 404
