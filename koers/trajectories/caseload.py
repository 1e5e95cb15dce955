"""Finding a client and the compact client list: search, filters and sorting.

**Search decrypts only the caller's caseload; there is no blind index.** Work names are
encrypted at rest, so the database cannot match them. The two ways out are a keyed blind
index (keyed hashes of normalised name fragments stored beside the client) or decrypting
the names the caller may see anyway and matching in Python. We chose the second:

- a search must find *part* of a name ("jas" in "Jasmijn", "mij" too). A blind index of
  whole tokens cannot do that; one of every fragment stores dozens of hashes per person,
  and equal hashes link people across the table (everyone whose name contains "ana"),
  which is exactly what encryption at rest is there to prevent. Decrypting keeps the
  database as it is: no new table of name-derived values to protect, rotate and erase;
- the set searched is small and bounded by the work, not by the database: a professional's
  own and shared files (tens), a coordinator's organisation (hundreds). The filters (phase,
  status, overdue, aftercare level, contact person) are applied by the database first, so
  only the names of matching files are decrypted, one indexed query, at 600 or 600,000
  clients alike;
- nothing outside the caller's visibility is ever decrypted, and every search is
  audit-logged like the list itself.

The cost grows with the size of one organisation's caseload (about 30 µs per name), which
is why search and the sort by name are the only paths that read every visible name; the
default list (by next contact) reads one page.

Matching ignores case and accents ("josé" finds "Jose", "ÉLODIE" finds "elodie") and
accepts the file's reference (the number shown as "File no." on the client page, with or
without "#").
"""

import unicodedata
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, QuerySet, Window
from django.utils import timezone

from koers.accounts.models import Role
from koers.converters import parse_id

from .models import Trajectory
from .selectors import _own_or_shared
from .vocabulary import AftercareLevel, Phase, SexWorkStatus

PAGE_SIZE = 30
SORTS = ("next", "name", "last", "phase")
COLUMNS = (
    "client_id",
    "client__work_name",
    "phase",
    "sex_work_status",
    "last_contact_on",
    "next_contact_on",
    "aftercare_level",
    "is_sealed",
    "contact_person_id",
    "contact_person__username",
)


def normalise(text: str) -> str:
    """Lower case, accents removed, spaces collapsed: the form names are compared in."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())


@dataclass(frozen=True)
class ListQuery:
    """What the list shows; built from the query string by :func:`from_params`."""

    q: str = ""
    phase: str = ""
    status: str = ""
    overdue: bool = False
    aftercare: str = ""
    person: int | None = None
    sort: str = "next"
    scope: str = "mine"
    closed: bool = False

    @property
    def filtered(self) -> bool:
        return bool(
            self.q
            or self.phase
            or self.status
            or self.overdue
            or self.aftercare
            or self.person is not None
        )


def from_params(params: Any, user: Any) -> ListQuery:
    """A :class:`ListQuery` from GET parameters; unknown values are ignored, never an error."""
    scope = params.get("scope", "mine")
    if scope != "organisation" or not user.has_role(Role.COORDINATOR):
        scope = "mine"
    person = params.get("person", "")
    aftercare = params.get("aftercare", "")
    return ListQuery(
        q=(params.get("q") or "").strip()[:80],
        phase=params.get("phase", "") if params.get("phase") in Phase.values else "",
        status=params.get("status", "") if params.get("status") in SexWorkStatus.values else "",
        overdue=params.get("overdue") == "1",
        aftercare=aftercare if aftercare in (*AftercareLevel.values, "none") else "",
        person=parse_id(person) if scope == "organisation" else None,
        sort=params.get("sort") if params.get("sort") in SORTS else "next",
        scope=scope,
        closed=params.get("closed") == "1",
    )


def _scoped(user: Any, query: ListQuery) -> QuerySet:
    queryset = Trajectory.objects.filter(organisation=user.organisation, is_closed=query.closed)
    if query.scope != "organisation":
        queryset = queryset.filter(_own_or_shared(user))
    if query.phase:
        queryset = queryset.filter(phase=query.phase)
    if query.status:
        queryset = queryset.filter(sex_work_status=query.status)
    if query.overdue:
        queryset = queryset.filter(next_contact_on__lt=timezone.localdate())
    if query.aftercare == "none":
        queryset = queryset.filter(aftercare_level="")
    elif query.aftercare:
        queryset = queryset.filter(aftercare_level=query.aftercare)
    if query.person is not None:
        queryset = queryset.filter(contact_person_id=query.person)
    return queryset


def _reference(text: str) -> int | None:
    value = text.strip().lstrip("#").strip()
    return parse_id(value)


def matches(name: str, client_id: int, q: str) -> bool:
    """Does a client with ``name`` and reference ``client_id`` match the search ``q``?"""
    reference = _reference(q)
    if reference is not None and reference == client_id:
        return True
    wanted = normalise(q)
    return bool(wanted) and wanted in normalise(name)


ORDER = {
    "next": (F("next_contact_on").asc(nulls_last=True), "pk"),
    "last": (F("last_contact_on").desc(nulls_last=True), "pk"),
    "phase": ("phase", F("next_contact_on").asc(nulls_last=True), "pk"),
}


def client_rows(user: Any, query: ListQuery, page: int = 1) -> tuple[list[dict], int]:
    """One page of the list (dicts of ``COLUMNS``) and the total number of rows.

    Without a search and not sorted by name: one query for the page, the total counted in
    the same query. With a search or the sort by name: the filtered caseload's rows in one
    query, names decrypted and matched here (see the module docstring)."""
    queryset = _scoped(user, query)
    start = (max(page, 1) - 1) * PAGE_SIZE
    if not query.q and query.sort != "name":
        rows = list(
            queryset.order_by(*ORDER[query.sort])
            .annotate(total=Window(Count("*")))
            .values(*COLUMNS, "total")[start : start + PAGE_SIZE]
        )
        total = rows[0]["total"] if rows else (queryset.count() if start else 0)
        return rows, total
    rows = list(queryset.order_by(*ORDER["next"]).values(*COLUMNS))
    if query.q:
        rows = [row for row in rows if matches(row["client__work_name"], row["client_id"], query.q)]
    if query.sort == "name":
        rows.sort(key=lambda row: (normalise(row["client__work_name"]), row["client_id"]))
    elif query.sort == "last":
        rows.sort(
            key=lambda row: (
                row["last_contact_on"] is None,
                -(row["last_contact_on"].toordinal() if row["last_contact_on"] else 0),
            )
        )
    elif query.sort == "phase":
        order = list(Phase.values)
        rows.sort(key=lambda row: order.index(row["phase"]) if row["phase"] in order else 99)
    return rows[start : start + PAGE_SIZE], len(rows)
