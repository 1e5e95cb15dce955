"""Writes for safety: membership, reports, moderation, warnings, number checks, retention.

Every moderator action and every number check is written to the audit log; the log never
contains a checked or reported phone number (entries name objects by type and id).
"""

import hashlib
import json
import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import User, UserKind
from koers.audit.models import AuditAction
from koers.audit.services import record
from koers.notifications.backends import NotificationError
from koers.notifications.services import send

from . import numbers as phone
from .models import (
    ContactChannel,
    DataSubjectRequest,
    InvitationCode,
    MemberProfile,
    MemberStatus,
    NotifyChannel,
    NumberCheck,
    PerpetratorNumber,
    Report,
    ReporterKind,
    ReportStatus,
    RequestDecision,
    RequestKind,
    SafetyWarning,
)

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference(length: int = 8) -> str:
    """A short random reference people can read out loud (no 0/O, 1/I)."""
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(length))


#: A warning is published for at most this long (issue 12): old warnings mislead.
MAX_WARNING_MONTHS = 24


class ExpiryTooLate(ValueError):
    """An expiry more than ``MAX_WARNING_MONTHS`` after publication."""


def latest_expiry(published_at: datetime) -> datetime:
    return add_months(published_at, MAX_WARNING_MONTHS)


def add_months(moment: datetime, months: int) -> datetime:
    month_index = moment.month - 1 + months
    year, month = moment.year + month_index // 12, month_index % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ValueError(moment)  # pragma: no cover


# --- membership ---------------------------------------------------------------------------


def _digest(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace("-", "").encode()).hexdigest()


def create_invitation(organisation, *, by: User, days: int = 60) -> tuple[InvitationCode, str]:
    """A new one-time code for ``organisation``; the plain code is returned only now."""
    code = new_reference(10)
    invitation = InvitationCode.objects.create(
        organisation=organisation,
        code_digest=_digest(code),
        hint=code[-4:],
        created_by=by,
        expires_at=timezone.now() + timedelta(days=days),
    )
    record(by, AuditAction.CREATE, invitation, detail="invitation code")
    return invitation, f"{code[:5]}-{code[5:]}"


def revoke_invitation(invitation: InvitationCode, *, by: User) -> None:
    if invitation.revoked_at is None and invitation.used_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        record(by, AuditAction.UPDATE, invitation, detail="invitation code revoked")


def usable_invitation(code: str) -> InvitationCode | None:
    if not code:
        return None
    return InvitationCode.objects.filter(
        code_digest=_digest(code),
        used_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).first()


@transaction.atomic
def redeem_invitation(profile: MemberProfile, code: str) -> bool:
    """Verify ``profile`` with an organisation's invitation code; False if not usable."""
    invitation = usable_invitation(code)
    if invitation is None:
        return False
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    _verify(profile, invitation.organisation)
    record(
        profile.user,
        AuditAction.UPDATE,
        profile,
        organisation=invitation.organisation,
        detail="member verified by invitation code",
    )
    return True


def _verify(profile: MemberProfile, organisation) -> None:
    profile.status = MemberStatus.VERIFIED
    profile.verified_by_organisation = organisation
    profile.verified_at = timezone.now()
    profile.save(update_fields=["status", "verified_by_organisation", "verified_at"])


@transaction.atomic
def register_member(
    *,
    username: str,
    password: str,
    work_name: str,
    email: str,
    phone_number: str,
    regions,
    notify_by: str = NotifyChannel.NONE,
    invitation_code: str = "",
) -> MemberProfile:
    """Create a member login and profile: verified at once with a usable invitation code,
    otherwise pending until a professional vouches using the profile's reference."""
    user = User(username=username, kind=UserKind.MEMBER)
    user.set_password(password)
    user.save()
    profile = MemberProfile(
        user=user,
        work_name=work_name,
        email=email,
        phone=phone_number,
        notify_by=notify_by,
        reference=new_reference(),
    )
    profile.full_clean(exclude=["user", "regions"])
    profile.save()
    profile.regions.set(regions)
    record(user, AuditAction.CREATE, profile, detail="member registered")
    if invitation_code:
        redeem_invitation(profile, invitation_code)
    return profile


def vouch_for(reference: str, *, by: User) -> MemberProfile | None:
    """A professional vouches for the member who showed them ``reference``."""
    profile = MemberProfile.objects.filter(
        reference=reference.strip().upper(), status=MemberStatus.PENDING
    ).first()
    if profile is None:
        return None
    _verify(profile, by.organisation)
    record(by, AuditAction.UPDATE, profile, detail="member verified by vouching")
    return profile


def set_member_status(profile: MemberProfile, status: str, *, by: User) -> None:
    """Suspend or reinstate a member (moderators)."""
    profile.status = status
    profile.save(update_fields=["status"])
    record(by, AuditAction.UPDATE, profile, detail=f"member {status}")


def update_member_settings(profile: MemberProfile, *, regions, notify_by: str) -> None:
    profile.notify_by = notify_by
    profile.save(update_fields=["notify_by"])
    profile.regions.set(regions)


# --- reports ------------------------------------------------------------------------------


@transaction.atomic
def submit_report(
    data: dict,
    *,
    kind: str,
    numbers: list[str],
    reporter: User | None = None,
    organisation=None,
) -> Report:
    """Store a report; ``numbers`` are E.164 strings, stored only hashed and encrypted."""
    region = data["region"]
    if data.get("municipality") is not None:
        region = data["municipality"].region
    report = Report.objects.create(
        reference=new_reference(),
        reporter_kind=kind,
        lower_trust=kind == ReporterKind.ANONYMOUS,
        reporter=reporter if kind != ReporterKind.ANONYMOUS else None,
        organisation=organisation,
        occurred_on=data["occurred_on"],
        region=region,
        municipality=data.get("municipality"),
        place_type=data["place_type"],
        forms=list(data.get("violence") or []),
        acts=list(data.get("acts") or []),
        perpetrator_type=data["perpetrator_type"],
        perpetrator_names=data.get("perpetrator_names", ""),
        perpetrator_description=data.get("perpetrator_description", ""),
        perpetrator_vehicle=data.get("perpetrator_vehicle", ""),
        description=data.get("description", ""),
        wants_warning=bool(data.get("wants_warning")),
        police_consent=bool(data.get("police_consent")),
        contact_channel=data.get("contact_channel") or ContactChannel.NONE,
        contact_address=data.get("contact_address", ""),
    )
    for e164 in dict.fromkeys(numbers):
        PerpetratorNumber.objects.create(
            report=report, number_hash=phone.number_hash(e164), number_encrypted=e164
        )
    record(
        reporter,
        AuditAction.CREATE,
        report,
        organisation=organisation,
        detail=f"incident report ({kind})",
    )
    return report


REDACTABLE = ("description", "perpetrator_names", "perpetrator_description", "perpetrator_vehicle")


@transaction.atomic
def redact_report(
    report: Report, *, values: dict, remove_number_ids=(), remove_contact: bool = False, by: User
) -> None:
    """Overwrite free text with the moderator's redacted version; drop numbers or contact
    details that identify the reporter. The original text is not kept."""
    changed = []
    for name in REDACTABLE:
        if name in values and values[name] != getattr(report, name):
            setattr(report, name, values[name])
            changed.append(name)
    if remove_contact and (report.contact_address or report.contact_channel != "none"):
        report.contact_address = ""
        report.contact_channel = ContactChannel.NONE
        changed += ["contact_address", "contact_channel"]
    if changed:
        report.save(update_fields=changed)
    removed, _by_model = report.numbers.filter(pk__in=list(remove_number_ids)).delete()
    if changed or removed:
        record(
            by,
            AuditAction.UPDATE,
            report,
            detail=f"redacted: {', '.join(changed) or '-'}; numbers removed: {removed}",
        )


@dataclass
class NotifyResult:
    sent: int = 0
    failed: int = 0


@transaction.atomic
def publish_warning(
    report: Report, *, text: str, regions, expires_at: datetime, by: User
) -> tuple[SafetyWarning, NotifyResult]:
    """Publish a warning from ``report`` for ``regions`` until ``expires_at`` and notify
    the verified members of those regions who asked to be told."""
    now = timezone.now()
    if expires_at > latest_expiry(now):
        raise ExpiryTooLate(expires_at)
    warning = SafetyWarning.objects.create(
        report=report,
        text=text,
        forms=list(report.forms),
        perpetrator_type=report.perpetrator_type,
        incident_month=report.occurred_on.replace(day=1),
        published_by=by,
        published_at=now,
        expires_at=expires_at,
    )
    warning.regions.set(regions)
    report.numbers.update(warning=warning)
    report.status = ReportStatus.PUBLISHED
    report.moderated_by, report.moderated_at = by, now
    report.save(update_fields=["status", "moderated_by", "moderated_at"])
    record(by, AuditAction.CREATE, warning, detail="warning published")
    result = notify_members(warning)
    return warning, result


def notify_members(warning: SafetyWarning) -> NotifyResult:
    """Tell members of the warning's regions; the message says nothing about the incident
    (a phone screen may be seen by others). Failures are counted and audit-logged."""
    result = NotifyResult()
    profiles = (
        MemberProfile.objects.filter(
            status=MemberStatus.VERIFIED,
            regions__in=warning.regions.all(),
            notify_by__in=[NotifyChannel.MAIL, NotifyChannel.SMS],
        )
        .distinct()
        .order_by("pk")
    )
    subject = _("Koers: new message")
    body = _("There is a new message for you on Koers. Log in to read it.")
    for profile in profiles:
        address = profile.email if profile.notify_by == NotifyChannel.MAIL else profile.phone
        try:
            send(profile.notify_by, address, subject, body)
            result.sent += 1
        except NotificationError:
            result.failed += 1
    record(
        None,
        AuditAction.CREATE,
        warning,
        detail=f"members notified: {result.sent} sent, {result.failed} failed",
    )
    return result


def reject_report(report: Report, *, reason: str, by: User) -> None:
    report.status = ReportStatus.REJECTED
    report.rejection_reason = reason
    report.moderated_by, report.moderated_at = by, timezone.now()
    report.save(update_fields=["status", "rejection_reason", "moderated_by", "moderated_at"])
    record(by, AuditAction.UPDATE, report, detail="report rejected")


def unpublish_warning(warning: SafetyWarning, *, by: User | None, why: str) -> None:
    warning.is_published = False
    warning.unpublished_at = timezone.now()
    warning.save(update_fields=["is_published", "unpublished_at"])
    warning.numbers.update(warning=None)
    record(by, AuditAction.UPDATE, warning, detail=f"warning unpublished: {why}")


@transaction.atomic
def correct_warning(
    warning: SafetyWarning, *, text: str, regions, expires_at: datetime, by: User
) -> list[str]:
    """Re-moderate a published warning: its text, regions and expiry (at most
    ``MAX_WARNING_MONTHS`` after it was first published). Audited; returns what changed."""
    if expires_at > latest_expiry(warning.published_at):
        raise ExpiryTooLate(expires_at)
    changed = []
    if text != warning.text:
        warning.text = text
        changed.append("text")
    if expires_at != warning.expires_at:
        warning.expires_at = expires_at
        changed.append("expiry")
    if changed:
        warning.save(update_fields=["text", "expires_at"])
    new_regions = {region.pk for region in regions}
    if new_regions != set(warning.regions.values_list("pk", flat=True)):
        warning.regions.set(list(regions))
        changed.append("regions")
    record(
        by, AuditAction.UPDATE, warning, detail=f"warning corrected: {', '.join(changed) or '-'}"
    )
    return changed


def withdraw_warning(warning: SafetyWarning, *, reason: str, by: User) -> None:
    """A moderator takes a published warning back (audited with the reason given)."""
    unpublish_warning(warning, by=by, why=f"withdrawn by a moderator: {reason.strip()[:200]}")


# --- number check -------------------------------------------------------------------------


class NotAVerifiedMember(Exception):
    """The user has no verified membership of the warning scheme (yet or any more)."""


@dataclass
class RateLimited(Exception):
    retry_at: datetime


@dataclass
class NumberAnswer:
    number: str
    warnings: int = 0
    forms: list[str] = field(default_factory=list)
    months: list[date] = field(default_factory=list)


def _retry_time(member: User, since: datetime, window: timedelta, over_by: int) -> datetime:
    """When enough of the window's oldest checks have aged out to allow the request."""
    freed = 0
    for at, count in (
        NumberCheck.objects.filter(member=member, at__gte=since)
        .order_by("at")
        .values_list("at", "numbers")
    ):
        freed += count
        if freed >= over_by:
            return at + window
    return since + window  # pragma: no cover - the window always holds the excess


def _lock_profile_and_count_checks(
    member: User, hour_ago: datetime, day_ago: datetime
) -> tuple[str, int, int] | None:
    """The member's status and the numbers they checked in the last hour and day, in one
    round trip, with the profile row locked (``FOR UPDATE`` where the database has it) so
    two parallel checks by the same member cannot both pass the limit.

    Why raw SQL: this runs on every check, and building the equivalent ORM query (two
    aggregate subqueries) costs more CPU than the database spends answering it.
    """
    profile_table = connection.ops.quote_name(MemberProfile._meta.db_table)
    check_table = connection.ops.quote_name(NumberCheck._meta.db_table)
    if connection.features.has_select_for_update_of:
        lock = " FOR UPDATE OF p"  # the profile row only, not the derived table
    elif connection.features.has_select_for_update:
        lock = " FOR UPDATE"
    else:
        lock = ""
    # One pass over the day's checks (the covering index) gives both sums.
    sql = (
        f"SELECT p.status, s.hour, s.day FROM {profile_table} p, "  # noqa: S608 - names from models
        f"(SELECT COALESCE(SUM(CASE WHEN c.at >= %s THEN c.numbers ELSE 0 END), 0) AS hour, "
        f"COALESCE(SUM(c.numbers), 0) AS day FROM {check_table} c "
        f"WHERE c.member_id = %s AND c.at >= %s) s "
        f"WHERE p.user_id = %s{lock}"
    )
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(sql, [adapt(hour_ago), member.pk, adapt(day_ago), member.pk])
        row = cursor.fetchone()
    return None if row is None else (row[0], int(row[1]), int(row[2]))


def _insert_check_event(member: User, at: datetime, numbers: int) -> None:
    """Count the check for the rate limit (raw SQL: one of the hot path's few writes)."""
    table = connection.ops.quote_name(NumberCheck._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (member_id, at, numbers) VALUES (%s, %s, %s)",  # noqa: S608
            [member.pk, connection.ops.adapt_datetimefield_value(at), numbers],
        )


def _published_matches(digests: list[str], now: datetime) -> list[tuple[str, int, list, date]]:
    """(hash, warning id, forms, incident month) for every published, unexpired warning
    that mentions one of ``digests``: an indexed equality match on
    ``PerpetratorNumber.number_hash`` joined to the warning by primary key.

    Raw SQL because building the ORM join costs more CPU than the indexed lookup itself;
    the JSON and date columns are converted here as the ORM would (SQLite returns text).
    """
    if not digests:
        return []
    quote = connection.ops.quote_name
    numbers_table = quote(PerpetratorNumber._meta.db_table)
    warnings_table = quote(SafetyWarning._meta.db_table)
    placeholders = ", ".join(["%s"] * len(digests))
    sql = (
        f"SELECT n.number_hash, n.warning_id, w.forms, w.incident_month "  # noqa: S608
        f"FROM {numbers_table} n INNER JOIN {warnings_table} w ON w.id = n.warning_id "
        f"WHERE n.number_hash IN ({placeholders}) AND w.is_published = %s AND w.expires_at > %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*digests, True, connection.ops.adapt_datetimefield_value(now)])
        rows = cursor.fetchall()
    return [
        (
            digest,
            warning_id,
            json.loads(forms) if isinstance(forms, (str, bytes)) else forms,
            date.fromisoformat(month) if isinstance(month, str) else month,
        )
        for digest, warning_id, forms, month in rows
    ]


def check_numbers(member: User, e164_numbers: list[str]) -> list[NumberAnswer]:
    """Answer how many published warnings mention each number; rate-limited per member.

    Raises ``NotAVerifiedMember`` unless ``member`` is a verified member of the scheme, and
    ``RateLimited`` (with the time to try again) when the hour's or the day's allowance
    would be exceeded; then nothing is checked or counted. Every check is audit-logged
    (how many numbers, how many matched — never which).
    """
    now = timezone.now()
    wanted = len(e164_numbers)
    hour_ago, day_ago = now - timedelta(hours=1), now - timedelta(days=1)
    with transaction.atomic():
        usage = _lock_profile_and_count_checks(member, hour_ago, day_ago)
        if usage is None or usage[0] != MemberStatus.VERIFIED:
            raise NotAVerifiedMember
        _status, hour_count, day_count = usage
        for window, since, limit, count in (
            (timedelta(hours=1), hour_ago, settings.SAFETY_CHECKS_PER_HOUR, hour_count),
            (timedelta(days=1), day_ago, settings.SAFETY_CHECKS_PER_DAY, day_count),
        ):
            if count + wanted > limit:
                raise RateLimited(_retry_time(member, since, window, count + wanted - limit))
        _insert_check_event(member, now, wanted)

        # Every line gets its own answer, repeats included: a number pasted three times is
        # answered three times, each exactly as the single check would (issue 12).
        by_hash: dict[str, list[int]] = {}
        for index, e164 in enumerate(e164_numbers):
            for digest in phone.lookup_hashes(e164):
                positions = by_hash.setdefault(digest, [])
                if index not in positions:
                    positions.append(index)
        answers = [NumberAnswer(number=e164) for e164 in e164_numbers]
        seen: set[tuple[int, int]] = set()
        rows = _published_matches(list(by_hash), now)
        for digest, warning_id, forms, month in rows:
            for index in by_hash[digest]:
                if (index, warning_id) in seen:
                    continue
                seen.add((index, warning_id))
                answer = answers[index]
                answer.warnings += 1
                answer.forms = sorted(set(answer.forms) | set(forms))
                answer.months = sorted(set(answer.months) | {month}, reverse=True)
        matched = sum(1 for a in answers if a.warnings)
        record(
            member,
            AuditAction.READ,
            "safety.numbercheck",
            detail=f"number check: {wanted} checked, {matched} with warnings",
        )
    return answers


# --- retention and data-subject requests --------------------------------------------------


def expire_warnings(now: datetime | None = None) -> int:
    """Unpublish every warning past its expiry (the scheduled command calls this)."""
    now = now or timezone.now()
    expired = list(SafetyWarning.objects.filter(is_published=True, expires_at__lte=now))
    for warning in expired:
        unpublish_warning(warning, by=None, why="expired")
    return len(expired)


def prune_number_checks(now: datetime | None = None) -> int:
    """Check events only serve the rate limit; the audit log keeps the trail."""
    now = now or timezone.now()
    deleted, _by_model = NumberCheck.objects.filter(at__lt=now - timedelta(days=2)).delete()
    return deleted


def anonymise_report(report: Report, *, by: User | None, why: str) -> None:
    """Remove everything that can point to the reporter or be matched; keep the categories
    (date to the month, region, place, forms, perpetrator type) for statistics."""
    report.reporter = None
    report.contact_address = ""
    report.contact_channel = ContactChannel.NONE
    report.description = ""
    report.perpetrator_names = ""
    report.perpetrator_description = ""
    report.perpetrator_vehicle = ""
    report.municipality = None
    report.occurred_on = report.occurred_on.replace(day=1)
    report.anonymised_at = timezone.now()
    report.save()
    report.numbers.filter(warning__isnull=True).delete()
    record(by, AuditAction.UPDATE, report, detail=f"report anonymised: {why}")


def anonymise_old_reports(now: datetime | None = None) -> int:
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.SAFETY_REPORT_RETENTION_DAYS)
    old = list(Report.objects.filter(anonymised_at__isnull=True, created_at__lt=cutoff))
    for report in old:
        anonymise_report(report, by=None, why="retention period over")
    return len(old)


def rehash_numbers(batch_size: int = 2000) -> int:
    """Recompute every number hash under the newest HMAC key from the encrypted copy.
    Run after putting a new key first in ``HMAC_KEYS``; then the old key can go."""
    count = 0
    queryset = PerpetratorNumber.objects.order_by("pk")
    last_pk = 0
    while True:
        batch = list(queryset.filter(pk__gt=last_pk)[:batch_size])
        if not batch:
            return count
        for item in batch:
            item.number_hash = phone.number_hash(item.number_encrypted)
        with transaction.atomic():
            PerpetratorNumber.objects.bulk_update(batch, ["number_hash"])
        count += len(batch)
        last_pk = batch[-1].pk


def record_request(
    *, report: Report, kind: str, details: str, by: User | None
) -> DataSubjectRequest:
    request = DataSubjectRequest.objects.create(
        report=report,
        report_reference=report.reference,
        kind=kind,
        details=details,
        recorded_by=by,
    )
    record(by, AuditAction.CREATE, request, detail=f"data-subject request ({kind})")
    return request


@transaction.atomic
def decide_request(
    request: DataSubjectRequest, *, grant: bool, reason: str, corrected_text: str = "", by: User
) -> None:
    """Record the decision and, when granted, carry it out: removal unpublishes the warning,
    deletes the numbers and anonymises the report; correction replaces the warning text."""
    request.decision = RequestDecision.GRANTED if grant else RequestDecision.REFUSED
    request.decision_reason = reason
    request.decided_by, request.decided_at = by, timezone.now()
    request.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
    report = request.report
    if grant and report is not None:
        warning = SafetyWarning.objects.filter(report=report).first()
        if request.kind == RequestKind.REMOVAL:
            if warning is not None and warning.is_published:
                unpublish_warning(warning, by=by, why="removal request")
            report.numbers.all().delete()
            anonymise_report(report, by=by, why="removal request")
            report.status = ReportStatus.REMOVED
            report.save(update_fields=["status"])
        elif corrected_text and warning is not None:
            warning.text = corrected_text
            warning.save(update_fields=["text"])
    record(by, AuditAction.UPDATE, request, detail=f"data-subject request {request.decision}")
