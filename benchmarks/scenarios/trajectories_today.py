"""Issue 13: the case worker's day — the start page ("Today"), finding a client by part of
the name, and the week's agenda — for the demo professional, with the same 60,000 clients /
600,000 contact entries as ``trajectories-my-clients`` (shared setup).

Target from the issue: each ≤ 2 × ``ref-staff-bare`` and ≤ 15 queries. The harness measures
against the floor, so the ratio here is 2 × the reference's usual ≈ 2.65 × the floor
(≈ 5.3 ×); compare with ``ref-staff-bare`` in the same run (``--only ref-staff-bare
trajectories-today trajectories-search trajectories-agenda``). Each page reads only the
worker's caseload through the caseload index (and the search decrypts only the worker's own
names), so the work does not grow with the size of the database.
"""

from benchmarks.scenario import Scenario, SetupContext

TARGET = 2 * 2.65  # 2 × ref-staff-bare, expressed against the floor


def setup(context: SetupContext):
    if "trajectories" not in context.shared:
        from koers.trajectories.benchdata import build

        context.shared["trajectories"] = build(context.rng)
    return context.shared["trajectories"]


SCENARIO = Scenario(
    name="trajectories-today",
    path="/clients/today/",
    target_ratio=TARGET,
    login="professional",
    setup=setup,
    max_queries=15,
    description="start page (professional, among 60k clients / 600k contacts)",
)
