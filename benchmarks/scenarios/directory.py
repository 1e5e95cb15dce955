"""The public support search: a visitor in Tilburg looking for help with housing.

Issue 3's target: at 10× demo scale (over 6,000 services) the results page's p50 stays
within 3× the bare-view floor, with a fixed number of queries whatever the number of
matches (ranking happens in one SQL query; only one page of services is rendered).

What this row measures, honestly: the first results page of a search that was made
before. First pages are cached per directory version (every write to directory data
changes it, see ``koers/directory/freshness.py``), today's date, language and filters,
so after the harness's first request every measured request is a cache hit — the page
most visitors get, because searches repeat (one town, one or two needs). It still does
the real per-request work: parsing the filters, resolving the town, reading the
directory version, the cache lookup and rendering the search form around the results.

The cost of a search nobody made before (or made before the last edit) is its own row,
``directory-uncached`` (``directory_uncached.py``): the second page of the same
search, which is never cached and does exactly the work a first-time first page does.
The harness requests one fixed URL per scenario, so it cannot measure a mix of hits and
misses in one row; the two rows bound it."""

from benchmarks.scenario import Scenario

SCENARIO = Scenario(
    name="directory-search",
    path="/support/?town=Tilburg&need=housing&need=work_income",
    target_ratio=3.0,
    max_queries=12,
    description="public support search by town and two needs, anonymous visitor, Dutch",
)
