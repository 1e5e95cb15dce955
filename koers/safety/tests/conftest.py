import pytest

from koers.notifications import backends


@pytest.fixture(autouse=True)
def memory_sms(settings):
    """SMS go to a list in memory; mail already goes to Django's locmem outbox in tests."""
    settings.NOTIFICATION_BACKENDS = {
        "mail": "koers.notifications.backends.DjangoMailBackend",
        "sms": "koers.notifications.backends.MemoryBackend",
    }
    backends.outbox.clear()
    yield backends.outbox
