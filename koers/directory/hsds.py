# ruff: noqa: E501
"""HSDS 3.0 exchange: Koers records ↔ HSDS JSON (export, API payloads, import).

Written here rather than taken from a library because no maintained Python package maps
HSDS 3.0; the mapping is Koers-specific anyway (Koers facts travel as HSDS *attributes*
of the Koers taxonomies in :mod:`koers.directory.vocabulary`, translations as attributes of
the ``koers-translation`` taxonomy, so an export re-imports to equal data).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import date, time
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from koers.organisations.models import Organisation, OrganisationKind
from koers.regions.models import Municipality, Region

from .models import (
    ICAL_DAYS,
    ContactPoint,
    Location,
    OpeningHours,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    ServiceLanguage,
    ServiceStatus,
)
from .vocabulary import (
    CONTENT_LANGUAGES,
    FEATURES,
    TAXONOMIES,
    ContactChannel,
    Cost,
    LifeDomain,
    ServiceScope,
    SpokenLanguage,
    TargetGroup,
    taxonomy_uuid,
    term_uuid,
)

SCHEMA_DIR = Path(__file__).resolve().parent / "hsds_schema"
DAY_NUMBERS = {code: number for number, code in ICAL_DAYS.items()}
PHONE_TYPES = {"phone": "voice", "sms": "sms", "whatsapp": "whatsapp"}
NATIONAL_AREA = "Nederland"
ORG_TAXONOMIES = {
    "koers-organisation-kind": (
        OrganisationKind,
        "Koers organisation kinds",
        "What kind of organisation.",
    )
}


def derived_id(parent: uuid.UUID | str, name: str) -> str:
    """A stable id for HSDS objects Koers does not store as rows (e.g. the cost attribute)."""
    return str(uuid.uuid5(uuid.UUID(str(parent)), name))


# --- taxonomies --------------------------------------------------------------------------


def _all_taxonomies() -> dict[str, tuple[Any, str, str]]:
    return {
        **TAXONOMIES,
        **ORG_TAXONOMIES,
        "koers-region": (None, "Koers regions", "DUUP regions."),
    }


def taxonomy_payload(code: str) -> dict[str, Any]:
    _vocab, name, description = _all_taxonomies()[code]
    return {"id": taxonomy_uuid(code), "name": name, "description": description, "version": "1"}


def _term_labels(taxonomy: str) -> dict[str, str]:
    vocabulary = _all_taxonomies()[taxonomy][0]
    if vocabulary is not None:
        return {value: str(vocabulary(value).label) for value in vocabulary.values}
    if taxonomy == "koers-feature":
        return dict(FEATURES)
    if taxonomy == "koers-translation":
        return {
            f"{f}:{lang}": f"{f} ({lang})"
            for f in ("name", "description")
            for lang in CONTENT_LANGUAGES
            if lang != "nl"
        }
    if taxonomy == "koers-region":
        return {r.slug: r.name for r in Region.objects.order_by("slug")}
    return {}


def term_payload(taxonomy: str, code: str, label: str | None = None) -> dict[str, Any]:
    label = label if label is not None else _term_labels(taxonomy).get(code, code)
    return {
        "id": term_uuid(taxonomy, code),
        "code": f"{taxonomy}:{code}",
        "name": label,
        "description": label,
        "taxonomy": taxonomy,
        "taxonomy_id": taxonomy_uuid(taxonomy),
        "language": "en",
    }


def all_terms() -> list[dict[str, Any]]:
    terms = []
    for taxonomy in _all_taxonomies():
        for code, label in _term_labels(taxonomy).items():
            terms.append(term_payload(taxonomy, code, label))
    return terms


@lru_cache(maxsize=1)
def _terms_by_id_static() -> dict[str, tuple[str, str]]:
    return {
        term_uuid(t, code): (t, code)
        for t in _all_taxonomies()
        if t != "koers-region"
        for code in _term_labels(t)
    }


# --- export ------------------------------------------------------------------------------


def _attribute(
    link_id: Any, link_type: str, attribute_id: Any, taxonomy: str, code: str, value: str = ""
) -> dict:
    return {
        "id": str(attribute_id),
        "link_id": str(link_id),
        "link_type": link_type,
        "link_entity": link_type,
        "taxonomy_term_id": term_uuid(taxonomy, code),
        "value": value,
        "taxonomy_term": term_payload(taxonomy, code),
    }


def organisation_basic(org: Organisation) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(org.hsds_id),
        "name": org.name,
        "description": org.description,
    }
    if org.email:
        data["email"] = org.email
    if org.website:
        data["website"] = org.website
    return data


def organisation_full(org: Organisation) -> dict[str, Any]:
    data = organisation_basic(org)
    attributes = [
        _attribute(
            org.hsds_id,
            "organization",
            derived_id(org.hsds_id, "kind"),
            "koers-organisation-kind",
            org.kind,
        )
    ]
    if org.is_national:
        attributes.append(
            _attribute(
                org.hsds_id,
                "organization",
                derived_id(org.hsds_id, "national"),
                "koers-feature",
                "national",
            )
        )
    for region in sorted(org.regions.all(), key=lambda r: r.slug):
        attributes.append(
            _attribute(
                org.hsds_id,
                "organization",
                derived_id(org.hsds_id, f"region:{region.slug}"),
                "koers-region",
                region.slug,
                region.name,
            )
        )
    data["attributes"] = attributes
    data["locations"] = [location_payload(loc) for loc in org.locations.all()]
    return data


def location_payload(location: Location) -> dict[str, Any]:
    return {
        "id": str(location.hsds_id),
        "location_type": "physical",
        "organization_id": str(location.organisation.hsds_id),
        "name": location.name,
        "addresses": [
            {
                "id": derived_id(location.hsds_id, "address"),
                "location_id": str(location.hsds_id),
                "address_1": location.address_1,
                "city": location.city,
                "region": location.municipality.name if location.municipality else "",
                "state_province": "",
                "postal_code": location.postal_code,
                "country": "NL",
                "address_type": "physical",
            }
        ],
    }


def service_basic(service: Service) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(service.hsds_id),
        "organization_id": str(service.organisation.hsds_id),
        "name": service.name_nl,
        "description": service.description_nl,
        "status": service.status,
        "assured_date": service.verified_on.isoformat(),
        "last_modified": service.updated_at.isoformat()
        if service.updated_at
        else timezone.now().isoformat(),
    }
    if service.url:
        data["url"] = service.url
    if service.email:
        data["email"] = service.email
    return data


def service_full(service: Service) -> dict[str, Any]:
    """The fully nested HSDS service (what ``/services/{id}`` returns)."""
    sid = service.hsds_id
    data = service_basic(service)
    data["fees_description"] = (
        str(Cost(service.cost).label) if service.cost in Cost.values else service.cost
    )
    data["organization"] = organisation_basic(service.organisation)
    data["phones"] = [
        {
            "id": str(p.hsds_id),
            "service_id": str(sid),
            "number": p.value,
            "type": PHONE_TYPES[p.channel],
        }
        for p in service.contact_points.all()
        if p.channel in PHONE_TYPES and p.value
    ]
    data["schedules"] = [
        {
            "id": str(h.hsds_id),
            "service_id": str(sid),
            "freq": "WEEKLY",
            "byday": ICAL_DAYS[h.weekday],
            "opens_at": h.opens_at.strftime("%H:%M"),
            "closes_at": h.closes_at.strftime("%H:%M"),
        }
        for h in service.opening_hours.all()
    ]
    areas = [
        {
            "id": derived_id(sid, f"area:{r.slug}"),
            "service_id": str(sid),
            "name": r.name,
            "description": f"DUUP region {r.name}",
        }
        for r in sorted(service.regions.all(), key=lambda r: r.slug)
    ]
    if service.is_national:
        areas.append(
            {
                "id": derived_id(sid, "area:national"),
                "service_id": str(sid),
                "name": NATIONAL_AREA,
                "description": "The Netherlands",
            }
        )
    data["service_areas"] = areas
    data["service_at_locations"] = [
        {
            "id": str(sal.hsds_id),
            "service_id": str(sid),
            "location_id": str(sal.location.hsds_id),
            "location": location_payload(sal.location),
        }
        for sal in service.service_at_locations.all()
    ]
    data["languages"] = [
        {
            "id": str(lang.hsds_id),
            "service_id": str(sid),
            "name": str(SpokenLanguage(lang.code).label)
            if lang.code in SpokenLanguage.values
            else lang.code,
            "code": lang.code,
        }
        for lang in service.languages.all()
    ]
    data["contacts"] = []
    attributes = [
        _attribute(sid, "service", a.hsds_id, a.taxonomy, a.code) for a in service.attributes.all()
    ]
    attributes.append(
        _attribute(sid, "service", derived_id(sid, "scope"), "koers-scope", service.scope)
    )
    attributes.append(
        _attribute(sid, "service", derived_id(sid, "cost"), "koers-cost", service.cost)
    )
    for feature in FEATURES:
        if getattr(service, feature):
            attributes.append(
                _attribute(sid, "service", derived_id(sid, feature), "koers-feature", feature)
            )
    for point in service.contact_points.all():
        attributes.append(
            _attribute(
                sid, "service", point.hsds_id, "koers-contact-channel", point.channel, point.value
            )
        )
    for language in CONTENT_LANGUAGES:
        if language == "nl":
            continue
        for name in ("name", "description"):
            text = getattr(service, f"{name}_{language}")
            if text:
                code = f"{name}:{language}"
                attributes.append(
                    _attribute(
                        sid, "service", derived_id(sid, code), "koers-translation", code, text
                    )
                )
    data["attributes"] = attributes
    return data


def services_for_export() -> QuerySet[Service]:
    return Service.objects.select_related("organisation").prefetch_related(
        "regions",
        # A fixed order, so an export is the same file however the rows were stored.
        Prefetch("attributes", queryset=ServiceAttribute.objects.order_by("taxonomy", "code")),
        Prefetch("contact_points", queryset=ContactPoint.objects.order_by("channel")),
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday", "opens_at")),
        Prefetch("languages", queryset=ServiceLanguage.objects.order_by("code")),
        Prefetch(
            "service_at_locations",
            queryset=ServiceAtLocation.objects.select_related(
                "location__organisation", "location__municipality"
            ),
        ),
    )


def organisations_for_export() -> QuerySet[Organisation]:
    return Organisation.objects.prefetch_related(
        "regions",
        Prefetch(
            "locations",
            queryset=Location.objects.select_related("organisation", "municipality").order_by(
                "name"
            ),
        ),
    )


def export_all() -> dict[str, Any]:
    """Every organisation and service, fully nested: the Koers HSDS exchange file."""
    return {
        "organizations": [
            organisation_full(o) for o in organisations_for_export().order_by("name")
        ],
        "services": [
            service_full(s)
            for s in services_for_export().order_by("organisation__name", "name_nl", "hsds_id")
        ],
    }


# --- import ------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """Counts when it worked, or every problem (record, field, message) when nothing was imported."""

    organisations: int = 0
    services: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@lru_cache(maxsize=4)
def _validator(name: str):
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    resources = []
    for path in SCHEMA_DIR.glob("*.json"):
        resources.append(
            (
                path.name,
                Resource.from_contents(
                    json.loads(path.read_text()), default_specification=_draft()
                ),
            )
        )
    registry = Registry().with_resources(resources)
    schema = json.loads((SCHEMA_DIR / name).read_text())
    return Draft202012Validator(
        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _draft():
    from referencing.jsonschema import DRAFT202012

    return DRAFT202012


def _path(error) -> str:
    return ".".join(str(p) for p in error.absolute_path) or "(record)"


def _record_label(kind: str, index: int, record: Any) -> str:
    if isinstance(record, dict):
        name = record.get("name") or record.get("id") or ""
        return f"{kind} {index + 1} ({name})" if name else f"{kind} {index + 1}"
    return f"{kind} {index + 1}"


def _parse_time(value: str) -> time:
    parts = value.split(":")
    return time(int(parts[0]), int(parts[1]))


def _service_from_hsds(
    record: dict, orgs_by_id: dict[str, dict], report: ImportReport, label: str
) -> dict | None:
    """Translate one HSDS service into Koers values, adding problems to ``report``."""
    errors_before = len(report.errors)

    def problem(field_name: str, message: str) -> None:
        report.errors.append((label, field_name, message))

    regions = {r.name.lower(): r for r in Region.objects.all()}
    values: dict[str, Any] = {
        "hsds_id": record["id"],
        "organisation_id": record.get("organization_id") or (record.get("organization") or {}).get("id"),
        "name_nl": record["name"],
        "description_nl": record.get("description", ""),
        "status": record.get("status", "active"),
        "url": record.get("url", ""),
        "email": record.get("email", ""),
        "life_domains": [], "target_groups": [], "spoken_languages": [], "channels": {}, "hours": {},
        "attribute_ids": {}, "regions": [], "is_national": False, "scope": ServiceScope.FRIENDLY, "cost": Cost.FREE,
        "can_be_anonymous": False, "no_need_to_stop": False, "within_branch": False, "locations": [],
    }  # fmt: skip
    if not values["organisation_id"]:
        problem("organization_id", "missing: every service needs its organization")
    elif (
        values["organisation_id"] not in orgs_by_id
        and not Organisation.objects.filter(
            hsds_id=_uuid_or_none(values["organisation_id"])
        ).exists()
    ):
        problem("organization_id", f"unknown organization {values['organisation_id']}")
    if len(values["name_nl"]) > 160:
        problem("name", "longer than 160 characters")
    if not values["description_nl"].strip():
        problem("description", "empty: a concrete description is required")
    if values["status"] not in ServiceStatus.values:
        problem("status", f"unknown status {values['status']!r}")
    try:
        values["verified_on"] = (
            date.fromisoformat(record["assured_date"])
            if record.get("assured_date")
            else timezone.localdate()
        )
    except ValueError:
        problem("assured_date", f"not a date: {record.get('assured_date')!r}")
    for i, attribute in enumerate(record.get("attributes") or []):
        term = _terms_by_id_static().get(attribute.get("taxonomy_term_id", ""))
        if term is None:
            problem(
                f"attributes.{i}.taxonomy_term_id",
                f"unknown Koers taxonomy term {attribute.get('taxonomy_term_id')!r}",
            )
            continue
        taxonomy, code = term
        value = attribute.get("value") or ""
        if taxonomy == "koers-life-domain":
            values["life_domains"].append(code)
            values["attribute_ids"][(taxonomy, code)] = attribute["id"]
        elif taxonomy == "koers-target-group":
            values["target_groups"].append(code)
            values["attribute_ids"][(taxonomy, code)] = attribute["id"]
        elif taxonomy == "koers-contact-channel":
            values["channels"][code] = (value, attribute["id"])
        elif taxonomy == "koers-scope":
            values["scope"] = code
        elif taxonomy == "koers-cost":
            values["cost"] = code
        elif taxonomy == "koers-feature" and code in FEATURES:
            values[code] = True
        elif taxonomy == "koers-translation":
            name, language = code.split(":")
            limit = 160 if name == "name" else None
            if limit and len(value) > limit:
                problem(f"attributes.{i}.value", "longer than 160 characters")
            values[f"{name}_{language}"] = value
        else:
            problem(
                f"attributes.{i}.taxonomy_term_id",
                f"term {taxonomy}:{code} does not apply to a service",
            )
    for i, lang in enumerate(record.get("languages") or []):
        code = (lang.get("code") or "").lower()
        if code not in SpokenLanguage.values:
            problem(f"languages.{i}.code", f"unsupported language {code!r}")
        else:
            values["spoken_languages"].append((code, lang["id"]))
    for i, schedule in enumerate(record.get("schedules") or []):
        day = DAY_NUMBERS.get(schedule.get("byday", ""))
        try:
            opens, closes = _parse_time(schedule["opens_at"]), _parse_time(schedule["closes_at"])
        except (KeyError, ValueError, IndexError):
            problem(f"schedules.{i}", "needs opens_at and closes_at as HH:MM")
            continue
        if day is None:
            problem(f"schedules.{i}.byday", "must be one day code such as MO")
        elif closes <= opens:
            problem(f"schedules.{i}.closes_at", "must be after opens_at")
        else:
            values["hours"].setdefault(day, []).append((opens, closes, schedule["id"]))
    for i, area in enumerate(record.get("service_areas") or []):
        name = (area.get("name") or "").strip()
        if name == NATIONAL_AREA:
            values["is_national"] = True
        elif name.lower() in regions:
            values["regions"].append(regions[name.lower()])
        else:
            problem(f"service_areas.{i}.name", f"unknown region {name!r}")
    for i, sal in enumerate(record.get("service_at_locations") or []):
        location = sal.get("location")
        if not location:
            problem(f"service_at_locations.{i}.location", "the location must be nested")
            continue
        values["locations"].append((sal["id"], location))
    for code, _ in values["channels"].items():
        if code not in ContactChannel.values:
            problem("attributes", f"unknown channel {code}")
    if not values["channels"]:
        problem("attributes", "no contact channel: a visitor must be able to make contact")
    return values if len(report.errors) == errors_before else None


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def import_hsds(payload: Any) -> ImportReport:
    """Import an HSDS export (``{"organizations": [...], "services": [...]}`` or a list of
    services). All or nothing: any invalid record → nothing is written and the report names
    each bad record and field. Records are matched on their HSDS id (organisations also on
    name), so importing the same file twice changes nothing."""
    report = ImportReport()
    if isinstance(payload, list):
        payload = {"services": payload}
    if not isinstance(payload, dict):
        report.errors.append(
            (
                "file",
                "(root)",
                "expected an object with organizations and services, or a list of services",
            )
        )
        return report
    organizations = payload.get("organizations") or []
    services = payload.get("services") or []
    for service in services:
        if isinstance(service, dict) and isinstance(service.get("organization"), dict):
            if not any(
                isinstance(o, dict) and o.get("id") == service["organization"].get("id")
                for o in organizations
            ):
                organizations.append(service["organization"])
    org_validator = _validator("organization.json")
    service_validator = _validator("service.json")
    orgs_by_id: dict[str, dict] = {}
    for index, record in enumerate(organizations):
        label = _record_label("organization", index, record)
        errors = sorted(org_validator.iter_errors(record), key=lambda e: list(e.absolute_path))
        for error in errors:
            report.errors.append((label, _path(error), error.message))
        if not errors:
            if len(record["name"]) > 160:
                report.errors.append((label, "name", "longer than 160 characters"))
            orgs_by_id[record["id"]] = record
    prepared = []
    for index, record in enumerate(services):
        label = _record_label("service", index, record)
        errors = sorted(service_validator.iter_errors(record), key=lambda e: list(e.absolute_path))
        for error in errors:
            report.errors.append((label, _path(error), error.message))
        if errors:
            continue
        values = _service_from_hsds(record, orgs_by_id, report, label)
        if values is not None:
            prepared.append(values)
    if report.errors:
        return report
    with transaction.atomic():
        organisations = {}
        for record in orgs_by_id.values():
            organisations[record["id"]] = _upsert_organisation(record)
            report.organisations += 1
        for values in prepared:
            org = organisations.get(values["organisation_id"]) or Organisation.objects.get(
                hsds_id=values["organisation_id"]
            )
            _upsert_service(org, values)
            report.services += 1
    return report


def _org_kind_and_regions(record: dict) -> tuple[str, bool, list[Region]]:
    kind, national, regions = OrganisationKind.GENERAL_PARTNER, False, []
    by_slug = {r.slug: r for r in Region.objects.all()}
    for attribute in record.get("attributes") or []:
        taxonomy_term = attribute.get("taxonomy_term") or {}
        code = taxonomy_term.get("code", "")
        taxonomy, _, value = code.partition(":")
        if taxonomy == "koers-organisation-kind" and value in OrganisationKind.values:
            kind = value
        elif taxonomy == "koers-feature" and value == "national":
            national = True
        elif taxonomy == "koers-region" and value in by_slug:
            regions.append(by_slug[value])
    return kind, national, regions


def _upsert_organisation(record: dict) -> Organisation:
    kind, national, regions = _org_kind_and_regions(record)
    org = (
        Organisation.objects.filter(hsds_id=record["id"]).first()
        or Organisation.objects.filter(name=record["name"]).first()
    )
    if org is None:
        org = Organisation(hsds_id=record["id"])
    org.hsds_id = record["id"]
    org.name = record["name"]
    org.description = record.get("description", "")
    org.email = record.get("email", "")
    org.website = record.get("website", "")
    org.kind = kind
    org.is_national = national
    org.save()
    org.regions.set(regions)
    municipalities = {m.name: m for m in Municipality.objects.all()}
    for location in record.get("locations") or []:
        _upsert_location(org, location, municipalities)
    return org


def _upsert_location(
    org: Organisation, data: dict, municipalities: dict[str, Municipality]
) -> Location:
    address = (data.get("addresses") or [{}])[0]
    location = Location.objects.filter(hsds_id=data["id"]).first() or Location(hsds_id=data["id"])
    location.organisation = org
    location.name = data.get("name") or address.get("address_1", "")
    location.address_1 = address.get("address_1", "")
    location.postal_code = address.get("postal_code", "")
    location.city = address.get("city", "")
    location.municipality = municipalities.get(address.get("region", ""))
    location.save()
    return location


def _upsert_service(org: Organisation, values: dict) -> Service:
    service = Service.objects.filter(hsds_id=values["hsds_id"]).first() or Service(
        hsds_id=values["hsds_id"]
    )
    service.organisation = org
    for name in ("name_nl", "description_nl", "status", "url", "email", "verified_on", "scope", "cost",
                 "can_be_anonymous", "no_need_to_stop", "within_branch", "is_national"):  # fmt: skip
        setattr(service, name, values[name])
    for language in CONTENT_LANGUAGES:
        if language != "nl":
            setattr(service, f"name_{language}", values.get(f"name_{language}", ""))
            setattr(service, f"description_{language}", values.get(f"description_{language}", ""))
    service.save()
    service.regions.set(values["regions"])
    service.attributes.all().delete()
    ServiceAttribute.objects.bulk_create(
        [
            ServiceAttribute(service=service, taxonomy=t, code=c, hsds_id=i)
            for (t, c), i in values["attribute_ids"].items()
        ]
    )
    service.languages.all().delete()
    ServiceLanguage.objects.bulk_create(
        [ServiceLanguage(service=service, code=c, hsds_id=i) for c, i in values["spoken_languages"]]
    )
    service.contact_points.all().delete()
    ContactPoint.objects.bulk_create(
        [
            ContactPoint(service=service, channel=c, value=v, hsds_id=i)
            for c, (v, i) in values["channels"].items()
        ]
    )
    service.opening_hours.all().delete()
    OpeningHours.objects.bulk_create(
        [
            OpeningHours(service=service, weekday=d, opens_at=o, closes_at=c, hsds_id=i)
            for d, spans in values["hours"].items()
            for o, c, i in spans
        ]
    )
    service.service_at_locations.all().delete()
    municipalities = {m.name: m for m in Municipality.objects.all()}
    for sal_id, location_data in values["locations"]:
        location = Location.objects.filter(hsds_id=location_data["id"]).first() or _upsert_location(
            org, location_data, municipalities
        )
        ServiceAtLocation.objects.create(service=service, location=location, hsds_id=sal_id)
    return service


__all__ = [
    "export_all",
    "import_hsds",
    "service_full",
    "organisation_full",
    "all_terms",
    "LifeDomain",
    "TargetGroup",
]
