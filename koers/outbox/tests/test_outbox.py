"""The outbox: sent after commit, at most once per key, retried, given up visibly, and a
send a dead worker left unconfirmed is resent only where the provider de-duplicates."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from koers.notifications import backends
from koers.notifications.backends import BaseBackend, NotificationError
from koers.outbox import services
from koers.outbox.models import MessageStatus, OutboundMessage
from koers.outbox.signals import message_failed


@pytest.fixture
def memory_sms(settings):
    settings.NOTIFICATION_BACKENDS = {
        "mail": "koers.notifications.backends.DjangoMailBackend",
        "sms": "koers.notifications.backends.MemoryBackend",
    }
    backends.outbox.clear()
    yield backends.outbox
    backends.outbox.clear()


class FlakyBackend(BaseBackend):
    calls = 0

    def send(self, message) -> None:
        FlakyBackend.calls += 1
        raise NotificationError("gateway says no")


@pytest.mark.django_db(transaction=True)
def test_a_message_is_sent_after_commit_and_never_when_rolled_back(memory_sms):
    with transaction.atomic():
        services.queue("sms", "+31611111111", "s", "b", key="k:1")
        assert memory_sms == []  # not inside the transaction
    assert [m.key for m in memory_sms] == ["k:1"]
    assert OutboundMessage.objects.get(key="k:1").status == MessageStatus.SENT

    with pytest.raises(RuntimeError), transaction.atomic():
        services.queue("sms", "+31611111111", "s", "b", key="k:2")
        raise RuntimeError("the publication fails")
    assert [m.key for m in memory_sms] == ["k:1"]
    assert not OutboundMessage.objects.filter(key="k:2").exists()


@pytest.mark.django_db(transaction=True)
def test_the_same_key_is_sent_once_however_often_it_is_queued_or_delivered(memory_sms):
    for _ in range(3):
        services.queue("sms", "+31611111111", "s", "b", key="same")
    message = OutboundMessage.objects.get(key="same")
    assert services.deliver(message.pk) == "not-claimed"  # already sent
    assert len(memory_sms) == 1


@pytest.mark.django_db(transaction=True)
def test_a_failing_message_is_retried_then_given_up_and_listed(settings):
    settings.NOTIFICATION_BACKENDS = {"mail": "x", "sms": f"{__name__}.FlakyBackend"}
    settings.OUTBOX_MAX_ATTEMPTS = 3
    FlakyBackend.calls = 0
    failed = []
    message_failed.connect(lambda sender, key, **kw: failed.append(key), weak=False)
    services.queue("sms", "+31611111111", "s", "b", key="flaky")
    message = OutboundMessage.objects.get(key="flaky")
    assert message.status == MessageStatus.QUEUED and message.attempts == 1
    assert "gateway says no" in message.last_error
    # The retries come due one after another (the scheduled job enqueues them).
    for _ in range(5):
        OutboundMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        services.redeliver_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED and message.attempts == 3
    assert FlakyBackend.calls == 3  # stopped after N attempts
    assert failed == ["flaky"]
    # An administrator sends it again.
    assert services.send_again(message)


@pytest.mark.django_db(transaction=True)
def test_a_send_a_dead_worker_left_is_resent_only_through_an_idempotent_provider(
    settings, tmp_path, memory_sms
):
    settings.NOTIFICATION_OUTBOX_DIR = tmp_path
    settings.NOTIFICATION_BACKENDS = {
        "mail": "koers.notifications.backends.DjangoMailBackend",  # SMTP: no idempotency
        "sms": "koers.notifications.backends.FileBackend",  # de-duplicates on the key
    }
    long_ago = timezone.now() - timedelta(hours=1)
    sms = OutboundMessage.objects.create(
        key="w:1",
        channel="sms",
        address="+31611111111",
        body="b",
        attempts=1,
        status=MessageStatus.SENDING,
        claimed_at=long_ago,
    )
    mail = OutboundMessage.objects.create(
        key="w:2",
        channel="mail",
        address="m@example.org",
        body="b",
        attempts=1,
        status=MessageStatus.SENDING,
        claimed_at=long_ago,
    )
    # The dead worker had in fact reached the SMS provider: the file exists already.
    backends.FileBackend().send(backends.Notification("sms", "+31611111111", "", "b", key="w:1"))
    counts = services.redeliver_due()
    assert counts["uncertain"] == 1
    sms.refresh_from_db(), mail.refresh_from_db()
    assert sms.status == MessageStatus.SENT
    assert len(list((tmp_path / "sms").iterdir())) == 1  # delivered once, not twice
    assert mail.status == MessageStatus.UNCERTAIN  # at most once: an admin decides


@pytest.mark.django_db(transaction=True)
def test_queue_down_the_action_succeeds_and_the_message_waits(memory_sms, monkeypatch):
    class QueueDown:
        def enqueue(self, *args, **kwargs):
            raise ConnectionError("queue unavailable")

    monkeypatch.setattr("koers.outbox.services.deliver_message", QueueDown())
    with transaction.atomic():
        services.queue("sms", "+31611111111", "s", "b", key="waits")
    message = OutboundMessage.objects.get(key="waits")
    assert message.status == MessageStatus.QUEUED and memory_sms == []
    monkeypatch.undo()
    OutboundMessage.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - timedelta(minutes=5)
    )
    assert services.redeliver_due()["enqueued"] == 1
    assert [m.key for m in memory_sms] == ["waits"]
