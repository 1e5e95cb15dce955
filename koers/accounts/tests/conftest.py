"""Messages in memory for the accounts tests: SMS in ``backends.outbox``, mail in Django's
locmem ``mail.outbox``."""

import pytest

from koers.notifications import backends


@pytest.fixture(autouse=True)
def memory_sms(settings):
    settings.NOTIFICATION_BACKENDS = {
        "mail": "koers.notifications.backends.DjangoMailBackend",
        "sms": "koers.notifications.backends.MemoryBackend",
    }
    backends.outbox.clear()
    yield backends.outbox
