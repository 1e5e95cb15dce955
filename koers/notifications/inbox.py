"""Creating, counting and reading in-app notices, and the daily digest.

Kept apart from :mod:`koers.notifications.services` (sending one mail or SMS), which the
digest uses like every other sender, so that when sending moves to a task queue the digest
moves with it.
"""

from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from .backends import NotificationError
from .models import DigestChoice, Notice, NoticeKind
from .services import send


def notify(user: Any, kind: str, link: str, *, key: str = "") -> Notice | None:
    """Tell ``user`` that something of ``kind`` happened at ``link`` (a path in Koers).

    With a ``key``, the same notice is created only once per user (``None`` the second
    time). Nobody is notified of their own action: callers pass the other person."""
    if user is None or not getattr(user, "pk", None):
        return None
    if kind not in NoticeKind.values:
        raise ValueError(kind)
    try:
        with transaction.atomic():
            return Notice.objects.create(user=user, kind=kind, link=link[:200], key=key[:80])
    except IntegrityError:
        return None


def unread_count(user: Any) -> int:
    return Notice.objects.filter(user=user, read_at__isnull=True).count()


def notices_for(user: Any) -> QuerySet[Notice]:
    """The user's notices, unread first, newest first."""
    return Notice.objects.filter(user=user).order_by("-created_at", "-pk")


def mark_read(user: Any, notice_ids: list[int] | None = None) -> int:
    """Mark the user's notices read (all of them when no ids are given)."""
    queryset = Notice.objects.filter(user=user, read_at__isnull=True)
    if notice_ids is not None:
        queryset = queryset.filter(pk__in=notice_ids)
    return queryset.update(read_at=timezone.now())


def set_daily_digest(user: Any, daily: bool) -> DigestChoice:
    choice, _created = DigestChoice.objects.update_or_create(user=user, defaults={"daily": daily})
    return choice


def wants_daily_digest(user: Any) -> bool:
    return DigestChoice.objects.filter(user=user, daily=True).exists()


def digest_text(counts: dict[str, int], link: str) -> tuple[str, str]:
    """Subject and body of a digest: counts per kind and a link, nothing else."""
    subject = _("Koers: new notices")
    lines = [
        ngettext("%(n)d new notice in Koers:", "%(n)d new notices in Koers:", sum(counts.values()))
        % {"n": sum(counts.values())},
        "",
    ]
    for kind in NoticeKind:
        if counts.get(kind.value):
            lines.append(f"- {kind.label}: {counts[kind.value]}")
    lines += ["", _("Log in to read them:"), link]
    return subject, "\n".join(lines)


def send_daily_digests(link: str, *, today: date | None = None) -> int:
    """Send each worker who asked for it one mail a day with the counts of their unread
    notices and ``link`` (the notices page) — never a name, message or detail. Workers with
    nothing unread get no mail. Returns how many mails were sent."""
    today = today or timezone.localdate()
    sent = 0
    choices = DigestChoice.objects.filter(daily=True).exclude(last_sent_on=today)
    for choice in choices.select_related("user"):
        user = choice.user
        if not user.is_active or not user.email:
            continue
        rows = (
            Notice.objects.filter(user=user, read_at__isnull=True)
            .values("kind")
            .annotate(n=Count("pk"))
            .order_by()
        )
        counts = {row["kind"]: row["n"] for row in rows}
        if not counts:
            continue
        with override(settings.LANGUAGE_CODE):
            subject, body = digest_text(counts, link)
        try:
            send("mail", user.email, subject, body)
        except NotificationError:
            continue  # tried again at the next run: last_sent_on stays
        DigestChoice.objects.filter(pk=choice.pk).update(last_sent_on=today)
        sent += 1
    return sent
