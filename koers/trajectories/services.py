"""Writes to a trajectory. Every function validates, writes the history row, keeps the
denormalised state on :class:`Trajectory` in step and appends to the audit log.

Edits of the trajectory's own state (phase, status, direction, contact person, aftercare,
closing, reopening, client details) take ``expected_version``: the version the worker saw.
If someone else saved in between, :class:`EditConflict` is raised and nothing is written, so
the second worker is told instead of silently overwriting the first. Appending a contact,
goal or referral never conflicts: it cannot overwrite anything.

Bad input raises :class:`django.core.exceptions.ValidationError` with translated, per-field
messages; the caller shows them next to the fields.
"""

from collections import Counter
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Role
from koers.audit.models import AuditAction
from koers.audit.services import record

from .models import (
    Client,
    ContactEntry,
    Goal,
    Handover,
    MonitoringTally,
    OutcomeRecord,
    PhaseChange,
    Referral,
    ReferralStatusChange,
    SexWorkStatusChange,
    SupportAction,
    Trajectory,
    TrajectoryEvent,
    TrajectoryShare,
)
from .selectors import colleagues
from .vocabulary import (
    AftercareLevel,
    AftercareTrigger,
    ClosingReason,
    EventKind,
    GoalStatus,
    Phase,
    ReferralStatus,
)

#: Days until the next check-in that aftercare plans by itself (passive: the door is open).
AFTERCARE_CHECKIN_DAYS = {AftercareLevel.ACTIVE: 42, AftercareLevel.INTENSIVE: 14}


class EditConflict(ValidationError):
    """Someone else saved this trajectory after the worker opened it."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this file after you opened it. Nothing was saved: "
                "check the current state below and save again if your change still applies."
            ),
            code="conflict",
        )


def _today() -> date:
    return timezone.localdate()


def _past_or_today(value: date | None, field: str = "on") -> date:
    value = value or _today()
    if value > _today():
        raise ValidationError(
            {field: _("This date is in the future; history can only be recorded up to today.")}
        )
    return value


def _audit(by: Any, action: str, obj: Any, trajectory: Trajectory, detail: str) -> None:
    record(by, action, obj, organisation=trajectory.organisation, detail=detail)


def _bump(trajectory: Trajectory, expected_version: int | None, **changes: Any) -> None:
    """Save ``changes`` on the trajectory if its version is still ``expected_version``."""
    if expected_version is None:
        expected_version = trajectory.version
    now = timezone.now()
    updated = Trajectory.objects.filter(pk=trajectory.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=now, **changes
    )
    if not updated:
        raise EditConflict()
    for name, value in changes.items():
        setattr(trajectory, name, value)
    trajectory.version = expected_version + 1
    trajectory.updated_at = now


def _require_open(trajectory: Trajectory) -> None:
    if trajectory.is_closed:
        raise ValidationError(_("This file is closed. Reopen it first."))


def _event(
    trajectory: Trajectory,
    by: Any,
    kind: str,
    code: str = "",
    note: str = "",
    on: date | None = None,
):
    return TrajectoryEvent.objects.create(
        trajectory=trajectory, by=by, kind=kind, code=code[:120], note=note, on=on or _today()
    )


# --- opening and client details -------------------------------------------------------------


def open_trajectory(
    *,
    work_name: str,
    channel: str,
    language: str,
    organisation: Any,
    contact_person: Any,
    by: Any = None,
    phase: str = Phase.CONTACT,
    sex_work_status: str = "",
    **client_fields: Any,
) -> Trajectory:
    """Create a client and their trajectory with a fixed contact person.

    The entry point for every new client: the professional's form and, later, the
    contact-request inbox. Only ``work_name`` identifies; every other identifying detail is
    optional (``legal_name``, ``phone``, ``email``, ``birth_year`` …, passed as keywords).
    """
    work_name = (work_name or "").strip()
    if not work_name:
        raise ValidationError({"work_name": _("Enter the name the person wants to be called by.")})
    if contact_person is None or not colleagues(organisation).filter(pk=contact_person.pk).exists():
        raise ValidationError(
            {"contact_person": _("The contact person must work at this organisation.")}
        )
    by = by or contact_person
    with transaction.atomic():
        client = Client(
            organisation=organisation,
            work_name=work_name,
            preferred_channel=channel,
            preferred_language=language,
            **client_fields,
        )
        if client.municipality_id and not client.region_id:
            client.region_id = client.municipality.region_id
        client.full_clean()
        client.save()
        today = _today()
        trajectory = Trajectory.objects.create(
            client=client,
            organisation=organisation,
            contact_person=contact_person,
            phase=phase,
            phase_since=today,
            sex_work_status=sex_work_status,
            opened_on=today,
        )
        _event(trajectory, by, EventKind.OPENED)
        PhaseChange.objects.create(trajectory=trajectory, by=by, phase=phase, on=today)
        if sex_work_status:
            SexWorkStatusChange.objects.create(
                trajectory=trajectory, by=by, status=sex_work_status, on=today
            )
        _audit(by, AuditAction.CREATE, client, trajectory, "client and trajectory opened")
    return trajectory


# The details a worker may edit. ``suggested_profile`` is not among them: it records what the
# self-check answers shared with the contact request suggested (set when the request is turned
# into a file), a record rather than a detail to edit.
CLIENT_DETAIL_FIELDS = (
    "work_name",
    "legal_name",
    "phone",
    "email",
    "birth_year",
    "preferred_channel",
    "preferred_language",
    "gender",
    "migration_background",
    "unlicensed_work",
    "municipality",
    "region",
    "chosen_profile",
)


def update_client(
    trajectory: Trajectory, *, by: Any, expected_version: int | None, **fields: Any
) -> Client:
    """Change the client's details (every field optional except the work name)."""
    client = trajectory.client
    for name, value in fields.items():
        if name not in CLIENT_DETAIL_FIELDS:
            raise TypeError(name)
        setattr(client, name, value)
    if client.municipality_id and not client.region_id:
        client.region_id = client.municipality.region_id
    client.full_clean()
    with transaction.atomic():
        _bump(trajectory, expected_version)
        client.save()
        _event(trajectory, by, EventKind.DETAILS)
        _audit(by, AuditAction.UPDATE, client, trajectory, "client details changed")
    return client


# --- contacts -------------------------------------------------------------------------------


def log_contact(
    trajectory: Trajectory,
    *,
    by: Any,
    channel: str,
    duration_band: str,
    note: str = "",
    on: date | None = None,
    next_contact_on: date | None = None,
) -> ContactEntry:
    """Append a contact and move "last contact" / "next planned contact" on the file.

    A contact on or after the planned date fulfils the plan; in aftercare the next check-in
    is planned automatically from the aftercare level unless the worker sets one.
    """
    _require_open(trajectory)
    on = _past_or_today(on)
    if next_contact_on and next_contact_on < on:
        raise ValidationError(
            {"next_contact_on": _("The next contact must be after this contact.")}
        )
    entry = ContactEntry(
        trajectory=trajectory, by=by, channel=channel, duration_band=duration_band, note=note, on=on
    )
    entry.full_clean()
    with transaction.atomic():
        entry.save()
        current = (
            Trajectory.objects.filter(pk=trajectory.pk)
            .values("last_contact_on", "next_contact_on")
            .get()
        )
        last = max(filter(None, [current["last_contact_on"], on]))
        planned = current["next_contact_on"]
        if next_contact_on:
            planned = next_contact_on
        elif planned and planned <= on:
            days = AFTERCARE_CHECKIN_DAYS.get(trajectory.aftercare_level)
            planned = on + timedelta(days=days) if days else None
        # Not a version bump: appending a contact cannot overwrite another worker's edit.
        Trajectory.objects.filter(pk=trajectory.pk).update(
            last_contact_on=last, next_contact_on=planned
        )
        trajectory.last_contact_on, trajectory.next_contact_on = last, planned
        _audit(by, AuditAction.CREATE, entry, trajectory, "contact logged")
    return entry


# --- phase, sex-work status, direction ------------------------------------------------------


def change_phase(
    trajectory: Trajectory,
    *,
    by: Any,
    expected_version: int | None,
    phase: str,
    on: date | None = None,
    note: str = "",
) -> PhaseChange:
    """Move to any phase, forwards or back; the history keeps every step with its date."""
    _require_open(trajectory)
    on = _past_or_today(on)
    if phase not in Phase.values:
        raise ValidationError({"phase": _("Choose a phase.")})
    with transaction.atomic():
        change = PhaseChange.objects.create(
            trajectory=trajectory, by=by, phase=phase, on=on, note=note
        )
        latest = (
            PhaseChange.objects.filter(trajectory=trajectory)
            .order_by("-on", "-created_at", "-pk")
            .first()
        )
        _bump(trajectory, expected_version, phase=latest.phase, phase_since=latest.on)
        _audit(by, AuditAction.UPDATE, trajectory, trajectory, f"phase: {phase}")
    return change


def record_sex_work_status(
    trajectory: Trajectory,
    *,
    by: Any,
    expected_version: int | None,
    status: str,
    within_branch_change: str = "",
    on: date | None = None,
    note: str = "",
) -> SexWorkStatusChange:
    """Record the sex-work status on a date. Independent of the phase: a return to sex work
    changes nothing else — no phase, goal, referral or aftercare is reset or closed."""
    _require_open(trajectory)
    on = _past_or_today(on)
    change = SexWorkStatusChange(
        trajectory=trajectory,
        by=by,
        status=status,
        within_branch_change=within_branch_change,
        on=on,
        note=note,
    )
    change.full_clean()
    with transaction.atomic():
        change.save()
        latest = (
            SexWorkStatusChange.objects.filter(trajectory=trajectory)
            .order_by("-on", "-created_at", "-pk")
            .first()
        )
        _bump(
            trajectory,
            expected_version,
            sex_work_status=latest.status,
            within_branch_change=latest.within_branch_change,
        )
        _audit(by, AuditAction.UPDATE, trajectory, trajectory, f"sex-work status: {status}")
    return change


def change_direction(
    trajectory: Trajectory, *, by: Any, expected_version: int | None, direction: str, note: str = ""
) -> None:
    _require_open(trajectory)
    with transaction.atomic():
        _bump(trajectory, expected_version, direction=direction)
        _event(trajectory, by, EventKind.DIRECTION, code=direction, note=note)
        _audit(by, AuditAction.UPDATE, trajectory, trajectory, f"direction: {direction}")


# --- handover and sharing -------------------------------------------------------------------


def hand_over(
    trajectory: Trajectory,
    *,
    by: Any,
    expected_version: int | None,
    to_user: Any,
    note: str,
    on: date | None = None,
) -> Handover:
    """Change the one fixed contact person. The note must carry the story."""
    _require_open(trajectory)
    errors = {}
    if not (note or "").strip():
        errors["note"] = _(
            "Write what was agreed and what not to ask again, so the person need not retell it."
        )
    if to_user is None or not colleagues(trajectory.organisation).filter(pk=to_user.pk).exists():
        errors["to_user"] = _("Choose a colleague of this organisation.")
    elif to_user.pk == trajectory.contact_person_id:
        errors["to_user"] = _("This colleague already is the contact person.")
    if errors:
        raise ValidationError(errors)
    on = _past_or_today(on)
    with transaction.atomic():
        handover = Handover.objects.create(
            trajectory=trajectory,
            by=by,
            from_user_id=trajectory.contact_person_id,
            to_user=to_user,
            note=note,
            on=on,
        )
        _bump(trajectory, expected_version, contact_person=to_user)
        # The previous contact person keeps reading access only if a coordinator shares it.
        TrajectoryShare.objects.filter(trajectory=trajectory, user=to_user).delete()
        _audit(by, AuditAction.UPDATE, trajectory, trajectory, "handover to another contact person")
    return handover


def share(trajectory: Trajectory, *, by: Any, user: Any) -> TrajectoryShare:
    """A coordinator lets a colleague work on a file besides the contact person."""
    if user is None or not colleagues(trajectory.organisation).filter(pk=user.pk).exists():
        raise ValidationError({"user": _("Choose a colleague of this organisation.")})
    if user.pk == trajectory.contact_person_id:
        raise ValidationError({"user": _("This colleague already is the contact person.")})
    with transaction.atomic():
        shared, _created = TrajectoryShare.objects.get_or_create(
            trajectory=trajectory, user=user, defaults={"shared_by": by}
        )
        _event(trajectory, by, EventKind.SHARED, code=user.get_username())
        _audit(by, AuditAction.UPDATE, trajectory, trajectory, "file shared with a colleague")
    return shared


# --- goals, support, referrals, outcomes ----------------------------------------------------


def add_goal(
    trajectory: Trajectory, *, by: Any, life_domain: str, description: str, on: date | None = None
) -> Goal:
    _require_open(trajectory)
    goal = Goal(
        trajectory=trajectory,
        by=by,
        life_domain=life_domain,
        description=description,
        on=_past_or_today(on),
    )
    goal.full_clean()
    with transaction.atomic():
        goal.save()
        _audit(by, AuditAction.CREATE, goal, trajectory, "goal set")
    return goal


def set_goal_status(goal: Goal, *, by: Any, status: str, note: str = "") -> Goal:
    trajectory = goal.trajectory
    _require_open(trajectory)
    if status not in GoalStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    with transaction.atomic():
        goal.status = status
        goal.save(update_fields=["status"])
        _event(trajectory, by, EventKind.GOAL_STATUS, code=f"{goal.pk}:{status}", note=note)
        _audit(by, AuditAction.UPDATE, goal, trajectory, f"goal status: {status}")
    return goal


def add_support_action(
    goal: Goal,
    *,
    by: Any,
    module: str,
    description: str = "",
    partner_organisation: Any = None,
    partner_name: str = "",
    partner_contact: str = "",
    on: date | None = None,
) -> SupportAction:
    trajectory = goal.trajectory
    _require_open(trajectory)
    action = SupportAction(
        trajectory=trajectory,
        goal=goal,
        by=by,
        module=module,
        description=description,
        partner_organisation=partner_organisation,
        partner_name=partner_name,
        partner_contact=partner_contact,
        on=_past_or_today(on),
    )
    action.full_clean()
    with transaction.atomic():
        action.save()
        if goal.status == GoalStatus.OPEN:
            goal.status = GoalStatus.IN_PROGRESS
            goal.save(update_fields=["status"])
        _audit(by, AuditAction.CREATE, action, trajectory, f"support: {module}")
    return action


def propose_referral(
    trajectory: Trajectory,
    *,
    by: Any,
    partner_contact: str,
    service: Any = None,
    partner_organisation: Any = None,
    partner_name: str = "",
    goal: Goal | None = None,
    status: str = ReferralStatus.PROPOSED,
    consent_on: date | None = None,
    consent_how: str = "",
    on: date | None = None,
) -> Referral:
    """A warm referral: to a directory service or a free partner, naming a contact there.

    The referring worker stays the contact person; the referral only records the route.
    """
    _require_open(trajectory)
    if service is not None and partner_organisation is None:
        partner_organisation = service.organisation
    referral = Referral(
        trajectory=trajectory,
        by=by,
        goal=goal,
        service=service,
        partner_organisation=partner_organisation,
        partner_name=partner_name,
        partner_contact=partner_contact,
        status=status,
        consent_on=consent_on,
        consent_how=consent_how,
        on=_past_or_today(on),
    )
    referral.full_clean()
    with transaction.atomic():
        referral.save()
        ReferralStatusChange.objects.create(
            trajectory=trajectory, referral=referral, by=by, status=status, on=referral.on
        )
        _audit(by, AuditAction.CREATE, referral, trajectory, f"referral: {status}")
    return referral


def update_referral(
    referral: Referral,
    *,
    by: Any,
    status: str,
    consent_on: date | None = None,
    consent_how: str = "",
    on: date | None = None,
) -> Referral:
    """Move a referral on. Consented (and later) needs a consent record: when and how."""
    trajectory = referral.trajectory
    _require_open(trajectory)
    on = _past_or_today(on)
    referral.status = status
    if consent_on:
        referral.consent_on = consent_on
    if consent_how:
        referral.consent_how = consent_how
    referral.full_clean()
    with transaction.atomic():
        referral.save(update_fields=["status", "consent_on", "consent_how"])
        ReferralStatusChange.objects.create(
            trajectory=trajectory, referral=referral, by=by, status=status, on=on
        )
        _audit(by, AuditAction.UPDATE, referral, trajectory, f"referral: {status}")
    return referral


def record_outcome(
    trajectory: Trajectory,
    *,
    by: Any,
    situation: str,
    sector: str = "",
    within_branch_change: str = "",
    on: date | None = None,
) -> OutcomeRecord:
    """The situation now; allowed at any time, also on a closed file (follow-up)."""
    outcome = OutcomeRecord(
        trajectory=trajectory,
        by=by,
        situation=situation,
        sector=sector,
        within_branch_change=within_branch_change,
        on=_past_or_today(on),
    )
    outcome.full_clean()
    with transaction.atomic():
        outcome.save()
        _audit(by, AuditAction.CREATE, outcome, trajectory, f"outcome: {situation}")
    return outcome


# --- aftercare, closing, sealing ------------------------------------------------------------


def set_aftercare(
    trajectory: Trajectory,
    *,
    by: Any,
    expected_version: int | None,
    level: str,
    triggers: list[str],
    next_checkin_on: date | None = None,
    note: str = "",
) -> None:
    """Set the aftercare level and the triggers to watch; plans the next check-in."""
    _require_open(trajectory)
    if level not in AftercareLevel.values:
        raise ValidationError({"level": _("Choose an aftercare level.")})
    unknown = set(triggers) - set(AftercareTrigger.values)
    if unknown:
        raise ValidationError({"triggers": _("Choose triggers from the list.")})
    if next_checkin_on and next_checkin_on < _today():
        raise ValidationError({"next_checkin_on": _("A planned check-in cannot be in the past.")})
    if next_checkin_on is None and level in AFTERCARE_CHECKIN_DAYS:
        next_checkin_on = _today() + timedelta(days=AFTERCARE_CHECKIN_DAYS[level])
    changes: dict[str, Any] = {"aftercare_level": level, "aftercare_triggers": sorted(triggers)}
    if next_checkin_on:
        changes["next_contact_on"] = next_checkin_on
    with transaction.atomic():
        _bump(trajectory, expected_version, **changes)
        _event(
            trajectory,
            by,
            EventKind.AFTERCARE,
            code=",".join([level, *sorted(triggers)]),
            note=note,
        )
        _audit(by, AuditAction.UPDATE, trajectory, trajectory, f"aftercare: {level}")


def close_trajectory(
    trajectory: Trajectory, *, by: Any, expected_version: int | None, reason: str, note: str = ""
) -> None:
    """Close and seal the file. Needs a reason; nothing ever closes by itself with time."""
    if trajectory.is_closed:
        raise ValidationError(_("This file is already closed."))
    if reason not in ClosingReason.values:
        raise ValidationError({"reason": _("Choose why the file is closed.")})
    with transaction.atomic():
        _bump(
            trajectory,
            expected_version,
            is_closed=True,
            is_sealed=True,
            closed_on=_today(),
            closing_reason=reason,
        )
        _event(trajectory, by, EventKind.CLOSED, code=reason, note=note)
        _audit(by, AuditAction.UPDATE, trajectory, trajectory, f"closed and sealed: {reason}")


def unseal(trajectory: Trajectory, *, by: Any, reason: str) -> None:
    """Only a coordinator opens a sealed file, with a stated reason; audit-logged."""
    if not by.has_role(Role.COORDINATOR):
        raise ValidationError(_("Only a coordinator can unseal a file."))
    if not trajectory.is_sealed:
        raise ValidationError(_("This file is not sealed."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("State why the file is unsealed.")})
    with transaction.atomic():
        _bump(trajectory, None, is_sealed=False)
        _event(trajectory, by, EventKind.UNSEALED, note=reason)
        _audit(
            by, AuditAction.UPDATE, trajectory, trajectory, "sealed file unsealed by coordinator"
        )


def reopen(
    trajectory: Trajectory, *, by: Any, expected_version: int | None, note: str = ""
) -> None:
    """Reopen a closed, unsealed file; everything recorded before stays as it was."""
    if not trajectory.is_closed:
        raise ValidationError(_("This file is open."))
    if trajectory.is_sealed:
        raise ValidationError(_("A coordinator must unseal this file before it can be reopened."))
    with transaction.atomic():
        _bump(trajectory, expected_version, is_closed=False, closed_on=None, closing_reason="")
        _event(trajectory, by, EventKind.REOPENED, note=note)
        _audit(by, AuditAction.UPDATE, trajectory, trajectory, "file reopened")


# --- client rights --------------------------------------------------------------------------


def _tally(organisation: Any, counts: Counter) -> None:
    for (year, key), count in counts.items():
        tally, _created = MonitoringTally.objects.select_for_update().get_or_create(
            organisation=organisation, year=year, key=key
        )
        MonitoringTally.objects.filter(pk=tally.pk).update(count=F("count") + count)


def erase_client(trajectory: Trajectory, *, by: Any, confirmed: bool) -> None:
    """Erase everything about a client; keep only anonymous counts for monitoring.

    Coordinator only, and only with explicit confirmation. Counts kept: per year, the final
    phase and status, each outcome (situation and sector or kind), each referral's final
    status and each goal's domain and status. The audit log keeps object ids, never content.
    """
    if not by.has_role(Role.COORDINATOR):
        raise ValidationError(_("Only a coordinator can erase a client."))
    if not confirmed:
        raise ValidationError(
            {"confirm": _("Confirm that everything about this client will be erased.")}
        )
    client = trajectory.client
    organisation = trajectory.organisation
    counts: Counter = Counter()
    year = _today().year
    counts[(year, "clients_erased")] += 1
    counts[(trajectory.opened_on.year, f"final_phase:{trajectory.phase}")] += 1
    if trajectory.sex_work_status:
        counts[(trajectory.opened_on.year, f"final_status:{trajectory.sex_work_status}")] += 1
    for outcome in OutcomeRecord.objects.filter(trajectory=trajectory):
        detail = outcome.sector or outcome.within_branch_change
        counts[
            (outcome.on.year, f"outcome:{outcome.situation}{':' + detail if detail else ''}")
        ] += 1
    for referral in Referral.objects.filter(trajectory=trajectory):
        counts[(referral.on.year, f"referral:{referral.status}")] += 1
    for goal in Goal.objects.filter(trajectory=trajectory):
        counts[(goal.on.year, f"goal:{goal.life_domain}:{goal.status}")] += 1
    client_ref = ("trajectories.client", str(client.pk))
    with transaction.atomic():
        _tally(organisation, counts)
        client.delete()  # cascades to the trajectory and every history row
        record(
            by, AuditAction.DELETE, client_ref, organisation=organisation, detail="client erased"
        )
