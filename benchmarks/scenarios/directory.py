"""The public support search: a visitor in Tilburg looking for help with housing.

Issue 3's target: at 10× demo scale (over 6,000 services) the results page's p50 stays
within 3× the bare-view floor, with a fixed number of queries whatever the number of
matches (ranking happens in SQL; only one page of services is loaded)."""

from benchmarks.scenario import Scenario

SCENARIO = Scenario(
    name="directory-search",
    path="/support/?town=Tilburg&need=housing&need=work_income",
    target_ratio=3.0,
    max_queries=12,
    description="public support search by town and two needs, anonymous visitor, Dutch",
)
