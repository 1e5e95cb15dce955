"""Fixtures shared by every test: organisations, one user per role, and logged-in clients.

``login(client, user)`` logs a user in *and* marks the second factor as passed, the way a
real login does, so tests of staff views do not have to walk the two-factor flow (the
accounts tests walk it for real).
"""

import importlib
from types import SimpleNamespace

import pytest
from django.test import Client
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from koers.accounts.models import Membership, Role, User, UserKind
from koers.organisations.models import Organisation, OrganisationKind
from koers.regions.models import Region

TEST_PASSWORD = "correct-horse-battery-staple-42"  # noqa: S105


def make_user(
    username: str, *, kind: str = UserKind.STAFF, role: str | None = None, organisation=None
) -> User:
    user = User.objects.create_user(
        username=username,
        password=TEST_PASSWORD,
        kind=kind,
        is_staff=role == Role.SITE_ADMINISTRATOR,
        is_superuser=role == Role.SITE_ADMINISTRATOR,
    )
    if role:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def login(client: Client, user: User) -> Client:
    """Log ``user`` in with a confirmed TOTP device and mark the session as verified."""
    client.force_login(user)
    if user.kind == UserKind.STAFF:
        device, _ = TOTPDevice.objects.get_or_create(
            user=user, defaults={"name": "test", "confirmed": True}
        )
        session = client.session
        session["otp_device_id"] = device.persistent_id
        session.save()
    return client


@pytest.fixture(scope="session")
def compiled_translations() -> int:
    """Compile changed translation catalogues and forget the cached ones; returns how many
    were compiled. A developer who edits a ``.po`` file and runs ``pytest`` straight away sees
    the new text, not a stale ``.mo`` (Django caches catalogues per process). Page and browser
    tests use it (their conftests make it automatic there)."""
    from django.utils.translation import trans_real

    from koers.pages.management.commands.compile_translations import (
        catalogue_paths,
        compile_catalogue,
    )

    def is_stale(po_path) -> bool:
        mo_path = po_path.with_suffix(".mo")
        return not mo_path.exists() or mo_path.stat().st_mtime < po_path.stat().st_mtime

    stale = [path for path in catalogue_paths() if is_stale(path)]
    for path in stale:
        compile_catalogue(path)
    compiled = len(stale)
    # Another process (a parallel test worker) may have compiled just now: always forget.
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = trans_real.Local()
    return compiled


@pytest.fixture(autouse=True)
def english_by_default():
    """Every test starts in English, so ``reverse()`` gives ``/en/…`` and pages read in the
    language the assertions are written in. Without this, the language a previous test's
    request left active leaks into the next test (LocaleMiddleware does not reset it).
    Tests of Dutch pages request Dutch URLs or use ``translation.override("nl")``."""
    translation.activate("en")
    yield
    translation.deactivate()


def ensure_migration_data() -> None:
    """Put back the regions and municipalities the migrations seed, if a transactional test
    (a browser test) emptied the tables before this one. Runs the migrations' own seed
    functions, so the data is exactly what a migrated database holds."""
    if Region.objects.exists():
        return
    from django.apps import apps

    for name in ("0002_seed_duup_regions", "0003_more_municipalities"):
        migration = importlib.import_module(f"koers.regions.migrations.{name}")
        migration.seed(apps, None)


@pytest.fixture(autouse=True)
def seeded_regions(request) -> None:
    """Every test with database access finds the regions the migrations seed, even when it
    runs after a transactional (browser) test in the same worker, which empties all tables."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if "transactional_db" in names or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker is not None:
        request.getfixturevalue("db")
    else:
        return
    ensure_migration_data()


@pytest.fixture
def region_amsterdam(db) -> Region:
    ensure_migration_data()
    return Region.objects.get(slug="amsterdam")


@pytest.fixture
def region_rotterdam(db) -> Region:
    ensure_migration_data()
    return Region.objects.get(slug="rotterdam")


@pytest.fixture
def org_a(region_amsterdam) -> Organisation:
    org = Organisation.objects.create(name="Organisation A", kind=OrganisationKind.SPECIALISED)
    org.regions.add(region_amsterdam)
    return org


@pytest.fixture
def org_b(region_rotterdam) -> Organisation:
    org = Organisation.objects.create(name="Organisation B", kind=OrganisationKind.SPECIALISED)
    org.regions.add(region_rotterdam)
    return org


@pytest.fixture
def org_adviser(db) -> Organisation:
    return Organisation.objects.create(
        name="Confidential advice", kind=OrganisationKind.CONFIDENTIAL_ADVISER, is_national=True
    )


@pytest.fixture
def org_municipality(region_amsterdam) -> Organisation:
    org = Organisation.objects.create(name="Gemeente Amsterdam", kind=OrganisationKind.MUNICIPALITY)
    org.regions.add(region_amsterdam)
    return org


@pytest.fixture
def users(org_a, org_b, org_adviser, org_municipality) -> dict[str, User]:
    """One user per role of the authorization matrix (``anonymous`` is ``None``)."""
    return {
        "anonymous": None,
        "member": make_user("member", kind=UserKind.MEMBER),
        "professional_a": make_user("professional-a", role=Role.PROFESSIONAL, organisation=org_a),
        "professional_b": make_user("professional-b", role=Role.PROFESSIONAL, organisation=org_b),
        "coordinator": make_user("coordinator-a", role=Role.COORDINATOR, organisation=org_a),
        "confidential_adviser": make_user(
            "adviser", role=Role.CONFIDENTIAL_ADVISER, organisation=org_adviser
        ),
        "moderator": make_user("moderator", role=Role.MODERATOR, organisation=org_a),
        "analyst": make_user("analyst", role=Role.ANALYST, organisation=org_municipality),
        "administrator": make_user("administrator", role=Role.SITE_ADMINISTRATOR),
    }


@pytest.fixture
def world(users, org_a, org_b, org_adviser, org_municipality) -> SimpleNamespace:
    """The matrix's world: one user per role and the organisations they belong to, for
    ``MatrixRow.kwargs(world)`` and the tests that walk every URL."""
    return SimpleNamespace(
        users=users,
        org_a=org_a,
        org_b=org_b,
        org_adviser=org_adviser,
        org_municipality=org_municipality,
    )


@pytest.fixture
def client_for(users):
    """``client_for("coordinator")`` → a Client logged in as that role (verified)."""

    def build(role: str) -> Client:
        client = Client()
        user = users[role]
        if user is not None:
            login(client, user)
        return client

    return build
