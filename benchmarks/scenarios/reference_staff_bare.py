"""Reference: a staff view that returns "ok" (session, user, second-factor device and
memberships loaded; nothing rendered). Not a Koers page: see benchmarks/reference_views.py.
The target is only a guard against the fixed cost of a logged-in request creeping up."""

from benchmarks.scenario import Scenario

SCENARIO = Scenario(
    name="ref-staff-bare",
    path="/bench/staff-bare/",
    target_ratio=4.0,
    login="professional",
    max_queries=5,
    description="reference: a logged-in staff request that does nothing",
)
