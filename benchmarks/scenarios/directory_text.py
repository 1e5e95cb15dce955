"""Free-text search (issue 14): a visitor types "hulp" (help) with a town, on a page that
is never cached (page 2, see ``directory_uncached.py``), so every request runs the
database's full-text engine — FTS5 over Snowball stems on SQLite, ``to_tsvector`` with
the four language configurations and their GIN indexes on PostgreSQL — plus the filters,
the ranking and ten cards. A broad word on purpose: it matches most services of the
region, the most work for the engine and the ranking."""

from benchmarks.scenario import Scenario

SCENARIO = Scenario(
    name="directory-text",
    path="/support/?q=hulp&town=Tilburg&page=2",
    target_ratio=3.0,
    max_queries=12,
    description="free-text search 'hulp' in Tilburg, second page (never cached)",
)
