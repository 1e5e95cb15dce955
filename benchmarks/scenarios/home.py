"""The public home page: what every anonymous visitor sees first, often on a slow phone."""

from benchmarks.scenario import Scenario

SCENARIO = Scenario(
    name="home",
    path="/",
    target_ratio=2.0,
    max_queries=5,
    description="public home page, anonymous visitor, Dutch",
)
