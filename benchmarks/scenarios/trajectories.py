"""Issue 5: "my clients" for the demo professional, with 60,000 clients and 600,000 contact
entries across 200 more organisations in the database (built by the setup with bulk_create).

Target: p50 within 3× the floor; the list is one indexed query on the trajectory's
denormalised state (phase, status, last/next contact), which also carries the total for the
page links (``COUNT(*) OVER ()``), plus the audit entry."""

from benchmarks.scenario import Scenario, SetupContext


def setup(context: SetupContext):
    if "trajectories" not in context.shared:
        from koers.trajectories.benchdata import build

        context.shared["trajectories"] = build(context.rng)
    return context.shared["trajectories"]


SCENARIO = Scenario(
    name="trajectories-my-clients",
    path="/clients/",
    # Against the logged-in staff floor (ref-staff-bare), the project's decision in issue 17:
    # the anonymous /health/ floor leaves out what every logged-in request pays.
    target_ratio=2.0,
    baseline="ref-staff-bare",
    login="professional",
    setup=setup,
    max_queries=16,
    description="my clients (professional, ~40 own among 60k clients / 600k contacts)",
)
