"""``message_failed``: sent once when a message is given up (``key`` names it), so the
feature that queued it can record that the person was not reached."""

from django.dispatch import Signal

message_failed = Signal()  # kwargs: key, channel
