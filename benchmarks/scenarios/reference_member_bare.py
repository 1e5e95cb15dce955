"""Reference: a member view that returns "ok" (session, user and second-factor devices
loaded; nothing rendered) — the logged-in member floor that member pages such as the number
check are measured against (issue 17). Not a Koers page: see benchmarks/reference_views.py."""

from benchmarks.scenario import Scenario

SCENARIO = Scenario(
    name="ref-member-bare",
    path="/bench/member-bare/",
    target_ratio=4.0,
    login="member",
    max_queries=5,
    description="reference: a logged-in member request that does nothing",
)
