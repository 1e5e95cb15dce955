"""The authorization matrix: every URL pattern of the project, requested as every role.

Discovers the URL patterns from the root URLconf, so a new view without a row in
``tests/access_matrix.py`` fails here until its author decides who may use it.
"""

import re
from http.cookies import SimpleCookie

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import login
from tests.access_matrix import (
    ADMIN_OVERRIDES,
    ALLOW,
    ALLOW_OR_MISSING,
    DENY,
    LOGIN,
    MATRIX,
    NAMESPACE_RULES,
    ROLES,
    Row,
)

ADMIN_PLACEHOLDERS = {"object_id": "1", "app_label": "accounts", "content_type_id": "1", "url": "x"}


def discover(resolver: URLResolver | None = None, namespace: str = "", route: str = ""):
    """Yield (name, namespace, route, pattern) for every URL pattern, recursively."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner_ns = namespace
            if entry.namespace:
                inner_ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from discover(entry, inner_ns, route + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name}" if namespace and entry.name else entry.name
            yield name, namespace, route + str(entry.pattern), entry


def all_patterns():
    return list(discover())


def test_every_url_pattern_has_a_row_in_the_matrix():
    missing = []
    for name, namespace, route, _pattern in all_patterns():
        top_namespace = namespace.split(":")[0] if namespace else ""
        if top_namespace in NAMESPACE_RULES:
            continue
        if name is None or name not in MATRIX:
            missing.append(name or route)
    assert not missing, f"URL patterns without a row in tests/access_matrix.py: {missing}"


def test_every_matrix_row_names_an_existing_url():
    names = {name for name, *_ in all_patterns()}
    stale = [key for key in MATRIX if key.split("#")[0] not in names]
    assert not stale, f"Rows for URLs that no longer exist: {stale}"


def test_every_row_covers_every_role():
    for key, row in {**MATRIX, **NAMESPACE_RULES, **ADMIN_OVERRIDES}.items():
        assert set(row.expect) == set(ROLES), key


def classify(response) -> str:
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if status in (301, 302, 303, 307, 308):
        location = response.get("Location", "").split("?")[0]
        login_pages = {reverse("accounts:login"), reverse("admin:login")}
        return LOGIN if location in login_pages else ALLOW
    if status in (403, 404):
        return DENY
    if status in (200, 201, 204, 400, 405):
        return ALLOW
    return f"unexpected {status}"


def admin_kwargs(pattern: URLPattern) -> dict[str, str]:
    return {key: ADMIN_PLACEHOLDERS.get(key, "1") for key in pattern.pattern.regex.groupindex}


def build_cases(world) -> list[tuple[str, str, Row, str]]:
    """(label, url, row, method) for every row and every admin pattern."""
    cases = []
    for key, row in MATRIX.items():
        url = reverse(key.split("#")[0], kwargs=row.kwargs(world))
        cases.append((key, url, row, row.method))
    for name, namespace, _route, pattern in all_patterns():
        top = namespace.split(":")[0] if namespace else ""
        if top not in NAMESPACE_RULES:
            continue
        row = ADMIN_OVERRIDES.get(name, NAMESPACE_RULES[top])
        if name is None:
            url = "/admin/no-such-page/"
        else:
            url = reverse(name, kwargs=admin_kwargs(pattern))
        cases.append((name or "admin catch-all", url, row, row.method))
    return cases


def request_as(client: Client, method: str, url: str, data: dict):
    """Send one request inside a savepoint that is rolled back afterwards, so a permitted
    write (deactivating a colleague, closing a file, erasing a client …) cannot change what
    the next request sees. The client's cookies are restored for the same reason (logout)."""
    cookies = client.cookies
    client.cookies = SimpleCookie(cookies.output(header="", sep="\n"))
    with transaction.atomic():
        response = getattr(client, method)(url, data=data)
        transaction.set_rollback(True)
    client.cookies = cookies
    return response


@pytest.mark.django_db
def test_access_matrix(world):
    cases = build_cases(world)
    failures = []
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if world.users[role] is not None:
            login(client, world.users[role])
        for _label, url, row, method in cases:
            response = request_as(client, method, url, row.data(world))
            outcome = classify(response)
            expected = row.expect[role]
            ok = outcome == expected or (
                expected == ALLOW_OR_MISSING
                and outcome in (ALLOW, DENY)
                and response.status_code != 403
            )
            if not ok:
                failures.append(
                    f"{role:<21} {method.upper():<4} {url:<55} expected {expected}, "
                    f"got {outcome} ({response.status_code})"
                )
    assert not failures, "Access matrix violations:\n" + "\n".join(failures)


def test_no_url_leaks_a_route_without_access_decorator():
    """Every project view (not Django's admin) declares its access with a decorator."""
    undeclared = []
    for name, namespace, route, pattern in all_patterns():
        top = namespace.split(":")[0] if namespace else ""
        if top in NAMESPACE_RULES:
            continue
        callback = pattern.callback
        if not hasattr(callback, "koers_access") and not re.search(r"^(static|media)/", route):
            undeclared.append(name or route)
    assert not undeclared, f"Views without an access decorator: {undeclared}"
