"""Crafted input never gives a 500: every route with ids beyond 64 bits, every query
parameter Koers reads with non-ASCII digits and out-of-range numbers, for every role.

The routes and the parameter names are discovered (the URL resolver; ``request.GET`` reads
in the source), so a new view or parameter is walked without editing this file.
"""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from conftest import login
from tests.access_matrix import ALLOW, MATRIX, ROLES
from tests.test_access_matrix import all_patterns, request_as

HUGE = "99999999999999999999999"
CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
# Values that crashed views: digits Python's str.isdigit accepts but int() refuses ("²"),
# digits int() accepts from other scripts ("٣"), and numbers beyond a 64-bit id.
QUERY_VALUES = ["²", "٣", HUGE, "-1", "1e999", "\x00"]
POST_VALUES = {"²", HUGE}  # also posted as form fields to every URL
# Parameters read through forms bound to request.GET (not found by the source scan below).
FORM_PARAMETERS = {"town", "region", "need", "group", "language", "channel", "q", "page"}
PACKAGE = Path(__file__).resolve().parent.parent / "koers"


def crafted_path(route: str) -> str:
    """The route with every id replaced by a 23-digit number and every other part by 'x'."""

    def value(match: re.Match) -> str:
        return HUGE if match.group("converter") in ("id", "int") else "x"

    return "/" + CONVERTER.sub(value, route).lstrip("^").rstrip("$")


def query_parameter_names() -> set[str]:
    names = set(FORM_PARAMETERS)
    # request.GET.get("x"), request.GET["x"], data.get("x") (a QueryDict passed on) …
    pattern = re.compile(r"(?:\.GET\[|\.get\(|\.getlist\()\s*[\"']([\w-]+)[\"']")
    for source in PACKAGE.rglob("*.py"):
        # Views, forms and what reads a QueryDict for them (caseload, notices, the audit page).
        readers = ("api.py", "forms.py", "caseload.py", "notices.py", "audit_log.py")
        if "tests" in source.parts or not (
            source.name.endswith("views.py") or source.name in readers
        ):
            continue
        names.update(pattern.findall(source.read_text()))
    return names


def clients(world) -> dict[str, Client]:
    result = {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if world.users[role] is not None:
            login(client, world.users[role])
        result[role] = client
    return result


def test_every_id_in_a_route_uses_the_id_converter():
    """``<int:…>`` passes any number of digits to the view; ``<id:…>`` (koers/converters.py)
    turns an id no database can hold into a 404."""
    routes = [route for _name, _ns, route, _pattern in all_patterns() if "<int:" in route]
    assert not routes, f"use <id:…> instead of <int:…> in: {routes}"


def test_multiple_choices_of_ids_use_the_field_that_refuses_huge_ids():
    """Django's ModelMultipleChoiceField runs ``pk__in=[…]`` with whatever was posted, and
    SQLite's driver refuses a number beyond 64 bits (a 500); use IdMultipleChoiceField."""
    offenders = [
        str(source.relative_to(PACKAGE.parent))
        for source in PACKAGE.rglob("*.py")
        if "tests" not in source.parts
        and source.name != "converters.py"
        and "forms.ModelMultipleChoiceField(" in source.read_text()
    ]
    assert not offenders, f"use koers.converters.IdMultipleChoiceField in: {offenders}"


def test_the_parameter_scan_finds_the_parameters_that_crashed():
    assert {"service", "year", "page"} <= query_parameter_names()


@pytest.mark.django_db
def test_ids_beyond_64_bits_give_404_on_every_route_for_every_role(world):
    crafted = {crafted_path(route) for _name, _ns, route, _pattern in all_patterns()}
    paths = sorted(path for path in crafted if HUGE in path)
    assert any("/clients/" in path for path in paths)
    failures = []
    for role, client in clients(world).items():
        for path in paths:
            for method in ("get", "post"):
                response = request_as(client, method, path, {})
                if response.status_code >= 500 or (
                    "/admin/" not in path and response.status_code not in (302, 404)
                ):
                    failures.append(f"{role} {method.upper()} {path}: {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_crafted_query_parameters_never_give_a_server_error(world):
    """Every URL, as (up to three of) the roles allowed to use it — the others never reach
    the view — with every parameter Koers reads set to each crafted value (GET), and as form
    fields (POST)."""
    names = sorted(query_parameter_names())
    sessions = clients(world)
    failures = []
    for key, row in MATRIX.items():
        url = reverse(key.split("#")[0], kwargs=row.kwargs(world))
        allowed = [role for role in ROLES if row.expect[role] == ALLOW][:3]
        for role in allowed:
            for value in QUERY_VALUES:
                query = {name: value for name in names}
                for method in ("get", "post") if value in POST_VALUES else ("get",):
                    response = request_as(sessions[role], method, url, query)
                    if response.status_code >= 500:
                        failures.append(f"{role} {method} {url} ={value!r}: {response.status_code}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_a_nul_character_anywhere_gives_the_400_page(world):
    """PostgreSQL refuses NUL in any string; no view may pass one on. Every route with its
    text segments set to a NUL, and a NUL in a query parameter and a form field."""
    paths = sorted(
        {
            "/"
            + CONVERTER.sub(
                lambda match: "1" if match.group("converter") in ("id", "int") else "%00", route
            )
            for _name, _ns, route, _pattern in all_patterns()
            if CONVERTER.search(route)
        }
    )
    client = clients(world)["coordinator"]
    failures = []
    for path in [*paths, "/support/signpost/?region=%00", "/contact/?service=%00"]:
        response = request_as(client, "get", path, {})
        if response.status_code >= 500:
            failures.append(f"GET {path}: {response.status_code}")
    response = request_as(client, "post", "/en/contact/", {"work_name": "A\x00B"})
    assert response.status_code == 400
    assert not failures, "\n".join(failures)
    page = Client().get("/en/support/signpost/?region=%00")
    assert page.status_code == 400
    assert "Quick exit" in page.content.decode()


@pytest.mark.django_db
def test_the_contact_form_with_a_superscript_service_shows_a_page(client):
    response = client.get("/en/contact/?service=²")
    assert response.status_code in (200, 400, 404)
    response = client.get("/clients/99999999999999999999999/")
    assert response.status_code in (302, 404)
