"""Discretion and safety of the public frame, checked on real responses.

A visit to Koers may happen on a shared or borrowed phone: every page must carry a strict
Content-Security-Policy, keep itself out of caches and referrers, and offer the quick
exit. Error pages are public pages too — often the first one a confused visitor sees.
"""

from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from tests.access_matrix import ALLOW, MATRIX

FAILING_URLCONF = "koers.pages.tests.urls_failing"


class ElementCollector(HTMLParser):
    """Collects start tags with their attributes, and the text of ``<h1>``."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.h1: list[str] = []
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if tag == "h1":
            self._in_h1 = True
            self.h1.append("")

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1[-1] += data


def parse(response) -> ElementCollector:
    collector = ElementCollector()
    collector.feed(response.content.decode())
    return collector


def quick_exit_links(response) -> list[dict]:
    return [
        attrs
        for tag, attrs in parse(response).elements
        if tag == "a" and "data-quick-exit" in attrs
    ]


def assert_has_quick_exit(response, label: str = "Snel weg") -> None:
    links = quick_exit_links(response)
    assert len(links) == 1, "expected exactly one quick-exit control"
    assert links[0]["href"] == "/exit/"
    assert links[0]["data-exit-to"] == settings.QUICK_EXIT_URL
    assert "noreferrer" in (links[0].get("rel") or "")
    assert f">{label}</a>" in response.content.decode()


def h1(response) -> str:
    headings = parse(response).h1
    assert len(headings) == 1, f"expected one h1, found {headings}"
    return headings[0].strip()


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_discreet_headers(response, label: str) -> None:
    csp = response.get("Content-Security-Policy")
    assert csp, f"{label}: no Content-Security-Policy"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, f"{label}: {csp}"
    directives = parse_csp(csp)
    assert directives.get("default-src") == ["'self'"], f"{label}: {csp}"
    assert directives.get("frame-ancestors") == ["'none'"], f"{label}: {csp}"
    assert directives.get("object-src") == ["'none'"], f"{label}: {csp}"
    assert directives.get("base-uri") == ["'none'"], f"{label}: {csp}"
    for directive in ("script-src", "style-src", "connect-src", "font-src", "form-action"):
        assert directives.get(directive, ["'self'"]) == ["'self'"], f"{label}: {directive} in {csp}"
    assert "*" not in csp and "http" not in csp, f"{label}: a host or wildcard in {csp}"
    assert response.get("X-Content-Type-Options") == "nosniff", label
    assert response.get("Referrer-Policy") == "same-origin", label
    assert response.get("X-Frame-Options") == "DENY", label
    permissions = response.get("Permissions-Policy", "")
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in permissions, f"{label}: {feature} missing from {permissions!r}"
    if response.get("Content-Type", "").startswith("text/html"):
        assert "no-store" in response.get("Cache-Control", ""), f"{label}: HTML may be cached"


def public_get_urls(world) -> list[tuple[str, str]]:
    """(label, URL) of every page the authorization matrix opens to anonymous visitors."""
    urls = []
    for key, row in MATRIX.items():
        if key == "quick_exit":  # not a page: it leaves Koers (tested in test_quick_exit.py)
            continue
        if row.method == "get" and row.expect["anonymous"] == ALLOW:
            urls.append((key, reverse(key.split("#")[0], kwargs=row.kwargs(world))))
    return urls


@pytest.mark.django_db
def test_every_response_carries_a_strict_policy_and_discreet_headers(world, client_for):
    anonymous = Client(raise_request_exception=False)
    responses = [(label, anonymous.get(url)) for label, url in public_get_urls(world)]
    for language in ("", "/en", "/es", "/ro"):
        responses.append((f"home {language}", anonymous.get(f"{language}/")))
        responses.append((f"404 {language}", anonymous.get(f"{language}/nope/")))
    responses.append(
        (
            "login with errors",
            anonymous.post(reverse("accounts:login"), {"username": "x", "password": "y"}),
        )
    )
    responses.append(("403", client_for("member").get(reverse("accounts:dashboard"))))
    responses.append(("staff page", client_for("coordinator").get(reverse("accounts:dashboard"))))
    with override_settings(ROOT_URLCONF=FAILING_URLCONF):
        responses.append(("500", anonymous.get("/boom/")))
        responses.append(("400", anonymous.get("/suspicious/")))
    for label, response in responses:
        assert_discreet_headers(response, label)


@pytest.mark.django_db
def test_every_public_page_offers_the_quick_exit(world):
    anonymous = Client(raise_request_exception=False)
    checked = 0
    for label, url in public_get_urls(world):
        response = anonymous.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            links = quick_exit_links(response)
            assert len(links) == 1 and links[0]["data-exit-to"] == settings.QUICK_EXIT_URL, (
                f"{label} ({url}) has no quick-exit control: extend base.html"
            )
            checked += 1
    assert checked >= 2  # at least the home and login pages


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "language", "heading", "exit_label"),
    [
        ("/", "nl", "Steun die bij je past", "Snel weg"),
        ("/en/", "en", "Support that fits you", "Quick exit"),
        ("/es/", "es", "Apoyo a tu medida", "Salida rápida"),
        ("/ro/", "ro", "Sprijin potrivit pentru tine", "Ieșire rapidă"),
    ],
)
def test_home_page_speaks_the_language_of_its_address(client, path, language, heading, exit_label):
    response = client.get(path)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    assert h1(response) == heading
    assert_has_quick_exit(response, exit_label)
    assert "<title>Koers</title>" in response.content.decode()


@pytest.mark.django_db
def test_home_page_needs_few_database_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        response = client.get("/")
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "language", "heading", "exit_label"),
    [
        ("/nope/", "nl", "Pagina niet gevonden", "Snel weg"),
        ("/en/nope/", "en", "Page not found", "Quick exit"),
        ("/es/no/existe/", "es", "Página no encontrada", "Salida rápida"),
        ("/ro/nu-exista/", "ro", "Pagina nu a fost găsită", "Ieșire rapidă"),
    ],
)
def test_unknown_address_gives_a_translated_not_found_page(path, language, heading, exit_label):
    assert settings.DEBUG is False
    response = Client().get(path)
    assert response.status_code == 404
    assert f'<html lang="{language}">' in response.content.decode()
    assert h1(response) == heading
    assert_has_quick_exit(response, exit_label)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=FAILING_URLCONF)
@pytest.mark.parametrize(
    ("path", "language", "heading", "exit_label"),
    [
        ("/boom/", "nl", "Er ging bij ons iets mis", "Snel weg"),
        ("/en/boom/", "en", "Something went wrong on our side", "Quick exit"),
    ],
)
def test_a_failing_view_gives_the_error_page_without_details(path, language, heading, exit_label):
    from koers.pages.tests.urls_failing import SECRET_DETAIL

    response = Client(raise_request_exception=False).get(path)
    body = response.content.decode()
    assert response.status_code == 500
    assert SECRET_DETAIL not in body
    assert "Traceback" not in body and "RuntimeError" not in body
    assert f'<html lang="{language}">' in body
    assert h1(response) == heading
    assert_has_quick_exit(response, exit_label)


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=FAILING_URLCONF)
def test_a_tampered_request_gives_the_bad_request_page_without_details():
    from koers.pages.tests.urls_failing import SECRET_DETAIL

    response = Client(raise_request_exception=False).get("/suspicious/")
    assert response.status_code == 400
    assert SECRET_DETAIL not in response.content.decode()
    assert h1(response) == "Er klopte iets niet in de aanvraag"
    assert_has_quick_exit(response)


@pytest.mark.django_db
def test_refused_page_is_translated_and_offers_the_quick_exit(client_for):
    response = client_for("member").get("/en/account/")
    assert response.status_code == 403
    assert h1(response) == "No access"
    assert_has_quick_exit(response, "Quick exit")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "exit_label"),
    [
        ("nl", "Dit formulier is verlopen", "Snel weg"),
        ("en", "This form has expired", "Quick exit"),
        ("es", "Este formulario ha caducado", "Salida rápida"),
        ("ro", "Acest formular a expirat", "Ieșire rapidă"),
    ],
)
def test_expired_form_explains_itself_instead_of_a_bare_error(language, heading, exit_label):
    client = Client(enforce_csrf_checks=True)
    with translation.override(language):
        url = reverse("accounts:login")
    response = client.post(url, {"username": "someone", "password": "x"})
    assert response.status_code == 403
    assert h1(response) == heading
    assert_has_quick_exit(response, exit_label)
