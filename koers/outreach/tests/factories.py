"""Builders of outreach objects for this app's tests and the access matrix."""

from datetime import date
from typing import Any

from koers.outreach.models import FieldworkSession
from koers.outreach.services import record_session
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
