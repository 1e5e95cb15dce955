"""Issue 13: see ``trajectories_today.py`` (same data, same target)."""

from benchmarks.scenario import Scenario
from benchmarks.scenarios.trajectories_today import TARGET, setup

SCENARIO = Scenario(
    name="trajectories-search",
    path="/clients/?q=a",
    target_ratio=TARGET,
    login="professional",
    setup=setup,
    max_queries=15,
    description="find a client by part of the name (professional's ~40 names decrypted)",
)
