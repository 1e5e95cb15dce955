"""Free-text search without a town (issue 14): "cv" across the whole country, second page
(never cached): the full-text engine over every service, plus the life-domain words
("cv" names work and income), the ranking and ten cards."""

from benchmarks.scenario import Scenario

SCENARIO = Scenario(
    name="directory-text-all",
    path="/support/?q=cv&page=2",
    target_ratio=3.0,
    max_queries=12,
    description="free-text search 'cv' nationwide, second page (never cached)",
)
