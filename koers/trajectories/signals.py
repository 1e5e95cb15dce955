"""Signals other apps listen to, so a trajectory never has to know who else holds data
about the same person.

``client_erased`` is sent inside the erasure's transaction with ``organisation`` and
``client_id``: the contact inbox deletes the requests that led to the file (they name the
person too), so erasing a client leaves nothing behind until some later purge.
"""

from django.dispatch import Signal

client_erased = Signal()
