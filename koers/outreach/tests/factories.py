"""Builders of outreach objects for this app's tests and the access matrix."""

from datetime import date
from typing import Any

from koers.directory.tests.factories import make_service
from koers.outreach.models import ContactCard, FieldworkSession
from koers.outreach.services import issue_card, record_session
from koers.regions.models import Municipality


def session(organisation: Any, worker: Any = None, **overrides: Any) -> FieldworkSession:
    values: dict[str, Any] = {
        "held_on": date(2026, 2, 10),
        "setting": "offline",
        "venue": "window",
        "municipality": Municipality.objects.get(name="Amsterdam"),
        "people_reached": 12,
    }
    values.update(overrides)
    values.setdefault("conversations", min(5, values["people_reached"]))
    return record_session(organisation=organisation, worker=worker, **values)


def card_a(world: Any) -> dict[str, Any]:
    """A contact card of organisation A (for the access matrix)."""
    return {"pk": _card(world.org_a, world.users["professional_a"]).pk}


def card_b(world: Any) -> dict[str, Any]:
    return {"pk": _card(world.org_b, world.users["professional_b"]).pk}


def _card(organisation: Any, by: Any) -> ContactCard:
    service = make_service(organisation, region_slugs=("amsterdam",), name="Outreach-dienst")
    return issue_card(organisation=organisation, service=service, by=by)
