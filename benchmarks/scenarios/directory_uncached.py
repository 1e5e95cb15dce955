"""The public support search when nothing is cached: what a first-time search costs.

Only first result pages are cached (see ``_cache_key`` in ``koers/directory/views.py``),
so page 2 of the search in ``directory.py`` does, on every request, all the work a first
page does the first time anyone asks for it: parsing the filters, resolving the town,
ranking the matches and taking one page of them, rendering the form and ten cards. OFFSET
10 instead of 0 is the only difference. Nothing in the code treats this request
differently from a real visitor's; there is no cache bypass.

Since issue 14 ranking and card data come from the database on every miss (the
per-process in-memory index is gone): the version, one ranked query with its total, one
query for the page's services and six for their cards.

The target is issue 3's bar (3 × the floor) on purpose, so the table says plainly whether
a cache miss meets it. It does not: see ``benchmarks/README.md`` for the figures."""

from benchmarks.scenario import Scenario

SCENARIO = Scenario(
    name="directory-uncached",
    path="/support/?town=Tilburg&need=housing&need=work_income&page=2",
    target_ratio=3.0,
    max_queries=12,
    description="the same search's second page, never cached: the cost of a cache miss",
)
