"""Builders of activities for this app's tests and the access matrix."""

from datetime import timedelta
from typing import Any

from django.utils import timezone

from koers.activities.models import Activity
from koers.activities.services import publish
from koers.regions.models import Region


def activity(organisation: Any, **overrides: Any) -> Activity:
    values: dict[str, Any] = {
        "kind": "cv_workshop",
        "title_nl": "Cv-workshop",
        "title_en": "CV workshop",
        "description_nl": "Samen je cv maken.",
        "region": Region.objects.get(slug="amsterdam"),
        "place": "Buurthuis De Pijp",
        "starts_at": timezone.now() + timedelta(days=3),
        "language": "nl",
        "registration_needed": True,
        "capacity": 2,
    }
    values.update(overrides)
    return publish(organisation=organisation, by=None, **values)


def activity_a(world: Any) -> dict[str, Any]:
    return {"pk": activity(world.org_a).pk}


def activity_b(world: Any) -> dict[str, Any]:
    return {"pk": activity(world.org_b, region=Region.objects.get(slug="rotterdam")).pk}
