"""Writing the directory: coordinators maintain their own organisation's services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from koers.accounts.actors import Actor
from koers.audit.models import AuditAction
from koers.audit.services import record

from .models import (
    ContactPoint,
    OpeningHours,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    ServiceLanguage,
)

if TYPE_CHECKING:
    from .forms import ServiceForm


def replace_related(service: Service, data: dict[str, Any]) -> None:
    """Replace the service's attributes, languages, channels, hours and locations with
    ``data`` (the cleaned data of :class:`~koers.directory.forms.ServiceForm` or an import)."""
    service.attributes.all().delete()
    ServiceAttribute.objects.bulk_create(
        [
            ServiceAttribute(
                service=service, taxonomy=ServiceAttribute.Taxonomy.LIFE_DOMAIN, code=c
            )
            for c in data.get("life_domains", [])
        ]
        + [
            ServiceAttribute(
                service=service, taxonomy=ServiceAttribute.Taxonomy.TARGET_GROUP, code=c
            )
            for c in data.get("target_groups", [])
        ]
    )
    service.languages.all().delete()
    ServiceLanguage.objects.bulk_create(
        [ServiceLanguage(service=service, code=c) for c in data.get("spoken_languages", [])]
    )
    service.contact_points.all().delete()
    ContactPoint.objects.bulk_create(
        [
            ContactPoint(
                service=service,
                channel=channel,
                value="" if value.lower() in {"yes", "ja"} else value,
            )
            for channel, value in data.get("channels", {}).items()
        ]
    )
    service.opening_hours.all().delete()
    OpeningHours.objects.bulk_create(
        [
            OpeningHours(service=service, weekday=day, opens_at=opens, closes_at=closes)
            for day, spans in data.get("hours", {}).items()
            for opens, closes in spans
        ]
    )
    if "service_locations" in data:
        service.service_at_locations.all().delete()
        ServiceAtLocation.objects.bulk_create(
            [
                ServiceAtLocation(service=service, location=location)
                for location in data["service_locations"]
            ]
        )


@transaction.atomic
def save_service(form: ServiceForm, actor: Actor) -> Service:
    """Save a coordinator's service form: the service and everything attached, in one go.
    The caller has already made sure the service belongs to ``form.organisation``."""
    service: Service = form.save(commit=False)
    created = service.pk is None
    service.organisation = form.organisation
    service.verified_by = actor
    service.save()
    form.save_m2m()
    replace_related(service, form.cleaned_data)
    record(
        actor,
        AuditAction.CREATE if created else AuditAction.UPDATE,
        service,
        detail="directory service",
    )
    return service


def mark_verified(service: Service, actor: Actor) -> Service:
    """The coordinator confirms the entry is still correct today."""
    service.verified_on = timezone.localdate()
    service.verified_by = actor
    service.save(update_fields=["verified_on", "verified_by", "updated_at"])
    record(actor, AuditAction.UPDATE, service, detail="directory service verified")
    return service
