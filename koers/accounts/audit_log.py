"""The coordinator's view of their organisation's audit entries.

It lives in accounts, not audit: the page needs the access decorators (accounts), and
accounts writes to the audit log (audit), so the view in audit made the two apps a cycle.
The URL keeps its name (``audit:organisation_log``) and its address.
"""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from koers.audit.selectors import entries_for_organisation, object_type_label

from .access import staff_required
from .models import Role

PAGE_SIZE = 50


@staff_required(Role.COORDINATOR)
def organisation_log(request: HttpRequest) -> HttpResponse:
    organisation = request.user.organisation
    page = Paginator(entries_for_organisation(organisation), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [(entry, object_type_label(entry.object_type)) for entry in page]
    return render(
        request,
        "audit/organisation_log.html",
        {"page": page, "rows": rows, "organisation": organisation},
    )
