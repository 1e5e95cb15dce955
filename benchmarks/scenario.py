"""What a benchmark scenario is: one page, measured against the floor (``/health/``).

Every module ``benchmarks/scenarios/<name>.py`` defines ``SCENARIO = Scenario(...)``; the
harness (``benchmarks/run.py``) finds them by itself, so adding a scenario never means
editing the harness. Scenario modules are imported before Django is set up (their ``env``
must be known before settings are read): import Django models inside ``setup``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class SetupContext:
    """What a scenario's ``setup`` gets.

    ``setup`` runs in the harness process after ``migrate`` and ``demo_data``, before the
    server starts, with the same production settings and database the server will use.
    ``rng`` is the scenario's own stream (derived from the seed and the scenario's name),
    so data is the same on every run.
    """

    scale: int
    seed: int
    rng: random.Random
    shared: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Scenario:
    """One measured page.

    - ``name``: short identifier, used by ``--only`` and in the printed table.
    - ``path``: the URL path to GET, or a callable ``path(setup_result) -> str`` for pages
      whose URL depends on objects ``setup`` created (it gets ``None`` without ``setup``).
    - ``target_ratio``: p50 of this page divided by p50 of the floor must stay at or below it.
    - ``login``: username to send the request as (an authenticated session that passed the
      second factor is created directly, so the login flow is not measured), or ``None``
      for an anonymous visitor.
    - ``setup``: optional ``setup(SetupContext) -> Any`` for extra data (bulk_create or raw
      ``executemany``, please: it may have to create a million rows).
    - ``min_scale``: the scenario is skipped (and says so) when ``--scale`` is below it.
    - ``max_queries``: optional target for the number of database queries one request does
      (counted once in-process with the test client, same settings and database).
    - ``expected_status``: the status every measured response must have; anything else
      (a redirect to the login page, a 500) stops the scenario with an error rather than
      timing the wrong thing.
    - ``env``: environment variables the run needs for this page (for example a rate
      limit raised so a thousand requests are not turned away); they apply to the whole
      run, this process and the server, because settings are read once at start-up.
    - ``description``: one line for ``--list``.
    - ``baseline``: the name of another scenario (a reference page such as
      ``ref-staff-bare``) whose p50 this page's ratio is taken against instead of the
      anonymous floor; it is measured in the same run (``--only`` adds it).
    - ``method`` and ``data``: to measure a form submission, ``method="POST"`` and the
      form's fields as ``data`` (a dict, or a callable ``data(setup_result) -> dict``); the
      harness sends them form-encoded with a valid CSRF cookie, token and ``Origin``, as a
      browser would. The default is a plain GET without a body.
    """

    name: str
    path: str | Callable[[Any], str]
    target_ratio: float
    login: str | None = None
    setup: Callable[[SetupContext], Any] | None = None
    min_scale: int = 1
    max_queries: int | None = None
    expected_status: int = 200
    description: str = ""
    env: dict[str, str] = field(default_factory=dict)
    method: str = "GET"
    data: dict[str, str] | Callable[[Any], dict[str, str]] | None = None
    baseline: str | None = None

    def resolve_path(self, setup_result: Any) -> str:
        """The path to request, computed from the setup result when ``path`` is callable."""
        path = self.path(setup_result) if callable(self.path) else self.path
        if not isinstance(path, str) or not path.startswith("/"):
            raise ValueError(f"scenario {self.name!r}: path must start with '/', got {path!r}")
        return path

    def resolve_data(self, setup_result: Any) -> dict[str, str] | None:
        """The form fields to send (``None`` for a request without a body)."""
        data = self.data(setup_result) if callable(self.data) else self.data
        if data is not None and self.method.upper() == "GET":
            raise ValueError(f"scenario {self.name!r}: data needs method='POST'")
        return data
