"""Every page a role may use is reachable from that role's menu (issue 13, item 9).

For each staff role this walks the menu as the user sees it: the staff menu on every page,
the pages it links to, and the links on those pages (two clicks). Every page the access
matrix allows the role and that needs no object id (a page of its own, not "client 12") must
be among them — so a page that works but that no menu leads to fails here.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from django.utils import translation

from conftest import login
from tests.access_matrix import ALLOW, LOGIN, MATRIX, STAFF_ROLES

#: Pages reached another way on purpose: the second-factor steps of logging in.
NOT_IN_MENUS = {"accounts:verify", "accounts:enrol"}

#: Links the walk does not follow because they end or restart the session.
NOT_FOLLOWED = {"accounts:login", "quick_exit", "pages:quick_exit"}

HREF = re.compile(r'href="(/[^"#?]*)')


def _links(client: Client, path: str) -> set[str]:
    response = client.get(path)
    if response.status_code != 200:
        return set()
    return set(HREF.findall(response.content.decode()))


def _name(path: str) -> str:
    # Resolve in the path's own language: a page the walk opened may have left another
    # language active in this thread, and /en/… resolves only while English is active.
    prefix = path.split("/")[1]
    language = prefix if prefix in {code for code, _ in settings.LANGUAGES} else None
    try:
        with translation.override(language):
            return resolve(path).view_name
    except Resolver404:
        return ""


def _own_pages(role: str, world) -> set[str]:
    """Pages the matrix lets ``role`` use that need no object and are for logged-in users."""
    pages = set()
    for name, row in MATRIX.items():
        if "#" in name or row.method != "get" or name in NOT_IN_MENUS:
            continue
        if row.expect.get("anonymous") != LOGIN or row.expect.get(role) != ALLOW:
            continue
        if row.kwargs(world):
            continue
        pages.add(name)
    return pages


@pytest.mark.django_db
@pytest.mark.parametrize("role", [role for role in STAFF_ROLES])
def test_every_page_of_a_role_is_reachable_from_its_menu(role, world):
    client = Client()
    login(client, world.users[role])
    first = _links(client, reverse("accounts:dashboard"))
    reachable = set(first)
    followed: set[str] = set()
    for path in sorted(first):
        name = _name(path)
        # Not followed: the admin, files, the login page (it starts a new login), the quick
        # exit (it ends the session) and the same page in another language.
        if not name or name in followed or name.startswith("admin:") or name in NOT_FOLLOWED:
            continue
        followed.add(name)
        reachable |= _links(client, path)
    missing = sorted(_own_pages(role, world) - {_name(path) for path in reachable})
    assert not missing, f"{role}: no menu leads to {missing}"
