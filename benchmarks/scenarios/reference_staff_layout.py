"""Reference: the empty layout (base.html with the staff menu) for a logged-in staff
member: the least any staff page costs. Not a Koers page: see benchmarks/reference_views.py.
Divide a staff page's ratio by this row's ratio to see what the page itself adds."""

from benchmarks.scenario import Scenario

SCENARIO = Scenario(
    name="ref-staff-layout",
    path="/bench/staff-layout/",
    target_ratio=5.0,
    login="professional",
    max_queries=5,
    description="reference: the empty staff layout, the least a staff page costs",
)
