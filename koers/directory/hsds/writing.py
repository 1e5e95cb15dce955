# ruff: noqa: E501
"""Writing HSDS: Koers records as HSDS 3.0 JSON, for the export file and the API pages.

Koers facts travel as HSDS *attributes* of the Koers taxonomies (:mod:`.terms`),
translations as attributes of the ``koers-translation`` taxonomy, so that an export
re-imports (:mod:`.reading`) to equal data.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from koers.organisations.models import Organisation

from ..models import (
    ICAL_DAYS,
    ContactPoint,
    Location,
    OpeningHours,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    ServiceLanguage,
)
from ..vocabulary import CONTENT_LANGUAGES, FEATURES, Cost, SpokenLanguage, term_uuid
from .terms import derived_id, term_payload

PHONE_TYPES = {"phone": "voice", "sms": "sms", "whatsapp": "whatsapp"}
NATIONAL_AREA = "Nederland"


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
