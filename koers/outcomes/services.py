"""Writes for outcome monitoring: enrolment, answering, completing a wave, scheduling the
next one, reminders and call tasks.

Timing rules (all in settings, with defaults from the study):

- ``OUTCOMES_WAVE_INTERVAL_DAYS`` (91): a new wave opens this long after the previous
  completion; ``OUTCOMES_MAX_WAVES`` (4) waves at most;
- ``OUTCOMES_REMINDER_GAP_DAYS`` (14): reminder 1 when a wave opens (preferred channel),
  reminder 2 this long after (another channel), a call task for a worker this long after
  that; ``OUTCOMES_WAVE_WINDOW_DAYS`` (42): after this a wave counts as no response;
- ``OUTCOMES_STUDY_END`` (ISO date, optional): waves due after it end as "study period ended".
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import instrument
from .codes import (
    code_hash,
    code_hashes,
    link_token_hash,
    link_token_hashes,
    new_link_token,
    new_participant_ref,
    new_resume_code,
    normalise_resume_code,
    resume_hash,
    resume_hashes,
)
from .models import (
    CallTask,
    ContactChannel,
    EnrolmentSource,
    Participant,
    Reminder,
    Wave,
    WaveStatus,
)
from .notify import NotificationFailed, deliver


def wave_interval() -> dt.timedelta:
    return dt.timedelta(days=settings.OUTCOMES_WAVE_INTERVAL_DAYS)


def max_waves() -> int:
    return int(settings.OUTCOMES_MAX_WAVES)


def reminder_gap() -> dt.timedelta:
    return dt.timedelta(days=settings.OUTCOMES_REMINDER_GAP_DAYS)


def wave_window() -> dt.timedelta:
    return dt.timedelta(days=settings.OUTCOMES_WAVE_WINDOW_DAYS)


def study_end() -> dt.date | None:
    value = settings.OUTCOMES_STUDY_END
    if not value:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


@dataclass
class Entry:
    """What entering the link code did: always a ``new`` participant with wave 1 open.

    ``possible_duplicate`` is true when someone already took part with the same link code:
    both stay separate participants, flagged for the researcher (issue 12).
    """

    outcome: str
    participant: Participant
    wave: Wave | None
    possible_duplicate: bool = False


def issue_resume_code(wave: Wave) -> str:
    """Give the wave a new resume code (the old one stops working); only its hash is kept,
    so the code can be shown once and never again."""
    code = new_resume_code()
    wave.resume_hash = resume_hash(code)
    wave.save(update_fields=["resume_hash"])
    return code


def issue_link_token(wave: Wave) -> str:
    """A one-time token for a reminder link; a newer reminder's token replaces it."""
    token = new_link_token()
    wave.link_token_hash = link_token_hash(token)
    wave.save(update_fields=["link_token_hash"])
    return token


@transaction.atomic
def enter(
    code: str,
    *,
    source: str = EnrolmentSource.PUBLIC_LINK,
    organisation: Any = None,
    region: Any = None,
    language: str = "nl",
    now: dt.datetime | None = None,
) -> Entry:
    """Enrol with the pseudonymous link ``code``: a new participant with wave 1 open.

    The link code is not a key: it never opens, shows or changes anyone's answers. When it
    matches earlier participants, all of them are flagged as possible duplicates for the
    researcher; nobody is merged or refused.
    """
    now = now or timezone.now()
    earlier = Participant.objects.filter(code_hash__in=code_hashes(code))
    duplicate = earlier.exists()
    if duplicate:
        earlier.update(possible_duplicate=True)
    participant = Participant.objects.create(
        ref=new_participant_ref(),
        code_hash=code_hash(code),
        possible_duplicate=duplicate,
        source=source,
        organisation=organisation,
        region=region,
        language=language,
        max_waves=max_waves(),
        enrolled_at=now,
    )
    wave = Wave.objects.create(
        participant=participant,
        number=1,
        opens_at=now,
        status=WaveStatus.OPEN,
        started_at=now,
        language=language,
        region=region,
    )
    return Entry("new", participant, wave, duplicate)


def wave_for_resume_code(code: str) -> Wave | None:
    if not normalise_resume_code(code):
        return None
    return (
        Wave.objects.select_related("participant")
        .filter(resume_hash__in=resume_hashes(code))
        .first()
    )


@transaction.atomic
def use_link_token(token: str, now: dt.datetime | None = None) -> Wave | None:
    """The open wave a reminder's one-time token belongs to, or ``None``. The token is
    spent: the same link opens nothing a second time."""
    if not token or len(token) > 100:
        return None
    wave = (
        Wave.objects.select_for_update()
        .select_related("participant")
        .filter(link_token_hash__in=link_token_hashes(token))
        .first()
    )
    if wave is None:
        return None
    wave.link_token_hash = None
    update = ["link_token_hash"]
    if wave.status == WaveStatus.OPEN and wave.started_at is None:
        wave.started_at = now or timezone.now()
        update.append("started_at")
    wave.save(update_fields=update)
    return wave


def save_page(wave: Wave, page: instrument.Page, cleaned: dict[str, Any]) -> None:
    """Store the answers of one page (empty answers remove earlier ones of that page)."""
    answers = dict(wave.answers)
    for item in page.items:
        value = cleaned.get(item.key)
        if value in (None, "", []):
            answers.pop(item.key, None)
        else:
            answers[item.key] = value
    wave.answers = answers
    wave.last_page = page.key
    wave.save(update_fields=["answers", "last_page"])


def routed_answers(answers: dict[str, Any], wave_number: int) -> dict[str, Any]:
    """Only the answers on pages the routing shows (a changed A1 drops the other branch)."""
    keys = {
        item.key for page in instrument.visible_pages(answers, wave_number) for item in page.items
    }
    return {key: value for key, value in answers.items() if key in keys}


def derive(wave: Wave) -> None:
    answers = wave.answers
    wave.group = instrument.group_for(answers)
    wave.sex_work_status = instrument.sex_work_status_for(answers)
    wave.branch_direction = instrument.branch_direction_for(answers)
    wave.sector = answers.get("E3", "") if wave.group == instrument.GROUP_NO_SEX_WORK else ""
    wave.needs = instrument.needs_for(answers)


@transaction.atomic
def complete(wave: Wave, now: dt.datetime | None = None) -> Wave | None:
    """Mark ``wave`` taken part, derive its groups, and schedule the next wave (returned)."""
    now = now or timezone.now()
    participant = wave.participant
    wave.answers = routed_answers(wave.answers, wave.number)
    if instrument.is_screened_out(wave.answers, wave.number):
        wave.status = WaveStatus.SCREENED_OUT
        wave.closed_at = now
        wave.save()
        return None
    derive(wave)
    wave.status = WaveStatus.COMPLETED
    wave.completed_at = now
    wave.resume_hash = None  # nothing left to continue: the code opens nothing any more
    wave.region = wave.region or participant.region
    wave.save()
    if wave.answers.get("G1") == "no":
        participant.declined_at = now
        participant.save(update_fields=["declined_at"])
        return None
    if wave.number >= participant.max_waves:
        return None
    next_wave, _created = Wave.objects.get_or_create(
        participant=participant,
        number=wave.number + 1,
        defaults={
            "opens_at": now + wave_interval(),
            "status": WaveStatus.SCHEDULED,
            "region": participant.region,
        },
    )
    return next_wave


def set_contact(
    participant: Participant,
    *,
    channel: str,
    address: str,
    other_channel: str = "",
    other_address: str = "",
) -> None:
    participant.preferred_channel = channel
    participant.preferred_address = address.strip()
    participant.other_channel = other_channel if other_address.strip() else ""
    participant.other_address = other_address.strip() if other_channel else ""
    participant.save(
        update_fields=["preferred_channel", "preferred_address", "other_channel", "other_address"]
    )


@transaction.atomic
def decline(participant: Participant, now: dt.datetime | None = None) -> None:
    """The person stops taking part: open and scheduled waves end as declined."""
    now = now or timezone.now()
    participant.declined_at = participant.declined_at or now
    participant.save(update_fields=["declined_at"])
    participant.waves.filter(status__in=[WaveStatus.OPEN, WaveStatus.SCHEDULED]).update(
        status=WaveStatus.DECLINED, closed_at=now
    )


# --- reminders ------------------------------------------------------------------------------

PHONE_CHANNELS = (ContactChannel.WHATSAPP, ContactChannel.SMS)


def reminder_route(participant: Participant, sequence: int) -> tuple[str, str] | None:
    """(channel, address) for reminder ``sequence``: 1 = preferred, 2 = another channel."""
    if not participant.has_contact:
        return None
    if sequence == 1:
        return participant.preferred_channel, participant.preferred_address
    if (
        participant.other_channel
        and participant.other_address
        and (participant.other_channel != participant.preferred_channel)
    ):
        return participant.other_channel, participant.other_address
    if participant.preferred_channel in PHONE_CHANNELS:  # same number, the other phone channel
        other = (
            ContactChannel.SMS
            if participant.preferred_channel == ContactChannel.WHATSAPP
            else ContactChannel.WHATSAPP
        )
        return other, participant.preferred_address
    return None


def phone_number(participant: Participant) -> str:
    if participant.preferred_channel in PHONE_CHANNELS:
        return participant.preferred_address
    if participant.other_channel in PHONE_CHANNELS:
        return participant.other_address
    return ""


def reminder_text(wave: Wave, token: str) -> tuple[str, str]:
    """The reminder, with a link that works once (``token``; only its hash is stored)."""
    base = settings.SITE_URL.rstrip("/")
    with translation.override(wave.participant.language or "nl"):
        link = base + reverse("outcomes:link", kwargs={"token": token})
        subject = _("Koers: your next questionnaire is ready")
        body = _(
            "Hello, it is time for the next short questionnaire (round %(number)s). "
            "Open this link to take part: %(link)s\nThe link works once. Do you no longer "
            "want to take part? The questionnaire has a stop button."
        ) % {"number": wave.number, "link": link}
    return subject, body


def _send_reminder(wave: Wave, sequence: int, now: dt.datetime) -> bool:
    route = reminder_route(wave.participant, sequence)
    if route is None:
        return False
    channel, address = route
    subject, body = reminder_text(wave, issue_link_token(wave))
    try:
        deliver(channel, address, subject, body)
        delivered = True
    except NotificationFailed:
        delivered = False
    Reminder.objects.create(
        wave=wave, sequence=sequence, channel=channel, sent_at=now, delivered=delivered
    )
    return delivered


@dataclass
class ReminderRun:
    opened: int = 0
    reminders: int = 0
    call_tasks: int = 0
    closed: int = 0


def send_due_reminders(now: dt.datetime | None = None) -> ReminderRun:
    """Open due waves, send due reminders, create call tasks, close expired waves.

    Idempotent: run it as often as you like (the scheduled ``send_outcome_reminders``).
    """
    now = now or timezone.now()
    run = ReminderRun()
    end = study_end()
    for wave in Wave.objects.select_related("participant").filter(
        status=WaveStatus.SCHEDULED, opens_at__lte=now
    ):
        if wave.participant.declined_at:
            wave.status, wave.closed_at = WaveStatus.DECLINED, now
        elif end and wave.opens_at.date() > end:
            wave.status, wave.closed_at = WaveStatus.STUDY_ENDED, now
        else:
            wave.status = WaveStatus.OPEN
            run.opened += 1
        wave.save(update_fields=["status", "closed_at"])
    open_waves = (
        Wave.objects.select_related("participant")
        .prefetch_related("reminders")
        .filter(status=WaveStatus.OPEN, number__gte=2, opens_at__lte=now)
    )
    for wave in open_waves:
        with transaction.atomic():
            run_wave(wave, now, run)
    return run


def run_wave(wave: Wave, now: dt.datetime, run: ReminderRun) -> None:
    participant = wave.participant
    sent = {reminder.sequence: reminder for reminder in wave.reminders.all()}
    if now - wave.opens_at >= wave_window():
        wave.status = (
            WaveStatus.NO_CONTACT
            if sent and not any(r.delivered for r in sent.values())
            else WaveStatus.NO_RESPONSE
        )
        wave.closed_at = now
        wave.save(update_fields=["status", "closed_at"])
        run.closed += 1
        return
    if not participant.has_contact:
        wave.status, wave.closed_at = WaveStatus.NO_CONTACT, now
        wave.save(update_fields=["status", "closed_at"])
        run.closed += 1
        return
    if 1 not in sent:
        _send_reminder(wave, 1, now)
        run.reminders += 1
        return
    if 2 not in sent and now - sent[1].sent_at >= reminder_gap():
        if reminder_route(participant, 2) is not None:
            _send_reminder(wave, 2, now)
            run.reminders += 1
            return
    last = sent.get(2) or sent[1]
    if (
        2 in sent or reminder_route(participant, 2) is None
    ) and now - last.sent_at >= reminder_gap():
        if phone_number(participant) and not CallTask.objects.filter(wave=wave).exists():
            CallTask.objects.create(
                wave=wave, organisation=participant.organisation, created_at=now
            )
            run.call_tasks += 1
