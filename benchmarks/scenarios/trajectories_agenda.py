"""Issue 13: see ``trajectories_today.py`` (same data, same target)."""

from benchmarks.scenario import Scenario
from benchmarks.scenarios.trajectories_today import TARGET, setup

SCENARIO = Scenario(
    name="trajectories-agenda",
    path="/clients/agenda/",
    target_ratio=TARGET,
    login="professional",
    setup=setup,
    max_queries=15,
    description="this week's planned contacts (professional)",
)
