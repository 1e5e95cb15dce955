"""The national monitoring report: every table for every region, in one request.

Shares the 200,000 responses that ``monitoring.py`` creates when both run; alone it runs
on the demo data.
"""

from benchmarks.scenario import Scenario, SetupContext


def year_path(context: SetupContext) -> str:
    from django.utils import timezone

    return f"/monitoring/national/?year={timezone.localdate().year}"


SCENARIO = Scenario(
    name="monitoring-national",
    path=lambda path: path,
    target_ratio=1000.0,
    login="analyst",
    setup=year_path,
    # One GROUP BY per published table (questionnaires, contact requests, trajectories,
    # safety, comparisons) plus the session: independent of the amount of data.
    max_queries=30,
    description="national report with all tables in one request, analyst",
)
