"""Issue 5: the client page (one chronological timeline) of a client with 200 contacts, in a
database of 60,000 clients and 600,000 contacts (same setup as ``trajectories``).

Target: p50 within 3× the floor, and a query count that does not depend on the length of
the history: the page shows the newest 30 entries (one query for their keys across every
history table, one per kind on the page) with a link to older ones."""

from benchmarks.scenario import Scenario

from .trajectories import setup

SCENARIO = Scenario(
    name="trajectories-timeline",
    path=lambda result: f"/clients/{result['long_client_id']}/",
    # Against ref-staff-bare (issue 17); the old 3x the anonymous floor is retired.
    target_ratio=2.5,
    baseline="ref-staff-bare",
    login="professional",
    setup=setup,
    max_queries=25,
    description="client page with a 200-contact timeline, 60k clients / 600k contacts",
)
