"""People the monitoring tests need, created without a password hash: the shared ``users``
fixture hashes nine passwords with Argon2, which would dominate these tests' time."""

import pytest
from django.apps import apps
from django.core.management.color import no_style
from django.db import connection

from conftest import login
from koers.accounts.models import Membership, Role, User
from koers.organisations.models import Organisation, OrganisationKind


@pytest.fixture(autouse=True)
def ids_as_on_sqlite(db):
    """Record keys (the cell-key noise) are a keyed permutation of ids. SQLite's ids start
    again after each test's rollback; PostgreSQL's sequences run on, so the same test would
    draw other keys depending on what ran before it in the worker. On PostgreSQL every
    sequence is set to its table's max(id) + 1 first, so both databases draw the same keys.
    (That the protection's bound does not yet hold for every key draw is in the README.)"""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(statement)


@pytest.fixture
def analyst(db, client):
    """A client logged in (and verified) as a municipality's analyst."""
    organisation = Organisation.objects.create(
        name="Gemeente Test", kind=OrganisationKind.MUNICIPALITY
    )
    user = User.objects.create(username="analyst-fast")
    Membership.objects.create(user=user, organisation=organisation, role=Role.ANALYST)
    login(client, user)
    return client


@pytest.fixture
def client_for(analyst):
    """The root fixture's interface; every role asked for here is the analyst."""
    return lambda role: analyst


@pytest.fixture
def worker(db):
    """A professional of a specialised organisation, to open files and answer requests."""
    organisation = Organisation.objects.create(
        name="Organisation A", kind=OrganisationKind.SPECIALISED
    )
    user = User.objects.create(username="worker-fast")
    Membership.objects.create(user=user, organisation=organisation, role=Role.PROFESSIONAL)
    return user


def plain(counts):
    """``{cell: CellCount}`` as ``{cell: true count}`` (what the counting selectors found)."""
    return {key: value.n for key, value in counts.items()}


def near(published, truth):
    """A published number agrees with a true count: at most the layer's noise away."""
    from koers.privacy.publishing import MAX_NOISE

    return published is not None and abs(published - truth) <= MAX_NOISE
