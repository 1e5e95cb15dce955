# ruff: noqa: E501
"""Cached search pages are never stale: whatever writes to the directory — a coordinator's
form, a service function, a bulk update, an import, a deactivated organisation — the very
next search shows it. (First result pages are cached; see ``views._cache_key``.)"""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import login
from koers.directory import freshness, services
from koers.directory.hsds import export_all, import_hsds
from koers.directory.models import Location, Service, ServiceAtLocation
from koers.organisations.models import Organisation
from koers.regions.models import Municipality, Region

from .factories import make_service

pytestmark = pytest.mark.django_db

SEARCH = {"region": "amsterdam", "need": "housing"}


def search(client, params=SEARCH, prefix="/en") -> str:
    response = client.get(f"{prefix}/support/", params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def listed(org_a):
    return make_service(
        org_a,
        region_slugs=["amsterdam"],
        name="Woonhulp Amsterdam",
        translations={"en": ("Housing help Amsterdam", "We find you a room.")},
    )


def test_repeated_search_is_served_from_cache_with_the_same_page(client, listed):
    first = search(client)
    with CaptureQueriesContext(connection) as queries:
        second = search(client)
    assert second == first
    assert "Housing help Amsterdam" in second
    assert len(queries) <= 2, [q["sql"] for q in queries]  # the version, nothing else


def test_coordinator_edit_in_the_manage_form_shows_in_the_next_search(client, users, listed):
    assert "Housing help Amsterdam" in search(client)
    coordinator = login(client.__class__(), users["coordinator"])
    data = {
        "name_nl": "Kamerhulp Amsterdam", "description_nl": "Wij zoeken een kamer met je.",
        "name_en": "Room finder Amsterdam", "description_en": "We look for a room with you.",
        "status": "active", "scope": "specific", "cost": "free", "regions": [Region.objects.get(slug="amsterdam").pk],
        "verified_on": timezone.localdate().isoformat(), "life_domains": ["housing"], "spoken_languages": ["nl"],
        "channel_phone": "+31 20 555 0101",
    }  # fmt: skip
    assert coordinator.post(f"/en/support/manage/services/{listed.pk}/", data).status_code == 302
    html = search(client)
    assert "Room finder Amsterdam" in html and "We look for a room with you." in html
    assert "Housing help Amsterdam" not in html
    assert "Kamerhulp Amsterdam" in search(client, prefix="")  # the Dutch page too


def test_verifying_through_the_service_function_removes_the_stale_note(client, users, org_a):
    stale = make_service(
        org_a, region_slugs=["amsterdam"], verified_on=timezone.localdate() - timedelta(days=200)
    )
    assert "may be out of date" in search(client)
    services.mark_verified(stale, users["coordinator"])
    assert "may be out of date" not in search(client)


def test_bulk_updates_that_send_no_signals_still_show(client, listed):
    search(client)
    Service.objects.filter(pk=listed.pk).update(description_en="Now also on Sundays.")
    assert "Now also on Sundays." in search(client)
    Organisation.objects.filter(pk=listed.organisation_id).update(is_active=False)
    assert "Housing help Amsterdam" not in search(client)


def test_deleted_service_disappears(client, listed):
    assert "Housing help Amsterdam" in search(client)
    listed.delete()
    assert "Housing help Amsterdam" not in search(client)


def test_imported_services_appear_in_the_next_search(client, listed):
    exported = export_all()
    Service.objects.all().delete()
    assert "0 services found" in search(client)
    report = import_hsds(exported)
    assert report.ok, report.errors
    assert "Housing help Amsterdam" in search(client)


def test_a_service_becomes_stale_when_the_date_passes(client, org_a):
    make_service(
        org_a, region_slugs=["amsterdam"], verified_on=timezone.localdate() - timedelta(days=180)
    )
    assert "may be out of date" not in search(client)
    later = timezone.localdate() + timedelta(days=10)
    with mock.patch("django.utils.timezone.localdate", return_value=later):
        assert "may be out of date" in search(client)


def test_town_lookup_follows_municipality_changes(client, listed):
    params = {"town": "Tilburg", "need": "housing"}
    assert "0 services found" in search(client, params)
    Municipality.objects.filter(name="Tilburg").update(
        region=Region.objects.get(slug="amsterdam"), is_lead=False
    )
    assert "1 service found" in search(client, params)


def test_later_pages_are_not_cached_and_page_one_is_per_language(client, listed):
    english, dutch = search(client), search(client, prefix="")
    assert "Housing help Amsterdam" in english and "Woonhulp Amsterdam" in dutch
    with mock.patch("koers.directory.views.cache") as page_cache:
        search(client, {**SEARCH, "page": "2"})
    page_cache.get.assert_not_called()
    page_cache.set.assert_not_called()


def test_a_later_page_shows_a_write_at_once(client, org_a):
    """Later pages are not cached but read the in-memory index of the directory version:
    that follows every write too."""
    for number in range(12):
        make_service(org_a, region_slugs=["amsterdam"], name=f"Woonhulp {number:02}")
    page_two = {**SEARCH, "page": "2"}
    assert "Woonhulp 10" in search(client, page_two, prefix="")
    Service.objects.filter(name_nl="Woonhulp 10").update(description_nl="Nu ook op zondag.")
    assert "Nu ook op zondag." in search(client, page_two, prefix="")
    Service.objects.filter(name_nl="Woonhulp 10").delete()
    assert "Woonhulp 10" not in search(client, page_two, prefix="")


@pytest.mark.parametrize("table", freshness.watched_tables())
def test_every_watched_table_changes_the_version(table, listed):
    """Database triggers, so no write path (bulk, raw SQL, admin, import) can skip them."""
    location = Location.objects.create(
        organisation=listed.organisation, name="Inloop", address_1="Dam 1", city="Amsterdam"
    )
    ServiceAtLocation.objects.create(service=listed, location=location)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [table]
            )
            definitions = " ".join(row[0] for row in cursor.fetchall())
        for event in ("INSERT", "UPDATE", "DELETE"):
            assert f"AFTER {event} ON" in definitions, f"{table}: no {event} trigger"
    before = freshness.current_version()
    assert before is not None
    with connection.cursor() as cursor:
        cursor.execute(f'UPDATE "{table}" SET id = id')  # noqa: S608 - a model's table name
    assert freshness.current_version() != before, f"writing {table} left the version as it was"
