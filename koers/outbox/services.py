"""Queue a message (inside the caller's transaction) and deliver it (in a task, after commit).

The protocol, and exactly what it guarantees:

1. ``queue()`` inserts the row in the caller's transaction, keyed by ``key`` (unique), and
   asks for a delivery task only when that transaction commits. Rolled back: no message.
   The same key queued twice: one message.
2. ``deliver()`` *claims* the row with one conditional UPDATE (``queued`` → ``sending``,
   attempts + 1) that commits **before** the provider is called. Two workers given the
   same task: one wins, the other does nothing.
3. The provider is called with the message's key as its idempotency key (the SMS gateway
   gets an ``Idempotency-Key`` header; mail gets a Message-ID derived from it).
4. Success → ``sent``. A delivery error → back to ``queued`` with a later
   ``next_attempt_at`` (exponential back-off), until ``OUTBOX_MAX_ATTEMPTS``; then
   ``failed``, the ``message_failed`` signal, and the admin lists it.
5. A worker that dies between 2 and 4 leaves the row ``sending``. After
   ``OUTBOX_STALE_SECONDS`` ``redeliver_due()`` (a scheduled job) decides:
   - the channel's backend is *idempotent* (the provider de-duplicates on the key, as the
     SMS gateway backend requires): the row goes back to ``queued`` and is sent again with
     the same key; the provider sends it **once** (exactly once, as far as the provider's
     de-duplication reaches);
   - otherwise (SMTP has no idempotency): the row becomes ``uncertain`` and is **not** sent
     again — at most once — and an administrator decides (admin action "send again").

Queue unavailable (the enqueue after commit raises): the action that queued the message has
already committed, the row waits ``queued`` (visible in the admin) and ``redeliver_due()``
enqueues it again.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from koers.notifications.backends import Notification, NotificationError
from koers.notifications.services import CHANNELS, backend_for

from .models import MessageStatus, OutboundMessage
from .signals import message_failed

logger = logging.getLogger("koers.outbox")


def queue(channel: str, address: str, subject: str, body: str, *, key: str) -> OutboundMessage:
    """Queue one message under ``key``; it is sent after the current transaction commits.

    Raises ``NotificationError`` for an unknown channel or an empty address (nothing to
    send), so callers can count the person as not reachable right away."""
    if channel not in CHANNELS:
        raise NotificationError(f"Unknown channel {channel!r}.")
    if not address:
        raise NotificationError("No address to send to.")
    message, created = OutboundMessage.objects.get_or_create(
        key=key[:200],
        defaults={"channel": channel, "address": address, "subject": subject, "body": body},
    )
    if created:
        pk = message.pk
        transaction.on_commit(lambda: enqueue(pk))
    return message


def enqueue(pk: int, at: datetime | None = None) -> bool:
    """Ask the task queue to deliver message ``pk`` (at ``at`` if the queue can defer).

    Never raises: when the queue is unavailable the message waits in the outbox and the
    scheduled ``redeliver_messages`` job enqueues it again."""
    try:
        task = deliver_message
        if at is not None and task.get_backend().supports_defer:
            task = task.using(run_after=at)
        task.enqueue(pk)
    except Exception:  # noqa: BLE001 - any queue failure: the row is still there
        logger.exception("Task queue unavailable; outgoing message %s waits in the outbox.", pk)
        return False
    return True


def _claim(pk: int, now: datetime) -> OutboundMessage | None:
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    with transaction.atomic():
        claimed = OutboundMessage.objects.filter(due, pk=pk, status=MessageStatus.QUEUED).update(
            status=MessageStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1
        )
    if not claimed:
        return None
    return OutboundMessage.objects.get(pk=pk)


def retry_delay(attempts: int) -> timedelta:
    return timedelta(seconds=settings.OUTBOX_RETRY_SECONDS * 2 ** max(0, attempts - 1))


def deliver(pk: int) -> str:
    """Send message ``pk`` if it is due and nobody else is sending it; returns its status."""
    now = timezone.now()
    message = _claim(pk, now)
    if message is None:
        return "not-claimed"
    notification = Notification(
        message.channel, message.address, message.subject, message.body, key=message.key
    )
    try:
        backend_for(message.channel).send(notification)
    except Exception as exc:  # noqa: BLE001 - NotificationError or a broken backend: retry
        return _failed_attempt(message, exc)
    OutboundMessage.objects.filter(pk=pk, status=MessageStatus.SENDING).update(
        status=MessageStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return MessageStatus.SENT


@task()
def deliver_message(message_id: int) -> str:
    """The task that delivers one outgoing message (run by ``manage.py db_worker`` in
    production, in-process right after commit in the embedded default). It lives here, not
    in a ``tasks`` module, so that queueing and delivering import nothing from each other."""
    return deliver(message_id)


def _failed_attempt(message: OutboundMessage, exc: Exception) -> str:
    error = f"{exc.__class__.__name__}: {exc}"[:500]
    if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        OutboundMessage.objects.filter(pk=message.pk).update(
            status=MessageStatus.FAILED, last_error=error
        )
        logger.error(
            "Outgoing message %s (%s) given up after %s attempts: %s",
            message.pk,
            message.key,
            message.attempts,
            error,
        )
        message_failed.send(OutboundMessage, key=message.key, channel=message.channel)
        return MessageStatus.FAILED
    at = timezone.now() + retry_delay(message.attempts)
    OutboundMessage.objects.filter(pk=message.pk).update(
        status=MessageStatus.QUEUED, next_attempt_at=at, last_error=error
    )
    enqueue(message.pk, at)
    return MessageStatus.QUEUED


def redeliver_due(now: datetime | None = None) -> dict[str, int]:
    """The scheduled safety net: enqueue due messages again, settle abandoned ones."""
    now = now or timezone.now()
    counts = {"enqueued": 0, "requeued": 0, "uncertain": 0}
    stale = now - timedelta(seconds=settings.OUTBOX_STALE_SECONDS)
    for message in OutboundMessage.objects.filter(
        status=MessageStatus.SENDING, claimed_at__lt=stale
    ).only("pk", "channel"):
        if getattr(backend_for(message.channel), "idempotent", False):
            moved = OutboundMessage.objects.filter(
                pk=message.pk, status=MessageStatus.SENDING, claimed_at__lt=stale
            ).update(status=MessageStatus.QUEUED, next_attempt_at=None)
            counts["requeued"] += moved
            if moved:
                enqueue(message.pk)
        else:
            counts["uncertain"] += OutboundMessage.objects.filter(
                pk=message.pk, status=MessageStatus.SENDING, claimed_at__lt=stale
            ).update(
                status=MessageStatus.UNCERTAIN,
                last_error="The sender stopped while sending; not sent again automatically.",
            )
    # Queued and due, and not queued just now (its task is probably on its way).
    waiting = OutboundMessage.objects.filter(
        Q(next_attempt_at__isnull=True, created_at__lt=now - timedelta(seconds=30))
        | Q(next_attempt_at__lte=now),
        status=MessageStatus.QUEUED,
    ).values_list("pk", flat=True)
    for pk in waiting:
        counts["enqueued"] += int(enqueue(pk))
    return counts


def send_again(message: OutboundMessage) -> bool:
    """An administrator's decision: queue a failed or uncertain message once more."""
    moved = OutboundMessage.objects.filter(
        pk=message.pk, status__in=[MessageStatus.FAILED, MessageStatus.UNCERTAIN]
    ).update(status=MessageStatus.QUEUED, next_attempt_at=None, attempts=0)
    if moved:
        transaction.on_commit(lambda: enqueue(message.pk))
    return bool(moved)
