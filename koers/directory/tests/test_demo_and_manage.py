# ruff: noqa: E501
"""Demo directory size and languages; coordinators maintain only their own entries."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import login
from koers.demodata.registry import DemoContext
from koers.directory import demo as directory_demo
from koers.directory.models import Service
from koers.organisations import demo as organisations_demo
from koers.organisations.models import Organisation

from .factories import make_service

pytestmark = pytest.mark.django_db


def test_demo_directory_covers_every_region_in_four_languages():
    shared: dict = {}
    for name, generate in (
        ("organisations", organisations_demo.generate),
        ("directory", directory_demo.generate),
    ):
        generate(DemoContext(scale=1, seed=1, rng=random.Random(f"1:{name}"), shared=shared))
    assert Organisation.objects.count() >= 150
    assert Service.objects.count() >= 600
    assert Service.objects.filter(regions__isnull=True, is_national=False).count() == 0
    for region_slug in ("alkmaar", "tilburg", "zwolle"):
        assert Service.objects.filter(regions__slug=region_slug).count() > 20
    assert not Service.objects.filter(description_en="").exists()
    assert not Service.objects.filter(description_ro="").exists()
    assert Service.objects.filter(description_nl__contains="opting-in").exists()


def test_coordinator_edits_own_service_in_four_languages(client, users, org_a):
    service = make_service(org_a, region_slugs=["amsterdam"])
    login(client, users["coordinator"])
    form = client.get(f"/en/support/manage/services/{service.pk}/")
    assert form.status_code == 200
    data = {
        "name_nl": "Hulp bij je cv", "description_nl": "Samen je cv schrijven.",
        "name_en": "Help with your CV", "description_en": "Writing your CV together.",
        "name_es": "Ayuda con tu CV", "description_es": "Escribir tu CV juntas.",
        "name_ro": "Ajutor cu CV-ul", "description_ro": "Scriem CV-ul împreună.",
        "status": "active", "scope": "specific", "cost": "free", "regions": [service.regions.first().pk],
        "verified_on": timezone.localdate().isoformat(), "life_domains": ["work_income"], "spoken_languages": ["nl", "ro"],
        "channel_phone": "+31 20 555 0101", "hours_1": "09:00-12:00, 13:00-17:00", "hours_2": "25:00-26:00",
    }  # fmt: skip
    response = client.post(f"/en/support/manage/services/{service.pk}/", data)  # English page
    assert response.status_code == 200  # the bad hours are refused at the field, the rest is kept
    html = response.content.decode()
    assert "is not a time span" in html and "Ajutor cu CV-ul" in html
    data["hours_2"] = ""
    data["url"] = "www.example.nl/cv"  # typed without a scheme
    assert client.post(f"/en/support/manage/services/{service.pk}/", data).status_code == 302
    service.refresh_from_db()
    assert service.description_ro == "Scriem CV-ul împreună."
    assert service.url == "https://www.example.nl/cv"
    assert service.opening_hours.count() == 2


def test_stale_entries_are_flagged_to_coordinator_and_noted_publicly(client, users, org_a):
    stale = make_service(
        org_a,
        region_slugs=["amsterdam"],
        name="Oude dienst",
        verified_on=timezone.localdate() - timedelta(days=200),
    )
    login(client, users["coordinator"])
    assert "needs checking" in client.get("/en/support/manage/").content.decode()
    public = client.get("/en/support/", {"region": "amsterdam"}).content.decode()
    assert "may be out of date" in public
    client.post(f"/support/manage/services/{stale.pk}/verify/")
    stale.refresh_from_db()
    assert not stale.is_stale


def test_coordinator_cannot_touch_another_organisations_service(client, users, org_b):
    other = make_service(org_b, region_slugs=["rotterdam"])
    login(client, users["coordinator"])
    assert client.post(f"/support/manage/services/{other.pk}/verify/").status_code == 404
    assert client.get(f"/support/manage/services/{other.pk}/").status_code == 404
