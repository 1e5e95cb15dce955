"""Reads of outreach: the sessions a staff member may see, and counts per region and quarter
for monitoring (numbers only; monitoring applies the disclosure protection)."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, TypedDict

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.utils import timezone

from koers.accounts.actors import Actor
from koers.accounts.models import Role
from koers.directory.models import Service
from koers.directory.selectors import public_services

from .models import GROUP_FIELDS, ContactCard, FieldworkSession
from .vocabulary import CARD_CODE_LENGTH


def visible_sessions(user: Actor) -> QuerySet[FieldworkSession]:
    """A coordinator sees the organisation's sessions; an outreach worker their own."""
    organisation = user.organisation
    if organisation is None:
        return FieldworkSession.objects.none()
    sessions = FieldworkSession.objects.filter(organisation=organisation)
    if not user.has_role(Role.COORDINATOR):
        sessions = sessions.filter(worker=user)
    return sessions.select_related("municipality", "worker")


def last_session(user: Actor) -> FieldworkSession | None:
    """The worker's latest session: the form starts from its place, to save taps."""
    return FieldworkSession.objects.filter(worker=user).order_by("-created_at").first()


class ReachRow(TypedDict):
    region_id: int | None
    year: int
    quarter: int
    sessions: int
    people_reached: int
    conversations: int
    women: int
    men: int
    trans_nonbinary: int
    migrant: int
    young: int
    unlicensed: int


def reach_per_region_quarter(start: date, end: date) -> list[ReachRow]:
    """People reached by outreach per region (``None``: not known) and quarter, in total and
    per group, for sessions held from ``start`` up to and including ``end``. Grouped in the
    database, so no session reaches the caller."""
    sums: dict[str, Any] = {name: Sum(name) for name in GROUP_FIELDS}
    rows: Any = (
        FieldworkSession.objects.filter(held_on__gte=start, held_on__lte=end)
        .annotate(year=ExtractYear("held_on"), quarter=ExtractQuarter("held_on"))
        .values("region_id", "year", "quarter")
        .annotate(
            sessions=Count("id"),
            people=Sum("people_reached"),
            talks=Sum("conversations"),
            **sums,
        )
        .order_by("year", "quarter", "region_id")
    )
    return [
        ReachRow(
            region_id=row["region_id"],
            year=row["year"],
            quarter=row["quarter"],
            sessions=row["sessions"],
            people_reached=row["people"] or 0,
            conversations=row["talks"] or 0,
            women=row["women"] or 0,
            men=row["men"] or 0,
            trans_nonbinary=row["trans_nonbinary"] or 0,
            migrant=row["migrant"] or 0,
            young=row["young"] or 0,
            unlicensed=row["unlicensed"] or 0,
        )
        for row in rows
    ]


def normalise_card_code(typed: str) -> str:
    """What someone typed from a card → the bare code (case, spaces, dashes do not matter)."""
    return re.sub(r"[^A-Z0-9]", "", (typed or "").upper())[:CARD_CODE_LENGTH]


def card_by_code(typed: str) -> ContactCard | None:
    """A card that is still valid and whose service can still be contacted, else ``None``."""
    code = normalise_card_code(typed)
    if len(code) != CARD_CODE_LENGTH:
        return None
    return (
        ContactCard.objects.select_related("service", "organisation")
        .filter(
            code=code,
            valid_until__gte=timezone.localdate(),
            service__in=public_services(),
        )
        .first()
    )


def organisation_cards(user: Actor) -> QuerySet[ContactCard]:
    organisation = user.organisation
    if organisation is None:
        return ContactCard.objects.none()
    return ContactCard.objects.filter(organisation=organisation).select_related("service")


def card_services(user: Actor) -> QuerySet[Service]:
    """The services of the user's organisation a card may point to."""
    organisation = user.organisation
    if organisation is None:
        return Service.objects.none()
    return public_services().filter(organisation=organisation).order_by("name_nl")
