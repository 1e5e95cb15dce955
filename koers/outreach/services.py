"""Writes of outreach: recording a fieldwork session for the worker's organisation, and
issuing contact cards."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.actors import Actor
from koers.directory.models import Service
from koers.organisations.models import Organisation
from koers.regions.models import Municipality, Region

from .models import GROUP_FIELDS, ContactCard, FieldworkSession
from .vocabulary import CARD_ALPHABET, CARD_CODE_LENGTH, CARD_VALID_DAYS, Setting


def session_region(organisation: Organisation, municipality: Municipality | None) -> Region | None:
    """The municipality's region; online, the organisation's region when it has only one."""
    if municipality is not None:
        return municipality.region
    regions = list(organisation.regions.all()[:2])
    return regions[0] if len(regions) == 1 else None


def record_session(
    *,
    organisation: Organisation,
    worker: Actor | None,
    held_on: date,
    setting: str,
    people_reached: int,
    conversations: int,
    venue: str = "",
    platform: str = "",
    municipality: Municipality | None = None,
    languages: list[str] | None = None,
    topics: list[str] | None = None,
    handed_out: list[str] | None = None,
    **groups: int,
) -> FieldworkSession:
    """Store one session; raises ``ValidationError`` on counts that cannot be right."""
    unknown = set(groups) - set(GROUP_FIELDS)
    if unknown:
        raise TypeError(f"unknown groups: {sorted(unknown)}")
    if setting == Setting.ONLINE:
        venue, municipality = "", None
    session = FieldworkSession(
        organisation=organisation,
        worker=worker,
        held_on=held_on,
        setting=setting,
        venue=venue,
        platform=platform if setting == Setting.ONLINE else "",
        municipality=municipality,
        region=session_region(organisation, municipality),
        people_reached=people_reached,
        conversations=conversations,
        languages=sorted(set(languages or [])),
        topics=sorted(set(topics or [])),
        handed_out=sorted(set(handed_out or [])),
        **{name: groups.get(name, 0) for name in GROUP_FIELDS},
    )
    try:
        session.full_clean(exclude=["worker"])
    except ValidationError as error:
        raise ValidationError(_("These counts cannot be stored; check the numbers.")) from error
    session.save()
    return session


def record_from_form(
    organisation: Organisation, worker: Actor | None, cleaned: dict[str, Any]
) -> FieldworkSession:
    """``record_session`` with a ``FieldworkForm``'s cleaned data."""
    return record_session(organisation=organisation, worker=worker, **cleaned)


def issue_card(*, organisation: Organisation, service: Service, by: Actor | None) -> ContactCard:
    """A new contact card for one of the organisation's services, valid for a year."""
    if service.organisation_id != organisation.pk:
        raise ValidationError(_("Choose a service of your own organisation."))
    for _attempt in range(20):
        code = "".join(secrets.choice(CARD_ALPHABET) for _ in range(CARD_CODE_LENGTH))
        if not ContactCard.objects.filter(code=code).exists():
            break
    return ContactCard.objects.create(
        organisation=organisation,
        service=service,
        code=code,
        valid_until=timezone.localdate() + timedelta(days=CARD_VALID_DAYS),
        created_by=by,
    )
