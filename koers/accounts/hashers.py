"""A cheap Argon2 for the test suite only (``koers.settings.test``).

Real logins use Django's ``Argon2PasswordHasher`` with its default cost (about 100 MB and a
noticeable fraction of a second per hash), which is the point in production but makes every
test that creates a user slow. This subclass keeps the algorithm, so hashes still start with
``argon2`` and every code path is the same, and only lowers the cost.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 1024
    parallelism = 1
