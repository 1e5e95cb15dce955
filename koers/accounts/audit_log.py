"""The coordinator's view of their organisation's audit entries.

It lives in accounts, not audit: the page needs the access decorators (accounts), and
accounts writes to the audit log (audit), so the view in audit made the two apps a cycle.
The URL keeps its name (``audit:organisation_log``) and its address.
"""

from datetime import date

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from koers.audit.selectors import REFUSED_PREFIX, filtered_entries, object_type_label
from koers.converters import parse_id

from .access import staff_required
from .models import Role, User

PAGE_SIZE = 50


def _date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@staff_required(Role.COORDINATOR)
def organisation_log(request: HttpRequest) -> HttpResponse:
    """The organisation's log, filtered by client (file no.), worker, dates, refusals."""
    organisation = request.user.organisation
    params = request.GET
    client = params.get("client", "").strip().lstrip("#")
    workers = list(
        User.objects.filter(membership__organisation=organisation).distinct().order_by("username")
    )
    worker = params.get("worker", "")
    worker_id = parse_id(worker)
    start, end = _date(params.get("start")), _date(params.get("end"))
    entries = filtered_entries(
        organisation,
        client_id=parse_id(client),
        actor_id=worker_id,
        start=start,
        end=end,
        refused_only=params.get("refused") == "1",
    )
    page = Paginator(entries, PAGE_SIZE).get_page(params.get("page"))
    rows = [
        (entry, object_type_label(entry.object_type), entry.detail.startswith(REFUSED_PREFIX))
        for entry in page
    ]
    query = params.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/organisation_log.html",
        {
            "page": page,
            "rows": rows,
            "organisation": organisation,
            "workers": workers,
            "filters": {
                "client": client,
                "worker": worker_id,
                "start": params.get("start", ""),
                "end": params.get("end", ""),
                "refused": params.get("refused") == "1",
            },
            "base_query": query.urlencode(),
        },
    )
