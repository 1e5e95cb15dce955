# ruff: noqa: E501
"""HSDS 3.0: exported records validate against the official compiled schemas, the API pages
as HSDS describes, and an export re-imports to equal data (all-or-nothing on errors)."""

import gzip
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from jsonschema import Draft202012Validator

from koers.directory.hsds import export_all, import_hsds
from koers.directory.models import Location, Service, ServiceAtLocation
from koers.organisations.models import Organisation, OrganisationKind

from .factories import TRANS_HOUSING, TRANS_HOUSING_NL, make_service

pytestmark = pytest.mark.django_db
# The specification's compiled schemas, vendored with their licence (see the README there).
HSDS_DIR = Path(__file__).resolve().parent / "hsds_official"


def official(name: str) -> Draft202012Validator:
    path = HSDS_DIR / name
    packed = path.with_name(path.name + ".gz")
    text = gzip.decompress(packed.read_bytes()).decode() if packed.exists() else path.read_text()
    schema = json.loads(text)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@pytest.fixture
def directory():
    org = Organisation.objects.create(
        name="Steunpunt Tilburg",
        kind=OrganisationKind.SPECIALISED,
        description="Steun.",
        website="https://steunpunt.example",
    )
    partner = Organisation.objects.create(name="GGD Tilburg", kind=OrganisationKind.GENERAL_PARTNER)
    location = Location.objects.create(
        organisation=org,
        name="Inloop",
        address_1="Stationsstraat 1",
        postal_code="5038 AA",
        city="Tilburg",
    )
    trans = make_service(org, name=TRANS_HOUSING_NL[0], description=TRANS_HOUSING_NL[1], groups=["trans_nonbinary"],
                         translations=TRANS_HOUSING, no_need_to_stop=True, can_be_anonymous=True,
                         channels={"phone": "+31 13 123 4567", "walk_in": "", "email": "hulp@steunpunt.example"})  # fmt: skip
    ServiceAtLocation.objects.create(service=trans, location=location)
    make_service(
        partner,
        scope="friendly",
        national=True,
        domains=["physical_health"],
        name="Soa-test",
        description="Gratis.",
    )
    return org


def test_every_exported_service_and_organisation_validates_against_official_schemas(directory):
    data = export_all()
    service_validator, org_validator = official("service.json"), official("organization.json")
    assert len(data["services"]) == 2 and len(data["organizations"]) == 2
    for record in data["services"]:
        errors = [
            f"{list(e.absolute_path)}: {e.message}" for e in service_validator.iter_errors(record)
        ]
        assert not errors, errors
    for record in data["organizations"]:
        errors = [
            f"{list(e.absolute_path)}: {e.message}" for e in org_validator.iter_errors(record)
        ]
        assert not errors, errors


def test_api_validates_and_pages_as_hsds_describes(client, directory):
    page = client.get("/api/hsds/services", {"per_page": 1}).json()
    assert {k: page[k] for k in ("total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty")} == {
        "total_items": 2, "total_pages": 2, "page_number": 1, "size": 1, "first_page": True, "last_page": False, "empty": False,
    }  # fmt: skip
    listed = official("service_list.json")
    for item in page["contents"]:
        assert not list(listed.iter_errors(item))
    service = Service.objects.get(name_nl=TRANS_HOUSING_NL[0])
    detail = client.get(f"/api/hsds/services/{service.hsds_id}").json()
    assert not list(official("service.json").iter_errors(detail))
    assert any(a["value"] == TRANS_HOUSING["ro"][1] for a in detail["attributes"])
    org = client.get(f"/api/hsds/organizations/{directory.hsds_id}").json()
    assert not list(official("organization.json").iter_errors(org))
    assert client.get("/api/hsds/services", {"page": "x"}).status_code == 400
    assert client.get("/api/hsds/services/not-a-uuid").status_code == 404
    terms = client.get("/api/hsds/taxonomy_terms", {"per_page": 100}).json()
    assert any(t["code"] == "koers-life-domain:housing" for t in terms["contents"])


def test_export_then_import_yields_equal_data(directory, tmp_path):
    before = export_all()
    path = tmp_path / "export.json"
    call_command("export_hsds", str(path))
    Service.objects.all().delete()
    Location.objects.all().delete()
    Organisation.objects.all().delete()
    call_command("import_hsds", str(path))
    after = export_all()
    for record in before["services"] + after["services"]:
        record.pop("last_modified")
    assert after == before


def test_invalid_import_imports_nothing_and_names_each_bad_record_and_field(directory):
    data = export_all()
    services_before = Service.objects.count()
    good = data["services"][0]
    bad_status = {**data["services"][1], "status": "sleeping"}
    bad_id = {**good, "id": "not-a-uuid", "name": "Kapot"}
    new_good = {**good, "id": "0b0d6f0e-0000-4000-8000-000000000001", "name": "Nieuw"}
    report = import_hsds(
        {"organizations": data["organizations"], "services": [new_good, bad_status, bad_id]}
    )
    assert not report.ok
    fields = {(label.split(" (")[0], field) for label, field, _message in report.errors}
    assert ("service 2", "status") in fields
    assert ("service 3", "id") in fields
    assert Service.objects.count() == services_before
    assert not Service.objects.filter(name_nl="Nieuw").exists()
