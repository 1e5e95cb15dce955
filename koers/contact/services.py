"""Writes of contact requests: creating (routed, idempotent), withdrawing, the inbox actions
and the retention purge. Every staff write is recorded in the audit log."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.actors import Actor
from koers.audit.models import AuditAction
from koers.audit.services import record
from koers.directory.models import Service, ServiceStatus
from koers.notifications.inbox import notify
from koers.notifications.models import NoticeKind
from koers.organisations.models import Organisation, OrganisationKind
from koers.selfcheck.answers import Answers, answer_rows
from koers.selfcheck.profiles import suggest_profile
from koers.trajectories.services import open_trajectory

from .codes import code_from_token, code_hash, token_hash
from .models import AdviserRegisterEntry, ContactRequest, ContactRequestTally, RequestNote
from .vocabulary import Outcome, RequestStatus, Urgency

if TYPE_CHECKING:
    from koers.trajectories.models import Trajectory


def retention_days() -> int:
    return int(settings.CONTACT_REQUEST_RETENTION_DAYS)


# --- routing -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    organisation: Organisation | None
    service: Service | None
    note: str = ""


def adviser_organisation() -> Organisation | None:
    """The confidential-adviser organisation requests fall back to (national first)."""
    return (
        Organisation.objects.filter(kind=OrganisationKind.CONFIDENTIAL_ADVISER, is_active=True)
        .order_by("-is_national", "name")
        .first()
    )


def route(service_id: int | None, to_adviser: bool = False) -> Route:
    """Where a request goes. A service that no longer exists, is inactive or belongs to an
    inactive organisation is routed to the confidential adviser with a note: never lost."""
    if to_adviser or service_id is None:
        return Route(adviser_organisation(), None)
    service = Service.objects.select_related("organisation").filter(pk=service_id).first()
    if (
        service is not None
        and service.status == ServiceStatus.ACTIVE
        and service.organisation.is_active
    ):
        return Route(service.organisation, service)
    note = "chosen service no longer available; routed to the confidential adviser"
    return Route(adviser_organisation(), None, note)


# --- creating ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Created:
    request: ContactRequest
    code: str
    duplicate: bool = False


def create_request(
    *,
    token: str,
    route: Route,
    work_name: str,
    channel: str,
    contact_detail: str,
    language: str,
    message: str = "",
    callback: tuple[time | None, time | None] = (None, None),
    answers: dict[str, Any] | None = None,
    region: Any = None,
    via_outreach: bool = False,
) -> Created:
    """Store a request and return it with its reference code. The same ``token`` twice
    (a double submit) returns the first request and the same code, creating nothing."""
    code = code_from_token(token)
    existing = ContactRequest.objects.filter(token_hash=token_hash(token)).first()
    if existing is not None:
        return Created(existing, code, duplicate=True)
    if route.organisation is None:
        raise ValidationError(
            _("This service cannot receive requests right now. Please choose another one.")
        )
    if region is None:
        regions = list(route.organisation.regions.all()[:2])
        region = regions[0] if len(regions) == 1 else None
    request = ContactRequest(
        organisation=route.organisation,
        service=route.service,
        region=region,
        routing_note=route.note,
        via_outreach=via_outreach,
        channel=channel,
        work_name=work_name.strip(),
        contact_detail=contact_detail,
        callback_from=callback[0],
        callback_until=callback[1],
        message=message.strip(),
        language=language,
        shared_answers=json.dumps(answers, sort_keys=True) if answers else "",
        reference_hash=code_hash(code),
        token_hash=token_hash(token),
    )
    request.full_clean(exclude=["reference_hash", "token_hash"])
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        existing = ContactRequest.objects.filter(token_hash=token_hash(token)).first()
        if existing is None:
            raise
        return Created(existing, code, duplicate=True)
    record(
        None,
        AuditAction.CREATE,
        request,
        organisation=request.organisation,
        detail="contact request received",
    )
    return Created(request, code)


def withdraw(request: ContactRequest) -> None:
    """The person withdraws: identifying details are wiped at once, the rest is kept until
    the retention period ends (counts for monitoring)."""
    if not request.is_open:
        return
    request.status = RequestStatus.WITHDRAWN
    request.outcome = Outcome.WITHDRAWN
    request.closed_at = timezone.now()
    request.work_name = "-"
    request.contact_detail = ""
    request.message = ""
    request.shared_answers = ""
    request.first_contact_note = ""
    with transaction.atomic():
        request.save()
        RequestNote.objects.filter(request=request).delete()
    record(
        None,
        AuditAction.UPDATE,
        request,
        organisation=request.organisation,
        detail="withdrawn by the person",
    )


# --- inbox actions -------------------------------------------------------------------------


def _require_open(request: ContactRequest) -> None:
    if not request.is_open:
        raise ValidationError(_("This request is closed."))


def _audit(by: Actor, request: ContactRequest, detail: str) -> None:
    record(by, AuditAction.UPDATE, request, organisation=request.organisation, detail=detail)


def triage(request: ContactRequest, by: Actor, urgency: str) -> None:
    _require_open(request)
    request.urgency = urgency if urgency in Urgency.values else Urgency.NORMAL
    if request.status == RequestStatus.NEW:
        request.status = RequestStatus.TRIAGED
    request.save(update_fields=["urgency", "status", "updated_at"])
    _audit(by, request, f"triaged ({request.urgency})")


def assign(request: ContactRequest, by: Actor, contact_person: Actor | None) -> None:
    """Give the request one fixed contact person (of the request's organisation)."""
    _require_open(request)
    if contact_person is None or contact_person.organisation != request.organisation:
        raise ValidationError(_("The contact person must work at this organisation."))
    changed = request.assigned_to_id != contact_person.pk
    request.assigned_to = contact_person
    if request.status == RequestStatus.NEW:
        request.status = RequestStatus.TRIAGED
    request.save(update_fields=["assigned_to", "status", "updated_at"])
    _audit(by, request, "contact person assigned")
    if changed and contact_person.pk != getattr(by, "pk", None):
        notify(
            contact_person,
            NoticeKind.REQUEST_ASSIGNED,
            reverse("contact:request", args=[request.pk]),
        )


def record_first_contact(request: ContactRequest, by: Actor, note: str = "") -> None:
    """Record a contact with the person; each note is kept with its date (none overwritten)."""
    _require_open(request)
    note = note.strip()
    request.first_contact_at = request.first_contact_at or timezone.now()
    if note:
        request.first_contact_note = note
    request.status = RequestStatus.IN_CONTACT
    if request.assigned_to_id is None:
        request.assigned_to = by
    with transaction.atomic():
        request.save()
        if note:
            RequestNote.objects.create(request=request, by=by, note=note)
        _audit(by, request, "first contact recorded")


def close(request: ContactRequest, by: Actor, outcome: str) -> None:
    _require_open(request)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    request.status = RequestStatus.CLOSED
    request.outcome = outcome
    request.closed_at = timezone.now()
    request.save()
    _audit(by, request, f"closed ({outcome})")


TRAJECTORY_CHANNEL = {"callback": "phone"}


@dataclass(frozen=True)
class StoryEntry:
    """One thing the person told, for ``open_trajectory(story=...)``; ``kind`` is one of
    the trajectory's story kinds ("request", "selfcheck", "intake_note")."""

    on: date
    kind: str
    text: str
    by: Any = None


def request_story(request: ContactRequest) -> list[StoryEntry]:
    """What the person told before the file, oldest first, as the trajectory's story entries:
    their message (dated when they sent it), the self-check answers they chose to share (in
    the words of the language the worker reads them in) and every note on a first contact."""
    sent_on = timezone.localdate(request.created_at)
    story = []
    if request.message:
        story.append(StoryEntry(sent_on, "request", request.message))
    answers = request.answers_dict()
    if answers:
        rows = answer_rows(Answers.from_dict(answers))
        text = "\n".join(f"{question}: {answer}" for question, answer in rows)
        story.append(StoryEntry(sent_on, "selfcheck", text))
    notes = list(RequestNote.objects.filter(request=request).select_related("by"))
    for note in notes:
        story.append(
            StoryEntry(timezone.localdate(note.written_at), "intake_note", note.note, note.by)
        )
    if not notes and request.first_contact_note:  # a note from before notes were kept apart
        on = timezone.localdate(request.first_contact_at or request.updated_at)
        story.append(StoryEntry(on, "intake_note", request.first_contact_note))
    return story


def turn_into_trajectory(request: ContactRequest, by: Actor) -> Trajectory:
    """Open a client file and trajectory from the request in one action, carrying work name,
    channel, language, contact detail, the suggested profile and the person's story (see
    :func:`request_story`); then close the request."""
    _require_open(request)
    extra: dict[str, Any] = {}
    if request.channel == "email":
        extra["email"] = request.contact_detail
    elif request.contact_detail:
        extra["phone"] = request.contact_detail
    answers = request.answers_dict()
    if answers:
        suggestion = suggest_profile(Answers.from_dict(answers))
        if suggestion.profile:
            extra["suggested_profile"] = suggestion.profile
    if request.region_id:
        extra["region_id"] = request.region_id
    with transaction.atomic():
        trajectory = open_trajectory(
            work_name=request.work_name,
            channel=TRAJECTORY_CHANNEL.get(request.channel, request.channel),
            language=request.language,
            organisation=request.organisation,
            contact_person=request.assigned_to or by,
            by=by,
            story=request_story(request),
            **extra,
        )
        request.client_id_opened = trajectory.client_id
        request.status = RequestStatus.CLOSED
        request.outcome = Outcome.TRAJECTORY
        request.closed_at = timezone.now()
        request.save()
        _audit(by, request, "turned into a trajectory")
    return trajectory


def add_register_entry(
    organisation: Organisation,
    by: Actor,
    *,
    asker: str,
    topic: str,
    request: ContactRequest | None = None,
) -> AdviserRegisterEntry:
    """Record who asked the confidential adviser and about what (no identities)."""
    values = {
        "organisation": organisation,
        "asker": asker,
        "topic": topic,
        "recorded_by": by,
        "recorded_on": timezone.localdate(),
    }
    if request is not None:
        entry, _created = AdviserRegisterEntry.objects.update_or_create(
            request=request, defaults=values
        )
    else:
        entry = AdviserRegisterEntry.objects.create(**values)
    record(by, AuditAction.CREATE, entry, organisation=organisation, detail="register entry")
    return entry


# --- retention -----------------------------------------------------------------------------


def _tally_and_delete(requests: Any) -> int:
    """Move the counts of ``requests`` to :class:`ContactRequestTally`, then delete them."""
    with transaction.atomic():
        cells = (
            requests.annotate(month=TruncMonth("created_at"))
            .values("organisation_id", "region_id", "month", "channel", "outcome")
            .annotate(n=Count("pk"))
        )
        for cell in cells:
            month = cell["month"]
            month = month.date() if hasattr(month, "date") else month
            tally, _created = ContactRequestTally.objects.get_or_create(
                organisation_id=cell["organisation_id"],
                region_id=cell["region_id"],
                month=month,
                channel=cell["channel"],
                outcome=cell["outcome"],
            )
            tally.count += cell["n"]
            tally.save(update_fields=["count"])
        AdviserRegisterEntry.objects.filter(request__in=requests).update(request=None)
        _total, per_model = requests.delete()
    return int(per_model.get(ContactRequest._meta.label, 0))


def erase_requests_of_client(
    sender: Any = None, *, organisation: Any, client_id: int, **kwargs: Any
) -> int:
    """Erase the contact requests that were turned into client ``client_id`` (receiver of
    ``koers.trajectories.signals.client_erased``): they hold the person's work name, contact
    detail and message. Their counts stay for monitoring, as with the retention purge."""
    requests = ContactRequest.objects.filter(organisation=organisation, client_id_opened=client_id)
    erased = _tally_and_delete(requests)
    if erased:
        record(
            None,
            AuditAction.DELETE,
            ("contact.contactrequest", f"client {client_id}"),
            organisation=organisation,
            detail=f"{erased} contact request(s) erased with the client",
        )
    return erased


def purge_closed(now: Any = None, days: int | None = None) -> int:
    """Delete closed and withdrawn requests older than the retention period, moving their
    counts to :class:`ContactRequestTally` first. Returns how many were deleted."""
    from .models import RateLimitEvent
    from .ratelimit import MAX_AGE

    now = now or timezone.now()
    cutoff = now - timedelta(days=retention_days() if days is None else days)
    old = ContactRequest.objects.filter(
        status__in=[RequestStatus.CLOSED, RequestStatus.WITHDRAWN], closed_at__lt=cutoff
    )
    deleted = _tally_and_delete(old)
    RateLimitEvent.objects.filter(at__lt=now - MAX_AGE).delete()
    return deleted
