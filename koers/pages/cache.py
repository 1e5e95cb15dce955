"""Django's ``RedisCache``, but a Redis outage is a cache miss instead of a 500.

Several app servers share one Redis for page and search caches and for the session cache
(``cached_db``: read from Redis, written through to the database). When Redis is down or
slow (the client's socket timeouts are short, see ``CACHES`` in koers/settings/base.py):

- reads return the default (a miss): pages are rendered afresh, sessions load from the
  database;
- writes and deletes are skipped;
- one log line at ERROR says so (at most one per ``LOG_EVERY`` seconds per process, not one
  per request), and one at WARNING when Redis answers again.

A skipped *delete* is the dangerous case: a session ended at log-out (or a cache entry made
stale by an edit) could come back when Redis does. So after any skipped write or delete,
the first command that reaches Redis again empties the Koers cache database (``clear()``)
before anything is read from it: everything in it can be rebuilt, and no stale entry
survives the outage. What remains is a short window on *other* hosts, which may read from
the recovered Redis before this host clears it; it is as long as the time from Redis coming
back to this host's next cache call (usually the next request).

Why a subclass rather than django-redis's ``IGNORE_EXCEPTIONS``: the issue asked for
Django's own ``RedisCache`` backend, and the flush-after-outage rule above is Koers' own.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger("koers.cache")

LOG_EVERY = 30.0


class ResilientRedisCache(RedisCache):
    def __init__(self, server: Any, params: dict) -> None:
        super().__init__(server, params)
        self._down_since: float | None = None
        self._last_log = 0.0
        self._lost_write = False

    # --- bookkeeping -----------------------------------------------------------------

    def _failed(self, operation: str, exc: Exception, *, write: bool) -> None:
        now = time.monotonic()
        if write:
            self._lost_write = True
        if self._down_since is None:
            self._down_since = now
        if now - self._last_log >= LOG_EVERY:
            self._last_log = now
            logger.error(
                "Redis cache unavailable (%s: %s); serving without the shared cache, "
                "sessions from the database.",
                operation,
                exc.__class__.__name__,
            )

    def _call(self, operation: str, default: Any, write: bool, *args: Any, **kwargs: Any) -> Any:
        try:
            if self._lost_write:
                # Writes or deletes were skipped: drop everything before trusting the cache.
                super().clear()
                self._lost_write = False
            result = getattr(super(), operation)(*args, **kwargs)
        except RedisError as exc:
            self._failed(operation, exc, write=write)
            return default
        if self._down_since is not None:
            logger.warning(
                "Redis cache reachable again after %.0f s.", time.monotonic() - self._down_since
            )
            self._down_since = None
        return result

    # --- the cache API -----------------------------------------------------------------

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._call("get", default, False, key, default, version)

    def get_many(self, keys: Any, version: Any = None) -> dict:
        return self._call("get_many", {}, False, keys, version)

    def has_key(self, key: Any, version: Any = None) -> bool:
        return self._call("has_key", False, False, key, version)

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None):
        return self._call("add", False, True, key, value, timeout, version)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None):
        return self._call("set", None, True, key, value, timeout, version)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None):
        return self._call("set_many", list(data), True, data, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None):
        return self._call("touch", False, True, key, timeout, version)

    def delete(self, key: Any, version: Any = None) -> bool:
        return self._call("delete", False, True, key, version)

    def delete_many(self, keys: Any, version: Any = None) -> None:
        return self._call("delete_many", None, True, keys, version)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        try:
            return super().incr(key, delta, version)
        except RedisError as exc:
            self._failed("incr", exc, write=True)
            raise ValueError(f"Key {key!r} not found (cache unavailable).") from exc

    def clear(self) -> None:
        return self._call("clear", None, True)
