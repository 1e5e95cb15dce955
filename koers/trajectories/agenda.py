"""The agenda: planned contacts (``Trajectory.next_contact_on``) by day for one week.

One indexed query on the caseload index (contact person or organisation, open, next
contact), bounded by the week, so it costs the same whatever the size of the database.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .models import Trajectory


@dataclass
class AgendaDay:
    day: date
    contacts: list[Any] = field(default_factory=list)


def planned_contacts(user: Any, start: date, *, scope: str = "mine") -> list[AgendaDay]:
    """The seven days from ``start`` with the files that have a contact planned on each."""
    end = start + timedelta(days=6)
    queryset = Trajectory.objects.filter(
        organisation=user.organisation,
        is_closed=False,
        next_contact_on__gte=start,
        next_contact_on__lte=end,
    )
    if scope != "organisation":
        queryset = queryset.filter(contact_person=user)
    days = {start + timedelta(days=n): AgendaDay(start + timedelta(days=n)) for n in range(7)}
    for row in queryset.order_by("next_contact_on", "pk").values(
        "client_id",
        "client__work_name",
        "next_contact_on",
        "client__preferred_channel",
        "contact_person__username",
    )[:1000]:
        day = row["next_contact_on"]
        if day in days:
            days[day].contacts.append(row)
    return list(days.values())
