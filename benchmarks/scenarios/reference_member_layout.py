"""Reference: the empty layout (base.html) for a logged-in member: the least any member
page (such as the number check) costs. Not a Koers page: see benchmarks/reference_views.py."""

from benchmarks.scenario import Scenario

SCENARIO = Scenario(
    name="ref-member-layout",
    path="/bench/member-layout/",
    target_ratio=5.0,
    login="member",
    max_queries=5,
    description="reference: the empty member layout, the least a member page costs",
)
