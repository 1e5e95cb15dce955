# ruff: noqa: E501
"""Demo directory: per region the specialised organisations' services, a peer organisation,
seven general partners and the municipality; plus national services. All texts in four
languages from :mod:`koers.directory.demo_templates`. Built with ``bulk_create`` so scale 10
(over 6,000 services) stays quick."""

from __future__ import annotations

import uuid
from datetime import time, timedelta

from django.utils import timezone

from koers.demodata.registry import DemoContext, register
from koers.organisations.models import Organisation, OrganisationKind
from koers.regions.models import Municipality, Region

from .demo_templates import GENERAL, NATIONAL, SPECIFIC
from .models import (
    ContactPoint,
    Location,
    OpeningHours,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    ServiceLanguage,
)
from .vocabulary import Cost, ServiceScope

PEER_TEMPLATES = [
    "peer_group",
    "outreach",
    "young_men",
    "aftercare",
    "newcomers",
    "housing_trans",
    "health_check",
    "safety_plan",
]
MUNICIPALITY_TEMPLATES = ["benefits", "debts", "urgent_housing", "cv_help"]
EXTRA_LANGUAGES = ["es", "ro", "bg", "hu", "pl", "th", "pt"]
STREETS = [
    "Stationsstraat",
    "Kerkstraat",
    "Molenweg",
    "Havenkade",
    "Julianastraat",
    "Marktplein",
    "Lindelaan",
]


class _Builder:
    """Collects rows and writes them with one bulk_create per table."""

    def __init__(self, context: DemoContext) -> None:
        self.context = context
        self.rng = context.rng
        self.today = timezone.localdate()
        self.services: list[Service] = []
        self.regions: list[tuple[Service, list[Region]]] = []
        self.attributes: list[ServiceAttribute] = []
        self.points: list[ContactPoint] = []
        self.languages: list[ServiceLanguage] = []
        self.hours: list[OpeningHours] = []
        self.at_locations: list[tuple[Service, Location]] = []

    def uuid(self) -> uuid.UUID:
        return self.context.uuid()

    def phone(self) -> str:
        return f"+31 6 {self.rng.randint(1000, 9999)} {self.rng.randint(1000, 9999)}"

    def add(self, org, scope, domains, groups, flags, names, descriptions, city, regions, *, national=False,
            channels=("phone", "whatsapp", "email"), location=None, cost=Cost.FREE) -> Service:  # fmt: skip
        # About one in four entries was last checked more than six months ago: realistic, and
        # it shows the "may be out of date" note and the coordinator's flag in the demo.
        age = self.rng.choice([self.rng.randint(0, 170)] * 3 + [self.rng.randint(190, 400)])
        service = Service(
            hsds_id=self.uuid(),
            organisation=org,
            scope=scope,
            cost=cost,
            is_national=national,
            can_be_anonymous="can_be_anonymous" in flags,
            no_need_to_stop="no_need_to_stop" in flags,
            within_branch="within_branch" in flags,
            verified_on=self.today - timedelta(days=age),
            email=f"info@{org.name.lower().replace(' ', '-').replace(chr(39), '')[:40]}.example",
        )
        for language, name, description in zip(
            ("nl", "en", "es", "ro"), names, descriptions, strict=True
        ):
            setattr(service, f"name_{language}", name)
            setattr(service, f"description_{language}", description.format(city=city))
        self.services.append(service)
        self.regions.append((service, regions))
        for code in domains:
            self.attributes.append(
                ServiceAttribute(
                    service=service, taxonomy="koers-life-domain", code=code, hsds_id=self.uuid()
                )
            )
        for code in groups:
            self.attributes.append(
                ServiceAttribute(
                    service=service, taxonomy="koers-target-group", code=code, hsds_id=self.uuid()
                )
            )
        for channel in channels:
            value = {
                "phone": self.phone(), "whatsapp": self.phone(), "sms": self.phone(), "email": service.email,
                "web_form": "https://koers.example/contact", "video": "https://koers.example/video",
            }.get(channel, "")  # fmt: skip
            self.points.append(
                ContactPoint(service=service, channel=channel, value=value, hsds_id=self.uuid())
            )
        spoken = ["nl", "en", *self.rng.sample(EXTRA_LANGUAGES, self.rng.randint(0, 3))]
        for code in spoken:
            self.languages.append(ServiceLanguage(service=service, code=code, hsds_id=self.uuid()))
        start = self.rng.choice([9, 10, 13])
        for weekday in sorted(self.rng.sample(range(1, 6), self.rng.randint(2, 5))):
            self.hours.append(
                OpeningHours(
                    service=service,
                    weekday=weekday,
                    opens_at=time(start),
                    closes_at=time(start + 4),
                    hsds_id=self.uuid(),
                )
            )
        if location is not None and "walk_in" in channels:
            self.at_locations.append((service, location))
        return service

    def save(self) -> None:
        Service.objects.bulk_create(self.services, batch_size=500)
        through = Service.regions.through
        through.objects.bulk_create(
            [
                through(service_id=s.pk, region_id=r.pk)
                for s, regions in self.regions
                for r in regions
            ],
            batch_size=1000,
        )
        for rows in (self.attributes, self.points, self.languages, self.hours):
            for row in rows:
                row.service_id = row.service.pk
            type(rows[0]).objects.bulk_create(rows, batch_size=1000)
        ServiceAtLocation.objects.bulk_create(
            [
                ServiceAtLocation(service_id=s.pk, location=loc, hsds_id=self.uuid())
                for s, loc in self.at_locations
            ],
            batch_size=1000,
        )


def _location(builder: _Builder, org: Organisation, city: str, municipality) -> Location:
    return Location.objects.create(
        hsds_id=builder.uuid(),
        organisation=org,
        name=f"Inloop {org.name}",
        address_1=f"{builder.rng.choice(STREETS)} {builder.rng.randint(1, 120)}",
        postal_code=f"{builder.rng.randint(1000, 9999)} {builder.rng.choice('ABCDEGHJKLMNPRSTVWXZ')}{builder.rng.choice('ABCDEGHJKLMNPRSTVWXZ')}",
        city=city,
        municipality=municipality,
    )


def _specific_channels(builder: _Builder, key: str) -> list[str]:
    """The channels of a specialised organisation's service, drawn from the demo's stream."""
    channels = ["phone", "whatsapp", "email"]
    if builder.rng.random() < 0.5:
        channels.append("walk_in")
    if key == "outreach":
        channels.append("outreach")
    if builder.rng.random() < 0.3:
        channels.append("sms")
    if builder.rng.random() < 0.2:
        channels.append("video")
    return channels


@register("directory", order=40)
def generate(context: DemoContext) -> None:
    builder = _Builder(context)
    specific = {t[0]: t for t in SPECIFIC}
    for region in context.progress(list(Region.objects.order_by("slug")), desc="directory"):
        lead = Municipality.objects.filter(region=region, is_lead=True).first()
        city = region.name
        specialised = list(
            Organisation.objects.filter(
                kind=OrganisationKind.SPECIALISED, regions=region, is_national=False
            ).order_by("name")
        )
        for org in specialised:
            org.description = (
                f"Specialised support for sex workers in the {city} region: trust first, your pace."
            )
            org.save(update_fields=["description"])
            location = _location(builder, org, city, lead)
            for key, domains, groups, flags, names, descriptions in SPECIFIC:
                channels = _specific_channels(builder, key)
                builder.add(
                    org,
                    ServiceScope.SPECIFIC,
                    domains,
                    groups,
                    flags,
                    names,
                    descriptions,
                    city,
                    [region],
                    channels=channels,
                    location=location,
                )
        for index in range(context.scale):
            suffix = "" if index == 0 else f" {index + 1}"
            peers = Organisation.objects.create(
                hsds_id=builder.uuid(),
                name=f"Ervaringsdeskundigen {city}{suffix}",
                kind=OrganisationKind.SPECIALISED,
                description=f"Peer workers with lived experience in the {city} region.",
            )
            peers.regions.add(region)
            for key in PEER_TEMPLATES:
                _key, domains, groups, flags, names, descriptions = specific[key]
                builder.add(peers, ServiceScope.SPECIFIC, domains, groups, flags, names, descriptions, city, [region],
                            channels=["whatsapp", "sms", "web_form", "outreach"])  # fmt: skip
            for key, org_name, domains, groups, flags, names, descriptions in GENERAL:
                partner = Organisation.objects.create(
                    hsds_id=builder.uuid(),
                    name=org_name.format(city=city) + suffix,
                    kind=OrganisationKind.GENERAL_PARTNER,
                    description=f"General partner in {city} that knows sex work.",
                )
                partner.regions.add(region)
                location = _location(builder, partner, city, lead)
                builder.add(partner, ServiceScope.FRIENDLY, domains, groups, flags, names, descriptions, city, [region],
                            channels=["phone", "email", "walk_in"], location=location,
                            cost=Cost.INSURED if key == "mental_care" else Cost.FREE)  # fmt: skip
        municipality = Organisation.objects.filter(
            kind=OrganisationKind.MUNICIPALITY, regions=region
        ).first()
        if municipality is not None:
            for key in MUNICIPALITY_TEMPLATES:
                _key, domains, groups, flags, names, descriptions = specific[key]
                builder.add(municipality, ServiceScope.FRIENDLY, domains, groups, flags - {"no_need_to_stop"}, names,
                            descriptions, city, [region], channels=["phone", "email", "web_form"])  # fmt: skip
    national_orgs = [
        Organisation.objects.filter(kind=OrganisationKind.CONFIDENTIAL_ADVISER)
        .order_by("name")
        .first(),
        Organisation.objects.filter(kind=OrganisationKind.SPECIALISED, is_national=True)
        .order_by("name")
        .first(),
    ]
    for org in filter(None, national_orgs):
        for key, domains, groups, flags, names, descriptions in NATIONAL:
            if org.kind == OrganisationKind.CONFIDENTIAL_ADVISER and key != "adviser_line":
                continue
            if org.kind != OrganisationKind.CONFIDENTIAL_ADVISER and key == "adviser_line":
                continue
            builder.add(org, ServiceScope.SPECIFIC, domains, groups, flags, names, descriptions, "Nederland", [],
                        national=True, channels=["phone", "whatsapp", "email", "web_form", "video"])  # fmt: skip
    builder.save()
