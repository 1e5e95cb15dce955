# ruff: noqa: E501
"""Reading HSDS: an HSDS 3.0 export (ours or another directory's) into Koers records.

All or nothing: every record is first validated against the official schema
(:mod:`.validation`) and translated into Koers values, collecting every problem; only when
there is none is anything written, in one transaction. Records are matched on their HSDS id
(organisations also on name), so importing the same file twice changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, time
from typing import Any

from django.db import transaction
from django.utils import timezone

from koers.organisations.models import Organisation, OrganisationKind
from koers.regions.models import Municipality, Region

from ..models import (
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
from ..vocabulary import (
    CONTENT_LANGUAGES,
    FEATURES,
    ContactChannel,
    Cost,
    ServiceScope,
    SpokenLanguage,
)
from .terms import _terms_by_id_static
from .validation import ImportReport, record_label, schema_errors
from .writing import NATIONAL_AREA

DAY_NUMBERS = {code: number for number, code in ICAL_DAYS.items()}

#: Adds one problem (field, message) to the report for the record being read.
Problem = Callable[[str, str], None]


def _parse_time(value: str) -> time:
    parts = value.split(":")
    return time(int(parts[0]), int(parts[1]))


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


# --- one service: HSDS → Koers values ------------------------------------------------------


def _initial_values(record: dict) -> dict[str, Any]:
    return {
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


def _check_basics(
    record: dict, values: dict[str, Any], orgs_by_id: dict[str, dict], problem: Problem
) -> None:
    """The service's own fields: its organisation, name, description, status, date."""
    known_id = _uuid_or_none(values["organisation_id"])
    if not values["organisation_id"]:
        problem("organization_id", "missing: every service needs its organization")
    elif values["organisation_id"] not in orgs_by_id and not (
        known_id is not None and Organisation.objects.filter(hsds_id=known_id).exists()
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


def _read_attribute(
    i: int, attribute: dict, taxonomy: str, code: str, values: dict[str, Any], problem: Problem
) -> None:
    """One attribute of a Koers taxonomy: a life domain, a group, a channel, a fact or a
    translation."""
    value = attribute.get("value") or ""
    if taxonomy in ("koers-life-domain", "koers-target-group"):
        key = "life_domains" if taxonomy == "koers-life-domain" else "target_groups"
        values[key].append(code)
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


def _read_attributes(attributes: list[dict], values: dict[str, Any], problem: Problem) -> None:
    for i, attribute in enumerate(attributes):
        term = _terms_by_id_static().get(attribute.get("taxonomy_term_id", ""))
        if term is None:
            problem(
                f"attributes.{i}.taxonomy_term_id",
                f"unknown Koers taxonomy term {attribute.get('taxonomy_term_id')!r}",
            )
            continue
        taxonomy, code = term
        _read_attribute(i, attribute, taxonomy, code, values, problem)


def _read_languages(languages: list[dict], values: dict[str, Any], problem: Problem) -> None:
    for i, lang in enumerate(languages):
        code = (lang.get("code") or "").lower()
        if code not in SpokenLanguage.values:
            problem(f"languages.{i}.code", f"unsupported language {code!r}")
        else:
            values["spoken_languages"].append((code, lang["id"]))


def _read_schedules(schedules: list[dict], values: dict[str, Any], problem: Problem) -> None:
    for i, schedule in enumerate(schedules):
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


def _read_service_areas(
    areas: list[dict], regions: dict[str, Region], values: dict[str, Any], problem: Problem
) -> None:
    for i, area in enumerate(areas):
        name = (area.get("name") or "").strip()
        if name == NATIONAL_AREA:
            values["is_national"] = True
        elif name.lower() in regions:
            values["regions"].append(regions[name.lower()])
        else:
            problem(f"service_areas.{i}.name", f"unknown region {name!r}")


def _read_locations(links: list[dict], values: dict[str, Any], problem: Problem) -> None:
    for i, sal in enumerate(links):
        location = sal.get("location")
        if not location:
            problem(f"service_at_locations.{i}.location", "the location must be nested")
            continue
        values["locations"].append((sal["id"], location))


def _check_channels(values: dict[str, Any], problem: Problem) -> None:
    for code in values["channels"]:
        if code not in ContactChannel.values:
            problem("attributes", f"unknown channel {code}")
    if not values["channels"]:
        problem("attributes", "no contact channel: a visitor must be able to make contact")


def _service_from_hsds(
    record: dict, orgs_by_id: dict[str, dict], report: ImportReport, label: str
) -> dict | None:
    """Translate one HSDS service into Koers values, adding problems to ``report``."""
    errors_before = len(report.errors)

    def problem(field_name: str, message: str) -> None:
        report.errors.append((label, field_name, message))

    regions = {r.name.lower(): r for r in Region.objects.all()}
    values = _initial_values(record)
    _check_basics(record, values, orgs_by_id, problem)
    _read_attributes(record.get("attributes") or [], values, problem)
    _read_languages(record.get("languages") or [], values, problem)
    _read_schedules(record.get("schedules") or [], values, problem)
    _read_service_areas(record.get("service_areas") or [], regions, values, problem)
    _read_locations(record.get("service_at_locations") or [], values, problem)
    _check_channels(values, problem)
    return values if len(report.errors) == errors_before else None


# --- the whole file ------------------------------------------------------------------------


def _organisations_and_services(
    payload: Any, report: ImportReport
) -> tuple[list[Any], list[Any]] | None:
    """The file's organisations (with those only nested in a service) and services, or
    ``None`` (and a problem) when the file has neither shape."""
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
        return None
    organizations = payload.get("organizations") or []
    services = payload.get("services") or []
    for service in services:
        if (
            isinstance(service, dict)
            and isinstance(service.get("organization"), dict)
            and not any(
                isinstance(o, dict) and o.get("id") == service["organization"].get("id")
                for o in organizations
            )
        ):
            organizations.append(service["organization"])
    return organizations, services


def _valid_organisations(organizations: list[Any], report: ImportReport) -> dict[str, dict]:
    orgs_by_id: dict[str, dict] = {}
    for index, record in enumerate(organizations):
        label = record_label("organization", index, record)
        if not schema_errors("organization.json", record, label, report):
            if len(record["name"]) > 160:
                report.errors.append((label, "name", "longer than 160 characters"))
            orgs_by_id[record["id"]] = record
    return orgs_by_id


def _valid_services(
    services: list[Any], orgs_by_id: dict[str, dict], report: ImportReport
) -> list[dict]:
    prepared = []
    for index, record in enumerate(services):
        label = record_label("service", index, record)
        if schema_errors("service.json", record, label, report):
            continue
        values = _service_from_hsds(record, orgs_by_id, report, label)
        if values is not None:
            prepared.append(values)
    return prepared


def import_hsds(payload: Any) -> ImportReport:
    """Import an HSDS export (``{"organizations": [...], "services": [...]}`` or a list of
    services). All or nothing: any invalid record → nothing is written and the report names
    each bad record and field. Records are matched on their HSDS id (organisations also on
    name), so importing the same file twice changes nothing."""
    report = ImportReport()
    parts = _organisations_and_services(payload, report)
    if parts is None:
        return report
    organizations, services = parts
    orgs_by_id = _valid_organisations(organizations, report)
    prepared = _valid_services(services, orgs_by_id, report)
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


# --- writing what was read -----------------------------------------------------------------


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
